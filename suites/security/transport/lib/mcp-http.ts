/**
 * Raw MCP for probes the SDK client cannot send. `mcpCall` speaks the transport detected for the run (Streamable
 * HTTP or HTTP+SSE, see verify/clients/mcp-raw.ts); `mcpPost` is one JSON-RPC POST to the Streamable HTTP endpoint,
 * for the checks about that transport (Origin, protocol version header, body limit, batches: `transports: ['http']`).
 */
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { initializeRequest, listsTools, rpc, rpcMessage } from '../../../../framework/clients/mcp-raw.js';
import type { Dispatcher } from 'undici';
import type { CheckContext } from '../../../../framework/checks/context.js';
import type { HttpExchange } from '../../../../framework/clients/http.js';
import { snippet } from '../../../shared/text.js';

export { initializeRequest, LATEST_PROTOCOL_VERSION, listsTools, rpc, rpcMessage };

export interface McpPost {
  readonly body: unknown;
  /** the bearer token; null sends no Authorization header */
  readonly token: string | null;
  readonly headers?: Readonly<Record<string, string>>;
  readonly label: string;
  readonly timeoutMs?: number;
  readonly dispatcher?: Dispatcher;
}

export function mcpPost(ctx: CheckContext, post: McpPost): Promise<HttpExchange> {
  return ctx.http({
    method: 'POST',
    url: ctx.target.mcpUrl,
    headers: {
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
      ...(post.token !== null ? { authorization: `Bearer ${post.token}` } : {}),
      ...post.headers,
    },
    body: typeof post.body === 'string' ? post.body : JSON.stringify(post.body),
    label: post.label,
    ...(post.timeoutMs !== undefined ? { timeoutMs: post.timeoutMs } : {}),
    ...(post.dispatcher ? { dispatcher: post.dispatcher } : {}),
  });
}

export interface McpCall {
  readonly body: Record<string, unknown>;
  /** the bearer token; null sends no Authorization header */
  readonly token: string | null;
  readonly headers?: Readonly<Record<string, string>>;
  readonly label: string;
  readonly timeoutMs?: number;
}

/** One JSON-RPC request over the run's transport (a POST, or the SSE stream's handshake and message). */
export function mcpCall(ctx: CheckContext, call: McpCall): Promise<HttpExchange> {
  return ctx.mcpRequest({
    message: call.body,
    headers: { ...(call.token !== null ? { authorization: `Bearer ${call.token}` } : {}), ...call.headers },
    label: call.label,
    ...(call.timeoutMs !== undefined ? { timeoutMs: call.timeoutMs } : {}),
  });
}

/** A token the target accepts, registered for redaction (the user is cleaned up with the check). */
export async function validToken(ctx: CheckContext, label: string): Promise<string> {
  return (await ctx.user(label)).token;
}

/** A token the target accepts, after the valid control: tools/list with it lists tools (else the check is untestable). */
export async function controlledToken(ctx: CheckContext, label: string): Promise<string> {
  const token = await validToken(ctx, label);
  await requireToolsList(ctx, token, 'control: tools/list with a valid token');
  return token;
}

/** The valid control: tools/list with a good token (and optional headers) must list tools, else the probes prove nothing. */
export async function requireToolsList(ctx: CheckContext, token: string, label: string, headers: Readonly<Record<string, string>> = {}): Promise<void> {
  const response = await mcpCall(ctx, { body: rpc('tools/list'), token, headers, label });
  if (!listsTools(response)) ctx.skip(`untestable: the valid control (${label}) answered ${response.status} ${snippet(response.text)}`);
}
