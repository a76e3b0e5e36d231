import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProxyConfig } from '../../proxy/config.js';
import { GoGateway } from '../../proxy/go/gateway.js';
import { GoClient } from '../../proxy/go/go-client.js';
import { SessionCache } from '../../proxy/go/session-cache.js';
import { defectiveProxy } from './start-defective.js';

const ORIGIN = 'http://go.test';
const session = (id: string) => ({ id, userId: id, createdAt: '2024-01-01T00:00:00Z', expiresAt: '2024-01-01T00:30:00Z', epoch: 1 });
const caller = { sub: 'alice', token: 'tok' };
const list = { method: 'GET' as const, path: '/v1/notes' };

describe('defectiveProxy', () => {
  let agent: MockAgent;
  let client: GoClient;

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    client = new GoClient({ baseUrl: ORIGIN, tenantId: 't', tenantSecret: 's'.repeat(40), timeoutMs: 1000, connections: 1, dispatcher: agent });
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/v1/sync/sessions', method: 'POST' }).reply(201, session('11111111-1111-4111-8111-111111111111')).times(2);
    pool.intercept({ path: '/v1/notes', method: 'GET' }).reply(200, '{"items":[]}').times(2);
  });
  afterEach(() => agent.close());

  const sessions = () => new SessionCache({ renewAfterMs: 1e9, maxEntries: 10, nowMs: Date.now });

  it('newSessionPerCall: every tool call opens a Go sync session (two Go requests per call, upstream behaviour)', async () => {
    const store = defectiveProxy({ newSessionPerCall: true }).seams.sessionStore!(sessions());
    const gateway = new GoGateway(client, store);
    await gateway.call(caller, list);
    await gateway.call(caller, list);
    expect(client.requestCount).toBe(4);
  });

  it('without it, the session is opened once (the control)', async () => {
    const gateway = new GoGateway(client, sessions());
    await gateway.call(caller, list);
    await gateway.call(caller, list);
    expect(client.requestCount).toBe(3);
  });

  it('no fault: no seam is replaced and the configuration is kept; noBodyLimit lifts only the body limit', () => {
    const config = { maxBodyBytes: 1024 } as ProxyConfig;
    expect(defectiveProxy({}).seams).toEqual({});
    expect(defectiveProxy({}).config(config)).toBe(config);
    expect(defectiveProxy({ noBodyLimit: true }).config(config).maxBodyBytes).toBeGreaterThan(100 * 1024 * 1024);
  });
});
