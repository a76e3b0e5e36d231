/**
 * Did an answer carry an MCP (JSON-RPC) result? Reads a JSON body, a batch, or the `data:` lines of an SSE stream,
 * so a server that answers in either Streamable HTTP form is recognised.
 */

interface JsonRpcResult {
  readonly jsonrpc: '2.0';
  readonly result: unknown;
}

const isResult = (value: unknown): value is JsonRpcResult =>
  typeof value === 'object' && value !== null && (value as { jsonrpc?: unknown }).jsonrpc === '2.0' && 'result' in value;

function parse(text: string): unknown[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [value];
  } catch {
    return [];
  }
}

export function mcpResultIn(body: string): JsonRpcResult | undefined {
  const candidates = [
    ...parse(body),
    ...body
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .flatMap((line) => parse(line.slice(5).trim())),
  ];
  return candidates.find(isResult);
}
