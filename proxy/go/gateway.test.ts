import { MockAgent } from 'undici';
import type { MockInterceptor } from 'undici/types/mock-interceptor.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyTenant } from '../../contract/tenant-signature.js';
import { GoGateway, SessionOpenError } from './gateway.js';
import { GoClient, GoUnavailableError } from './go-client.js';
import { SessionCache } from './session-cache.js';

const ORIGIN = 'http://go.test';
const TENANT_SECRET = 's'.repeat(40);

function sessionBody(id: string, epoch = 1) {
  return {
    id,
    userId: '0f8e9a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b',
    createdAt: '2024-01-01T00:00:00.123456789Z',
    expiresAt: '2024-01-01T00:30:00.123456789Z',
    epoch,
  };
}
const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';

type Seen = { path: string; method: string; headers: Record<string, string> };

describe('GoGateway', () => {
  let agent: MockAgent;
  let seen: Seen[];
  let now: number;
  let gateway: GoGateway;
  let client: GoClient;

  const record = (opts: MockInterceptor.MockResponseCallbackOptions) => {
    seen.push({ path: opts.path, method: opts.method, headers: opts.headers as Record<string, string> });
  };
  const pool = () => agent.get(ORIGIN);
  const replySession = (id: string, epoch = 1) =>
    pool()
      .intercept({ path: '/v1/sync/sessions', method: 'POST' })
      .reply((opts) => {
        record(opts);
        return { statusCode: 201, data: JSON.stringify(sessionBody(id, epoch)), responseOptions: { headers: { 'x-sync-epoch': String(epoch) } } };
      });
  const replyNotes = (status: number, headers: Record<string, string> = {}, body = '{"items":[]}') =>
    pool()
      .intercept({ path: (p) => p.startsWith('/v1/notes'), method: 'GET' })
      .reply((opts) => {
        record(opts);
        return { statusCode: status, data: body, responseOptions: { headers } };
      });

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    seen = [];
    now = 1_700_000_000_000;
    client = new GoClient({ baseUrl: ORIGIN, tenantId: 'acme', tenantSecret: TENANT_SECRET, timeoutMs: 1000, connections: 4, dispatcher: agent });
    gateway = new GoGateway(client, new SessionCache({ renewAfterMs: 25 * 60_000, maxEntries: 100, nowMs: () => now }));
  });
  afterEach(() => agent.close());

  const caller = { sub: 'alice', token: 'token-of-alice' };
  const list = { method: 'GET' as const, path: '/v1/notes', query: { limit: '100' } };

  it('opens one session, then makes exactly one Go request per call', async () => {
    replySession(S1);
    replyNotes(200);
    replyNotes(200);
    replyNotes(200);
    for (let i = 0; i < 3; i++) expect((await gateway.call(caller, list)).status).toBe(200);
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'POST /v1/sync/sessions',
      'GET /v1/notes?limit=100',
      'GET /v1/notes?limit=100',
      'GET /v1/notes?limit=100',
    ]);
    expect(client.requestCount).toBe(4);
  });

  it("forwards the caller's own token, the session and epoch, and freshly signed tenant headers", async () => {
    replySession(S1, 3);
    replyNotes(200);
    await gateway.call(caller, list);
    const main = seen[1]!.headers;
    expect(main.authorization).toBe('Bearer token-of-alice');
    expect(main['X-Sync-Session']).toBe(S1);
    expect(main['X-Sync-Epoch']).toBe('3');
    const verdict = verifyTenant(
      { tenantId: main['X-TB-Tenant-ID'], timestamp: main['X-TB-Timestamp'], signature: main['X-TB-Signature'] },
      TENANT_SECRET,
    );
    expect(verdict).toEqual({ ok: true });
    expect(seen[0]!.headers['X-TB-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps one session per subject and opens a separate one for another subject', async () => {
    replySession(S1);
    replySession(S2);
    replyNotes(200);
    replyNotes(200);
    replyNotes(200);
    await gateway.call(caller, list);
    await gateway.call({ sub: 'bob', token: 'token-of-bob' }, list);
    await gateway.call(caller, list);
    expect(seen.filter((s) => s.path === '/v1/sync/sessions')).toHaveLength(2);
    expect(seen[4]!.headers['X-Sync-Session']).toBe(S1);
  });

  it('shares one session request between concurrent first calls', async () => {
    replySession(S1);
    for (let i = 0; i < 5; i++) replyNotes(200);
    await Promise.all(Array.from({ length: 5 }, () => gateway.call(caller, list)));
    expect(seen.filter((s) => s.path === '/v1/sync/sessions')).toHaveLength(1);
  });

  it('renews the session before Go expires it', async () => {
    replySession(S1);
    replyNotes(200);
    replySession(S2);
    replyNotes(200);
    await gateway.call(caller, list);
    now += 26 * 60_000;
    await gateway.call(caller, list);
    expect(seen[3]!.headers['X-Sync-Session']).toBe(S2);
  });

  it('on 428 opens a new session and retries exactly once', async () => {
    replySession(S1);
    replyNotes(428);
    replySession(S2);
    replyNotes(200);
    const response = await gateway.call(caller, list);
    expect(response.status).toBe(200);
    expect(seen.map((s) => s.headers['X-Sync-Session'] ?? 'open')).toEqual(['open', S1, 'open', S2]);
  });

  it('does not retry a second time when the retry also gets 428', async () => {
    replySession(S1);
    replyNotes(428);
    replySession(S2);
    replyNotes(428);
    const response = await gateway.call(caller, list);
    expect(response.status).toBe(428);
    expect(seen).toHaveLength(4);
  });

  it("on 409 adopts Go's epoch and retries once on the same session", async () => {
    replySession(S1, 1);
    replyNotes(409, { 'x-sync-epoch': '4' }, '{"error":"epoch_mismatch","epoch":4,"correlation_id":""}');
    replyNotes(200);
    replyNotes(200);
    expect((await gateway.call(caller, list)).status).toBe(200);
    expect(seen[2]!.headers['X-Sync-Epoch']).toBe('4');
    await gateway.call(caller, list);
    expect(seen[3]!.headers['X-Sync-Epoch']).toBe('4'); // cached
    expect(seen.filter((s) => s.path === '/v1/sync/sessions')).toHaveLength(1);
  });

  it('reports a refused session with Go\'s answer', async () => {
    pool().intercept({ path: '/v1/sync/sessions', method: 'POST' }).reply(401, 'unauthorized\n');
    const error = await gateway.call(caller, list).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionOpenError);
    expect((error as SessionOpenError).response.status).toBe(401);
  });

  it('classifies connection failures without leaking the URL', async () => {
    pool().intercept({ path: '/v1/sync/sessions', method: 'POST' }).replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const error = await gateway.call(caller, list).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoUnavailableError);
    expect((error as GoUnavailableError).kind).toBe('connection');
    expect((error as Error).message).not.toContain('go.test');
  });

  it('turns a slow answer into a timeout', async () => {
    replySession(S1);
    pool().intercept({ path: (p) => p.startsWith('/v1/notes'), method: 'GET' }).reply(200, '{}').delay(1500);
    const error = await gateway.call(caller, list).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoUnavailableError);
    expect((error as GoUnavailableError).kind).toBe('timeout');
  });
});
