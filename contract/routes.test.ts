import { describe, expect, it } from 'vitest';
import { ROUTES, fillPath } from './routes.js';
import { ENTITIES } from './entities.js';

describe('route table', () => {
  it('has the 57 routes of contract §3, each method+path once', () => {
    expect(ROUTES).toHaveLength(57);
    const keys = new Set(ROUTES.map((r) => `${r.method} ${r.path}`));
    expect(keys.size).toBe(57);
  });

  it('applies middleware exactly as §2/§3 say', () => {
    const find = (method: string, path: string) => ROUTES.find((r) => r.method === method && r.path === path)!;
    expect(find('GET', '/healthz').flags).toEqual({ auth: false, tenant: false, session: false, rateLimit: null, epoch: false });
    expect(find('GET', '/v1/sync/info').flags.auth).toBe(false);
    expect(find('POST', '/v1/sync/sessions').flags).toEqual({ auth: true, tenant: true, session: false, rateLimit: null, epoch: false });
    expect(find('POST', '/v1/sync/chat_messages/push').flags).toEqual({ auth: true, tenant: true, session: true, rateLimit: 'S', epoch: true });
    expect(find('PATCH', '/v1/comments/{uid}').flags).toEqual({ auth: true, tenant: true, session: true, rateLimit: 'R', epoch: true });
    expect(find('POST', '/v1/sync/wipe').flags).toEqual({ auth: true, tenant: true, session: true, rateLimit: null, epoch: false });
    expect(find('GET', '/v1/sync/state').flags.epoch).toBe(false);
  });

  it('has 40 REST routes on bucket R and 10 sync routes on bucket S', () => {
    expect(ROUTES.filter((r) => r.flags.rateLimit === 'R')).toHaveLength(40);
    expect(ROUTES.filter((r) => r.flags.rateLimit === 'S')).toHaveLength(10);
    expect(ROUTES.filter((r) => r.entity === ENTITIES[4])).toHaveLength(10);
  });

  it('fills and escapes path parameters', () => {
    expect(fillPath('/v1/notes/{uid}', { uid: 'a/b' })).toBe('/v1/notes/a%2Fb');
    expect(() => fillPath('/v1/notes/{uid}', {})).toThrow(/missing path parameter uid/);
  });
});
