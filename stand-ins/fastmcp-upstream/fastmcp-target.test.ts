/**
 * The upstream-style FastMCP target (a real FastMCP server from PyPI, over HTTP+SSE): its tool surface comes from
 * the entity table, and it behaves as contract §15 says the upstream proxy does, defects included. Checked by hand
 * against the upstream proxy itself (same tools/list schemas, same answers and errors over 27 calls).
 * Needs Python 3.11 with venv: skipped with the install hint when missing, except under CI.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES } from '../../contract/entities.js';
import { detectMcpEndpoint } from '../../framework/clients/mcp-transport.js';
import { optionalRequirement } from '../../framework/testing/optional.js';
import type { GoApiServer } from '../go-api/server.js';
import { startTestGoApi, TEST_JWT_SECRET, TEST_TENANT_SECRET } from '../go-api/testing/harness.js';
import { mintHs256, uniqueSub } from '../identities/tokens.js';
import { PYTHON_INSTALL_HINT, pythonAvailable } from './python-env.js';
import { startFastMcpTarget, type FastMcpTarget } from './start.js';

const missing = optionalRequirement(pythonAvailable(), 'Python 3.11 with venv', PYTHON_INSTALL_HINT);

interface Outcome {
  readonly isError: boolean;
  readonly text: string;
  readonly json: Record<string, unknown> | undefined;
}

describe.skipIf(missing !== undefined)(`the upstream-style FastMCP target${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let goApi: GoApiServer;
  let target: FastMcpTarget;
  const clients: Client[] = [];

  beforeAll(async () => {
    goApi = await startTestGoApi({ backend: 'pglite', env: { ENV: '', TENANT_HEADER_SECRET: TEST_TENANT_SECRET } });
    target = await startFastMcpTarget({ goApiUrl: goApi.url, tenantId: 'fixture-tenant', tenantSecret: TEST_TENANT_SECRET });
  }, 300_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await target?.close();
    await goApi?.close();
  });

  async function connect(token?: string): Promise<Client> {
    const client = new Client({ name: 'fixture-test', version: '1' });
    await client.connect(new SSEClientTransport(new URL(target.sseUrl), token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : {}));
    clients.push(client);
    return client;
  }

  async function call(client: Client, name: string, args: Record<string, unknown>): Promise<Outcome> {
    const result = await client.callTool({ name, arguments: args });
    const text = (result.content as { text?: string }[]).map((c) => c.text ?? '').join('');
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    return { isError: result.isError === true, text, json };
  }

  const user = async () => connect(await mintHs256(TEST_JWT_SECRET, { sub: uniqueSub('fixture') }));

  it('speaks only the legacy HTTP+SSE transport, as the MCP specification’s fallback finds it', async () => {
    const detection = await detectMcpEndpoint({ choice: 'auto', mcpUrl: `${target.url}/mcp`, sseUrl: target.sseUrl, token: 't', timeoutMs: 10_000 });
    expect(detection.endpoint).toEqual({ transport: 'sse', url: target.sseUrl });
    expect(detection.attempts.map((a) => a.transport)).toEqual(['http', 'sse', 'sse']);
    expect((await fetch(`${target.url}/`)).status).toBe(404);
  });

  it('lists 41 tools: the eight operations of every entity, with the upstream parameter names, and health_check', async () => {
    const tools = await (await connect()).listTools();
    const expected = ENTITIES.flatMap((e) =>
      [`list_${e.toolPlural}`, ...['get', 'create', 'update', 'patch', 'delete', 'archive', 'process'].map((op) => `${op}_${e.toolSingular}`)],
    );
    expect(tools.tools.map((t) => t.name)).toEqual([...expected, 'health_check']);
    const createComment = tools.tools.find((t) => t.name === 'create_comment')!;
    expect(Object.keys(createComment.inputSchema.properties ?? {})).toEqual(['content', 'parent_type', 'parent_uid', 'author', 'tags', 'additional_fields']);
    expect(tools.tools.find((t) => t.name === 'list_notes')!.inputSchema.properties).toMatchObject({ limit: { default: 100, minimum: 1, maximum: 1000 } });
  });

  it('creates, reads and changes items in the Go API for the caller', async () => {
    const client = await user();
    const note = await call(client, 'create_note', { title: 't', content: 'c', tags: ['x'] });
    expect(note.isError).toBe(false);
    expect(note.json).toMatchObject({ version: 1, deletedAt: null, payload: { title: 't', content: 'c', tags: ['x'] } });
    const uid = String(note.json!.uid);
    expect((await call(client, 'process_note', { uid, action: 'pin' })).json).toMatchObject({ version: 2, payload: { pinned: true } });
    const page = await call(client, 'list_notes', { limit: 1 });
    expect(page.json).toMatchObject({ items: [{ uid }] });
  });

  it('reports an error for every delete although the item is gone', async () => {
    const client = await user();
    const uid = String((await call(client, 'create_chat', { title: 'c' })).json!.uid);
    const deleted = await call(client, 'delete_chat', { uid });
    expect(deleted.isError).toBe(true);
    expect(deleted.text).toMatch(/validation error for Chat\s+payload\s+Field required/);
    const after = await call(client, 'get_chat', { uid });
    expect(after.text).toContain("Client error '410 Gone'");
  });

  it('fails update_comment and update_chat_message: a full replace drops the parent link (Go answers 500)', async () => {
    const client = await user();
    const note = String((await call(client, 'create_note', { title: 't', content: 'c' })).json!.uid);
    const comment = String((await call(client, 'create_comment', { content: 'x', parent_type: 'note', parent_uid: note })).json!.uid);
    expect((await call(client, 'update_comment', { uid: comment, content: 'y' })).text).toContain("Server error '500 Internal Server Error'");
    const chat = String((await call(client, 'create_chat', { title: 'c' })).json!.uid);
    const message = String((await call(client, 'create_chat_message', { chat_uid: chat, content: 'm' })).json!.uid);
    expect((await call(client, 'update_chat_message', { uid: message, content: 'n' })).text).toContain("Server error '500 Internal Server Error'");
  });

  it('needs no token to be called, decodes a forged one without verifying it, and loses Go’s error body', async () => {
    const anonymous = await call(await connect(), 'list_notes', {});
    expect(anonymous).toMatchObject({ isError: true });
    expect(anonymous.text).toContain('Missing Authorization header');
    const forgedToken = await mintHs256('not-the-secret-anyone-configured', { sub: uniqueSub('forged') });
    const forged = await call(await connect(forgedToken), 'list_notes', {});
    // the proxy let it through to Go, which refused the session: only httpx's text is left
    expect(forged.text).toContain("Session creation failed: Client error '401 Unauthorized'");
    expect(forged.text).not.toContain('correlation_id');
  });

  it('pastes uids into the URL: a path reaches another Go route', async () => {
    const escaped = await call(await user(), 'get_note', { uid: '../sync/wipe' });
    expect(escaped.text).toContain("Client error '405 Method Not Allowed' for url");
    expect(escaped.text).toContain('/v1/sync/wipe');
  });

  it('discloses the tenant id and the internal Go URL through health_check', async () => {
    const health = await call(await connect(), 'health_check', {});
    expect(health.json).toEqual({ status: 'healthy', tenant_id: 'fixture-tenant', go_api_base_url: goApi.url });
  });
});
