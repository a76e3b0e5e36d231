/**
 * A scripted MCP endpoint for testing the load engine's scheduling (tests only): it answers initialize and every
 * workflow tool call with a well-formed result after `delayMs(n)` (n: the tool call's 0-based number), and counts
 * what it was sent. Scheduling is what these tests prove; the real proxy is exercised by the engine's other tests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedMcp {
  readonly url: string;
  readonly toolCalls: () => number;
  readonly initializes: () => number;
  close(): Promise<void>;
}

function toolResult(name: string, n: number): Record<string, unknown> {
  const item = { uid: `item-${n}`, version: 1, payload: {} };
  if (name.startsWith('list_')) return { items: [] };
  if (name.startsWith('delete_')) return { ...item, deletedAt: new Date(0).toISOString() };
  return item;
}

export async function startScriptedMcp(delayMs: (n: number) => number = () => 0): Promise<ScriptedMcp> {
  let toolCalls = 0;
  let initializes = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const message = JSON.parse(body) as { id?: number; method: string; params?: { name?: string } };
      if (message.id === undefined) {
        res.writeHead(202).end();
        return;
      }
      const answer = (result: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
      };
      if (message.method === 'initialize') {
        initializes++;
        answer({ protocolVersion: '2025-06-18', capabilities: {}, serverInfo: { name: 'scripted', version: '0' } });
        return;
      }
      const n = toolCalls++;
      const structuredContent = toolResult(message.params?.name ?? '', n);
      setTimeout(() => answer({ content: [{ type: 'text', text: JSON.stringify(structuredContent) }], structuredContent }), delayMs(n));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    toolCalls: () => toolCalls,
    initializes: () => initializes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
