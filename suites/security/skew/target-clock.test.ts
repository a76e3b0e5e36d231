import { describe, expect, it } from 'vitest';
import { combine, fromDateHeader, fromServerTime, intersect, narrow, parseRfc3339Ms } from './target-clock.js';

const T = Date.parse('2026-11-24T01:48:32.000Z');

describe('target clock estimate', () => {
  it('parses RFC 3339 with nanoseconds, trimmed fractions and offsets', () => {
    expect(parseRfc3339Ms('2026-11-24T01:48:32.44484554Z')).toBeCloseTo(T + 444.84554, 5);
    expect(parseRfc3339Ms('2026-11-24T01:48:32Z')).toBe(T);
    expect(parseRfc3339Ms('2026-11-24T02:48:32.5+01:00')).toBe(T + 500);
    expect(parseRfc3339Ms('yesterday')).toBeUndefined();
  });

  it('brackets serverTime with the round trip', () => {
    // server read its clock at T+300 (its time) while the verifier's clock ran from T+100 to T+140
    expect(fromServerTime('2026-11-24T01:48:32.3Z', T + 100, T + 140)).toEqual({ lowMs: 159, highMs: 201 });
  });

  it('brackets a Date header with its whole second (plus a small lag allowance) and the round trip', () => {
    const interval = fromDateHeader('Tue, 24 Nov 2026 01:48:32 GMT', T + 100, T + 140);
    expect(interval).toEqual({ lowMs: -141, highMs: 951 });
    expect(fromDateHeader('2026-11-24', T, T)).toBeUndefined();
  });

  it('narrows samples of one source by intersection, or keeps the narrowest when they contradict', () => {
    expect(narrow([{ lowMs: 0, highMs: 1000 }, { lowMs: 400, highMs: 1400 }])).toEqual({ lowMs: 400, highMs: 1000 });
    expect(narrow([{ lowMs: 0, highMs: 10 }, { lowMs: 500, highMs: 600 }])).toEqual({ lowMs: 0, highMs: 10 });
    expect(narrow([])).toBeUndefined();
    expect(intersect({ lowMs: 0, highMs: 1 }, { lowMs: 2, highMs: 3 })).toBeUndefined();
  });

  it('combines the sources: their overlap when they agree, serverTime when they do not, either alone', () => {
    const server = { lowMs: 180, highMs: 220 };
    expect(combine(server, { lowMs: -100, highMs: 900 })).toMatchObject({ offsetMs: 200, uncertaintyMs: 20, source: 'serverTime+Date', sourcesAgree: true });
    expect(combine(server, { lowMs: 200_000, highMs: 201_000 })).toMatchObject({ offsetMs: 200, uncertaintyMs: 20, source: 'serverTime', sourcesAgree: false });
    expect(combine(undefined, { lowMs: -100, highMs: 900 })).toMatchObject({ offsetMs: 400, uncertaintyMs: 500, source: 'Date', sourcesAgree: undefined });
    expect(combine(undefined, undefined)).toBeUndefined();
  });
});
