import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoCall, GoResponse } from '../go/go-client.js';
import type { Caller, GoGateway } from '../go/gateway.js';
import { createToolRouter } from '../tools/execute.js';
import { createMcpEndpoint, type McpHandler } from './mcp-endpoint.js';

const UID = '0f8e9a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b';
const MISSING = '11111111-1111-4111-8111-111111111111';
const item = { uid: UID, version: 2, updatedAt: '2024-01-01T00:00:00.5Z', payload: { title: 't', content: 'c', uid: UID } };

/** A Go API that knows one note. */
const gateway = {
  async call(_caller: Caller, call: GoCall): Promise<GoResponse> {
    const json = (status: number, body: unknown): GoResponse => ({ status, headers: { 'x-correlation-id': 'corr-1' }, text: `${JSON.stringify(body)}\n` });
    if (call.path === `/v1/notes/${UID}`) return json(200, item);
    if (call.path === '/v1/notes') return json(200, { items: [item], nextCursor: 'c1' });
    return json(404, { error: 'note not found', correlation_id: 'corr-1' });
  },
};

async function serve(handler: McpHandler): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    handler(req, res, { sub: 'alice', token: 'tok' }).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, server };
}

const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: unknown;
}

async function post(url: string, body: string, headers: Record<string, string> = HEADERS): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), body: text === '' ? '' : JSON.parse(text) };
}

const rpc = (method: string, params?: unknown, id: unknown = 1) => JSON.stringify({ jsonrpc: '2.0', id, method, ...(params !== undefined ? { params } : {}) });

describe('MCP endpoint: the direct road answers exactly as the SDK transport does', () => {
  let fast: { url: string; server: Server };
  let sdk: { url: string; server: Server };

  beforeAll(async () => {
    const options = {
      router: createToolRouter(gateway as unknown as GoGateway),
      maxBodyBytes: 64 * 1024,
    };
    fast = await serve(createMcpEndpoint(options));
    sdk = await serve(createMcpEndpoint({ ...options, sdkOnly: true }));
  });
  afterAll(async () => {
    await new Promise((resolve) => fast.server.close(resolve));
    await new Promise((resolve) => sdk.server.close(resolve));
  });

  const cases: [string, string, Record<string, string>?][] = [
    ['tools/call, an item', rpc('tools/call', { name: 'get_note', arguments: { uid: UID } })],
    ['tools/call, a list', rpc('tools/call', { name: 'list_notes', arguments: { limit: 5 } }, 'req-7')],
    ['tools/call, a Go error (isError with _meta)', rpc('tools/call', { name: 'get_note', arguments: { uid: MISSING } })],
    ['tools/call, invalid arguments', rpc('tools/call', { name: 'get_note', arguments: { uid: '../sync/wipe' } })],
    ['tools/call without arguments', rpc('tools/call', { name: 'list_notes' })],
    ['tools/call, unknown tool', rpc('tools/call', { name: 'health_check', arguments: {} })],
    ['tools/call, arguments not an object', rpc('tools/call', { name: 'list_notes', arguments: [1] })],
    ['tools/call with _meta', rpc('tools/call', { name: 'list_notes', arguments: {}, _meta: { progressToken: 3 } })],
    ['tools/call, a fractional id', rpc('tools/call', { name: 'list_notes', arguments: {} }, 1.5)],
    ['tools/call, an unknown top-level key', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_notes' }, extra: true })],
    ['tools/list', rpc('tools/list')],
    ['tools/list with empty params', rpc('tools/list', {})],
    ['tools/list with a cursor', rpc('tools/list', { cursor: 'x' })],
    ['initialize', rpc('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } })],
    ['initialize, an unknown revision', rpc('initialize', { protocolVersion: '1999-01-01', capabilities: { roots: {} }, clientInfo: { name: 'c', version: '1' } })],
    ['initialize without clientInfo', rpc('initialize', { protocolVersion: '2025-06-18', capabilities: {} })],
    ['notifications/initialized', JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })],
    ['another notification', JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } })],
    ['ping', rpc('ping')],
    ['a batch', `[${rpc('tools/list')},${rpc('tools/call', { name: 'get_note', arguments: { uid: UID } }, 2)}]`],
    ['an unknown method', rpc('resources/list')],
    ['invalid JSON', '{"jsonrpc":'],
    ['an empty body', ''],
    ['not JSON-RPC', JSON.stringify({ hello: 'world' })],
    ['a BOM before the JSON', `\uFEFF${rpc('tools/list')}`],
    ['a supported MCP-Protocol-Version', rpc('tools/list'), { ...HEADERS, 'mcp-protocol-version': '2025-06-18' }],
    ['an unsupported MCP-Protocol-Version', rpc('tools/list'), { ...HEADERS, 'mcp-protocol-version': '1999-01-01' }],
    ['Accept without text/event-stream', rpc('tools/list'), { ...HEADERS, accept: 'application/json' }],
    ['a text/plain body', rpc('tools/list'), { ...HEADERS, 'content-type': 'text/plain' }],
    ['a JSON content type with charset', rpc('tools/list'), { ...HEADERS, 'content-type': 'application/json; charset=utf-8' }],
    ['an oversized body', rpc('tools/list', { pad: 'x'.repeat(70 * 1024) })],
  ];

  it.each(cases)('%s', async (_name, body, headers) => {
    const [direct, reference] = await Promise.all([post(fast.url, body, headers), post(sdk.url, body, headers)]);
    expect(direct).toEqual(reference);
  });

  it('answers initialize with the negotiated revision and the server info', async () => {
    const answer = await post(fast.url, rpc('initialize', { protocolVersion: '1999-01-01', capabilities: {}, clientInfo: { name: 'c', version: '1' } }));
    expect(answer.body).toMatchObject({ result: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: { tools: { listChanged: false } } } });
  });
});
