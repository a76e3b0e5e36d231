import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { McpSession } from './mcp-session.js';
import { detectMcpEndpoint } from './mcp-transport.js';
import { type McpTransportChoice } from '../model/mcp-endpoint.js';
import type { Recorder } from './http.js';
import { Redactor } from '../evidence/redact.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise((resolve) => s.close(resolve));
    }),
  );
});

function mcpServer(): McpServer {
  const server = new McpServer({ name: 'transport-test', version: '1.0.0' });
  server.registerTool('echo', { inputSchema: { text: z.string() } }, ({ text }) => ({ content: [{ type: 'text', text }] }));
  return server;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The legacy transport as FastMCP serves it: GET /sse, POST /messages/?session_id=…; POST /sse is 405. */
function sseOnly(): Promise<string> {
  const sessions = new Map<string, SSEServerTransport>();
  return listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/sse' && req.method === 'GET') {
      const transport = new SSEServerTransport('/messages/', res);
      sessions.set(transport.sessionId, transport);
      void mcpServer().connect(transport);
      return;
    }
    if (url.pathname === '/messages/' && req.method === 'POST') {
      const transport = sessions.get(url.searchParams.get('sessionId') ?? '');
      if (!transport) return void res.writeHead(404).end('no session');
      return void transport.handlePostMessage(req, res);
    }
    res.writeHead(url.pathname === '/sse' ? 405 : 404).end();
  });
}

/** Streamable HTTP on /mcp (stateless), optionally demanding a different token. */
function streamable(status?: number): Promise<string> {
  return listen((req, res) => {
    if (status) return void res.writeHead(status, { 'WWW-Authenticate': 'Bearer' }).end();
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/mcp') return void res.writeHead(404).end();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    void mcpServer()
      .connect(transport)
      .then(() => transport.handleRequest(req, res));
  });
}

const detect = (base: string, choice: McpTransportChoice) =>
  detectMcpEndpoint({ choice, mcpUrl: `${base}/mcp`, sseUrl: `${base}/sse`, token: 't', timeoutMs: 5_000 });

describe('detectMcpEndpoint', () => {
  it('auto: uses Streamable HTTP when the initialize POST succeeds, in one attempt', async () => {
    const base = await streamable();
    const detection = await detect(base, 'auto');
    expect(detection.endpoint).toEqual({ transport: 'http', url: `${base}/mcp` });
    expect(detection.attempts).toHaveLength(1);
  });

  it('auto: falls back to HTTP+SSE after a 404 on the POST, trying the same URL and then /sse', async () => {
    const base = await sseOnly();
    const detection = await detect(base, 'auto');
    expect(detection.endpoint).toEqual({ transport: 'sse', url: `${base}/sse` });
    expect(detection.attempts.map((a) => `${a.transport} ${a.url.replace(base, '')} ${a.outcome === 'connected' ? 'connected' : 'failed'}`)).toEqual([
      'http /mcp failed',
      'sse /mcp failed',
      'sse /sse connected',
    ]);
  });

  it('auto: does not fall back on a 401 (a Streamable HTTP server refusing the token)', async () => {
    const detection = await detect(await streamable(401), 'auto');
    expect(detection.endpoint).toBeUndefined();
    expect(detection.attempts).toHaveLength(1);
  });

  it('an explicit choice is tried alone', async () => {
    const sse = await sseOnly();
    expect((await detect(sse, 'http')).endpoint).toBeUndefined();
    expect((await detect(sse, 'sse')).endpoint).toEqual({ transport: 'sse', url: `${sse}/sse` });
    const http = await streamable();
    expect((await detect(http, 'sse')).endpoint).toBeUndefined();
  });
});

describe('McpSession over HTTP+SSE', () => {
  it('lists and calls tools through the legacy transport, recording each call', async () => {
    const base = await sseOnly();
    const recorded: unknown[] = [];
    const recorder: Recorder = { redactor: new Redactor(), record: (e) => recorded.push(e) };
    const session = await McpSession.connect({ transport: 'sse', url: `${base}/sse` }, 'token', recorder);
    expect((await session.listTools()).map((t) => t.name)).toEqual(['echo']);
    expect((await session.call('echo', { text: 'over sse' })).text).toBe('over sse');
    expect(recorded).toHaveLength(1);
    await session.close();
  });
});
