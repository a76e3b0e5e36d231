import { describe, expect, it } from 'vitest';
import { VerifiedTokenCache } from './verified-token-cache.js';

const T0 = 1_700_000_000_000;

function cache(options: { maxEntries?: number; maxAgeMs?: number } = {}) {
  let clock = T0;
  const verified = new VerifiedTokenCache({ maxEntries: options.maxEntries ?? 10, maxAgeMs: options.maxAgeMs ?? 60_000, clockToleranceS: 5, now: () => clock });
  return { verified, advance: (ms: number) => (clock += ms) };
}

describe('VerifiedTokenCache', () => {
  const exp = T0 / 1000 + 10;

  it('returns the claims of the identical token only', () => {
    const { verified } = cache();
    verified.set('a.b.c', { sub: 'alice', exp });
    expect(verified.get('a.b.c')).toEqual({ sub: 'alice', exp });
    expect(verified.get('a.b.d')).toBeUndefined();
  });

  it('judges exp as jose does: valid while exp > now - tolerance, in whole seconds', () => {
    const { verified, advance } = cache();
    verified.set('t', { sub: 'a', exp });
    advance(14_999);
    expect(verified.get('t')).toBeDefined();
    advance(1);
    expect(verified.get('t')).toBeUndefined();
  });

  it('forgets an entry after maxAgeMs even when the token is still valid', () => {
    const { verified, advance } = cache({ maxAgeMs: 1000 });
    verified.set('t', { sub: 'a', exp: exp + 3600 });
    advance(999);
    expect(verified.get('t')).toBeDefined();
    advance(1);
    expect(verified.get('t')).toBeUndefined();
    expect(verified.size).toBe(0);
  });

  it('keeps nothing without a numeric exp', () => {
    const { verified } = cache();
    verified.set('t', { sub: 'a' });
    expect(verified.get('t')).toBeUndefined();
  });

  it('holds at most maxEntries, dropping the oldest', () => {
    const { verified } = cache({ maxEntries: 2 });
    verified.set('1', { sub: 'a', exp });
    verified.set('2', { sub: 'b', exp });
    verified.set('3', { sub: 'c', exp });
    expect(verified.size).toBe(2);
    expect(verified.get('1')).toBeUndefined();
    expect(verified.get('3')).toBeDefined();
  });
});
