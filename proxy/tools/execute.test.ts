import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GoGateway } from '../go/gateway.js';
import { GoClient } from '../go/go-client.js';
import { SessionCache } from '../go/session-cache.js';
import { buildTools, type ToolDef } from './definitions.js';
import { executeTool } from './execute.js';

const ORIGIN = 'http://go.test';
const UID = '0f8e9a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b';
const PARENT = '11111111-1111-4111-8111-111111111111';
const tools = buildTools();
const tool = (name: string): ToolDef => tools.find((t) => t.name === name)!;
const caller = { sub: 'alice', token: 'tok' };

function item(payload: Record<string, unknown>, version = 1) {
  return JSON.stringify({ uid: UID, version, updatedAt: '2024-01-01T00:00:00.5Z', payload });
}

describe('executeTool', () => {
  let agent: MockAgent;
  let client: GoClient;
  let ctx: GoGateway;
  let bodies: unknown[];

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    bodies = [];
    client = new GoClient({ baseUrl: ORIGIN, tenantId: 't', tenantSecret: 's'.repeat(40), timeoutMs: 1000, connections: 1, dispatcher: agent });
    ctx = new GoGateway(client, new SessionCache({ renewAfterMs: 1e9, maxEntries: 10, nowMs: Date.now }));
    agent
      .get(ORIGIN)
      .intercept({ path: '/v1/sync/sessions', method: 'POST' })
      .reply(201, { id: UID, userId: UID, createdAt: '2024-01-01T00:00:00Z', expiresAt: '2024-01-01T00:30:00Z', epoch: 1 });
  });
  afterEach(() => agent.close());

  const replyPut = () =>
    agent
      .get(ORIGIN)
      .intercept({ path: `/v1/comments/${UID}`, method: 'PUT' })
      .reply((opts) => {
        const body = JSON.parse(String(opts.body)) as Record<string, unknown>;
        bodies.push(body);
        return { statusCode: 200, data: item(body, 2) };
      });

  it('update_comment reads the current parent link and keeps it (2 Go requests)', async () => {
    agent.get(ORIGIN).intercept({ path: `/v1/comments/${UID}`, method: 'GET' }).reply(200, item({ content: 'old', parentType: 'note', parentUid: PARENT }));
    replyPut();
    const result = await executeTool(tool('update_comment'), { uid: UID, content: 'new' }, caller, ctx);
    expect(result.isError).toBeUndefined();
    expect(bodies[0]).toEqual({ parentType: 'note', parentUid: PARENT, uid: UID, content: 'new' });
    expect(client.requestCount).toBe(3); // session + GET + PUT
  });

  it('update_comment makes one Go request when the caller supplies the parent keys', async () => {
    replyPut();
    await executeTool(tool('update_comment'), { uid: UID, content: 'new', additional_fields: { parentType: 'task', parentUid: PARENT } }, caller, ctx);
    expect(bodies[0]).toEqual({ uid: UID, content: 'new', parentType: 'task', parentUid: PARENT });
    expect(client.requestCount).toBe(2); // session + PUT
  });

  it('reports the read failure of a carried-over update with the Go status', async () => {
    agent.get(ORIGIN).intercept({ path: `/v1/comments/${UID}`, method: 'GET' }).reply(404, { error: 'comment not found', correlation_id: 'c-1' });
    const result = await executeTool(tool('update_comment'), { uid: UID, content: 'new' }, caller, ctx);
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toBe('update_comment failed: the ToolBridge API answered 404 Not Found: comment not found (correlation id c-1)');
  });

  it('uses the plain-text Go body and the correlation header for text errors', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: '/v1/notes?limit=100', method: 'GET' })
      .reply(401, 'Unauthorized: invalid tenant headers\n', { headers: { 'x-correlation-id': 'hdr-1' } });
    const result = await executeTool(tool('list_notes'), {}, caller, ctx);
    expect(result.content[0]!.text).toBe(
      'list_notes failed: the ToolBridge API answered 401 Unauthorized: Unauthorized: invalid tenant headers (correlation id hdr-1)',
    );
    expect(result._meta).toEqual({ 'toolbridge/go': { status: 401, error: 'Unauthorized: invalid tenant headers', correlationId: 'hdr-1' } });
  });

  it('returns the delete summary', async () => {
    const summary = { uid: UID, version: 2, updatedAt: '2024-01-01T00:00:01Z', deletedAt: '2024-01-01T00:00:01Z' };
    agent.get(ORIGIN).intercept({ path: `/v1/notes/${UID}`, method: 'DELETE' }).reply(200, summary);
    expect((await executeTool(tool('delete_note'), { uid: UID }, caller, ctx)).structuredContent).toEqual(summary);
  });
});
