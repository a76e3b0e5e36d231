/**
 * The two MCP transports a proxy may speak, and how the harness picks one: Streamable HTTP (our proxy, `/mcp`) or
 * the legacy HTTP+SSE transport (the upstream FastMCP proxy, `GET /sse` then POSTs to `/messages/?session_id=…`).
 * `auto` follows the backwards-compatibility procedure of the MCP specification (2025-03-26, "Backwards
 * compatibility"): POST an initialize request to the URL; if that fails with 400, 404 or 405, GET the URL expecting
 * an SSE stream whose first event names the message endpoint.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import type { DetectionAttempt, McpEndpoint, McpServerInfo, McpTransportChoice } from '../model/mcp-endpoint.js';

/** The SDK client transport for an endpoint, sending the bearer token on every request. */
export function clientTransport(endpoint: McpEndpoint, token: string, dispatcher?: Dispatcher): Transport {
  const options = {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
    ...(dispatcher ? { fetch: ((url: string | URL, init?: object) => undiciFetch(url, { ...init, dispatcher })) as unknown as typeof fetch } : {}),
  };
  return endpoint.transport === 'http' ? new StreamableHTTPClientTransport(new URL(endpoint.url), options) : new SSEClientTransport(new URL(endpoint.url), options);
}

export interface Detection {
  readonly endpoint: McpEndpoint | undefined;
  readonly attempts: readonly DetectionAttempt[];
  /** serverInfo of the endpoint connected to */
  readonly server?: McpServerInfo;
}

/** The statuses after which the specification says a client falls back to HTTP+SSE. */
const FALLBACK_STATUSES = new Set([400, 404, 405]);

function describe(error: unknown): { outcome: string; status: number | undefined } {
  const status = error instanceof StreamableHTTPError ? error.code : (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return { outcome: message.slice(0, 200), status: typeof status === 'number' ? status : undefined };
}

async function tryConnect(endpoint: McpEndpoint, token: string, dispatcher: Dispatcher | undefined, timeoutMs: number): Promise<{ ok: true; server: McpServerInfo | undefined } | { ok: false; outcome: string; status: number | undefined }> {
  const client = new Client({ name: 'toolbridge-verify transport probe', version: '0.1.0' });
  try {
    await client.connect(clientTransport(endpoint, token, dispatcher), { timeout: timeoutMs });
    const info = client.getServerVersion();
    return { ok: true, server: info ? { name: info.name, version: info.version } : undefined };
  } catch (error) {
    return { ok: false, ...describe(error) };
  } finally {
    await client.close().catch(() => undefined);
  }
}

export interface DetectOptions {
  readonly choice: McpTransportChoice;
  /** the Streamable HTTP URL (`…/mcp`, or the URL the user named) */
  readonly mcpUrl: string;
  /** the HTTP+SSE URL (`…/sse`, or the URL the user named) */
  readonly sseUrl: string;
  readonly token: string;
  readonly dispatcher?: Dispatcher | undefined;
  readonly timeoutMs: number;
}

/**
 * Finds the transport to use. An explicit choice is tried alone; `auto` tries Streamable HTTP first and falls back
 * to SSE only on 400, 404 or 405 (a 401 or a network error is an answer from a Streamable HTTP server, not a
 * reason to fall back), on the same URL and then on the SSE URL.
 */
export async function detectMcpEndpoint(options: DetectOptions): Promise<Detection> {
  const attempts: DetectionAttempt[] = [];
  const attempt = async (endpoint: McpEndpoint) => {
    const result = await tryConnect(endpoint, options.token, options.dispatcher, options.timeoutMs);
    attempts.push({ ...endpoint, outcome: result.ok ? 'connected' : result.outcome });
    return result;
  };
  const sseCandidates = [...new Set(options.choice === 'sse' ? [options.sseUrl] : [options.mcpUrl, options.sseUrl])];
  if (options.choice !== 'sse') {
    const http = await attempt({ transport: 'http', url: options.mcpUrl });
    if (http.ok) return { endpoint: { transport: 'http', url: options.mcpUrl }, attempts, ...(http.server ? { server: http.server } : {}) };
    if (options.choice === 'http' || http.status === undefined || !FALLBACK_STATUSES.has(http.status)) return { endpoint: undefined, attempts };
  }
  for (const url of sseCandidates) {
    const sse = await attempt({ transport: 'sse', url });
    if (sse.ok) return { endpoint: { transport: 'sse', url }, attempts, ...(sse.server ? { server: sse.server } : {}) };
  }
  return { endpoint: undefined, attempts };
}
