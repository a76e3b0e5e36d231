import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evidence } from '../model/types.js';
import { Redactor } from '../evidence/redact.js';
import type { Recorder } from './http.js';
import { mcpRawRequest, openSseStream } from './mcp-raw.js';

const TOKEN = 'good-token-0123456789abcdef';

/**
 * An HTTP+SSE MCP server of the TypeScript SDK (`sessionId` in the message URL), which refuses a missing or wrong
 * bearer token with 401 on the stream, and on the message endpoint as well.
 */
async function sseServer(): Promise<{ url: string; close(): Promise<void> }> {
  const transports = new Map<string, SSEServerTransport>();
  const authorized = (req: IncomingMessage) => req.headers.authorization === `Bearer ${TOKEN}`;
  const refuse = (res: ServerResponse) => res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end('unauthorized');
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sse');
    if (req.method === 'GET' && url.pathname === '/sse') {
      if (!authorized(req)) return refuse(res);
      const transport = new SSEServerTransport('/messages', res);
      transports.set(transport.sessionId, transport);
      res.on('close', () => transports.delete(transport.sessionId));
      const mcp = new McpServer({ name: 'sse-test', version: '1.0.0' });
      mcp.registerTool('ping_tool', { description: 'answers pong' }, async () => ({ content: [{ type: 'text', text: 'pong' }] }));
      void mcp.connect(transport);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/messages') {
      if (!authorized(req)) return refuse(res);
      const transport = transports.get(url.searchParams.get('sessionId') ?? '');
      if (!transport) return res.writeHead(404).end('unknown session');
      void transport.handlePostMessage(req, res);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sse`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function recorder(): Recorder & { readonly evidence: Evidence[] } {
  const evidence: Evidence[] = [];
  return { redactor: new Redactor().add(TOKEN), evidence, record: (e) => evidence.push(e) };
}

describe('a raw JSON-RPC request over HTTP+SSE', () => {
  let target: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    target = await sseServer();
  });
  afterAll(() => target.close());

  const toolsList = { jsonrpc: '2.0', id: 7, method: 'tools/list' };

  it('opens the stream, initializes, and returns the answer from the stream with the POST status', async () => {
    const rec = recorder();
    const answer = await mcpRawRequest(rec, { transport: 'sse', url: target.url }, { message: toolsList, headers: { authorization: `Bearer ${TOKEN}` }, label: 'probe' });
    expect(answer.status).toBe(202);
    expect(answer.json<{ id: number; result: { tools: { name: string }[] } }>()).toMatchObject({ id: 7, result: { tools: [{ name: 'ping_tool' }] } });
    // the stream, initialize, initialized, the request, and the answer read from the stream
    expect(rec.evidence.map((e) => (e.kind === 'http' ? `${e.request.method} ${e.response?.status}` : e.kind))).toEqual(['GET 200', 'POST 202', 'POST 202', 'POST 202', 'note']);
    expect(JSON.stringify(rec.evidence)).not.toContain(TOKEN);
  });

  it('returns the refusal of the stream itself, as it was answered', async () => {
    const answer = await mcpRawRequest(recorder(), { transport: 'sse', url: target.url }, { message: toolsList, label: 'no token' });
    expect(answer.status).toBe(401);
    expect(answer.header('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('names the message endpoint of a live stream, which refuses ids of closed streams', async () => {
    const rec = recorder();
    const stream = await openSseStream(rec, target.url, { authorization: `Bearer ${TOKEN}` }, 'stream');
    if (!('messageUrl' in stream)) throw new Error(`no stream: ${stream.status}`);
    expect(stream.messageUrl).toMatch(new RegExp(`^${target.url.replace('/sse', '')}/messages\\?sessionId=[0-9a-f-]{36}$`));
    stream.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const late = await fetch(stream.messageUrl, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(toolsList) });
    expect(late.status).toBe(404);
  });
});
