import { describe, expect, test } from 'vitest';
import { arrivalCount, arrivalOffsetMs, parseShard, shardArrivals, shardVus } from './schedule.js';

describe('splitting a run into shards', () => {
  test.each([
    [50, 1],
    [50, 4],
    [7, 3],
    [3, 5],
  ])('%i VUs in %i shards: every VU in exactly one shard', (vus, count) => {
    const all = Array.from({ length: count }, (_, i) => shardVus(vus, { index: i + 1, count })).flat();
    expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: vus }, (_, i) => i + 1));
  });

  test.each([
    [150, 30_000, 4],
    [33, 1_000, 3],
    [7.5, 2_000, 2],
  ])('%s/s for %i ms in %i shards: every arrival of the whole run, at its time, in exactly one shard', (rate, durationMs, count) => {
    const whole = [...shardArrivals(rate, durationMs, { index: 1, count: 1 })];
    expect(whole).toHaveLength(arrivalCount(rate, durationMs));
    expect(whole.every((a) => a.atMs === arrivalOffsetMs(a.k, rate) && a.atMs < durationMs)).toBe(true);
    const shards = Array.from({ length: count }, (_, i) => [...shardArrivals(rate, durationMs, { index: i + 1, count })]);
    expect(shards.flat().sort((a, b) => a.k - b.k)).toEqual(whole);
    // each shard keeps the whole run's pace: its arrivals are `count` periods apart
    for (const shard of shards) for (let j = 1; j < shard.length; j++) expect(shard[j]!.atMs - shard[j - 1]!.atMs).toBeCloseTo((count * 1000) / rate, 9);
  });

  test('a shard is i/N with 1 ≤ i ≤ N', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    expect(() => parseShard('0/4')).toThrow(/index must be 1–4/);
    expect(() => parseShard('5/4')).toThrow(/index must be 1–4/);
    expect(() => parseShard('1/0')).toThrow(/count must be 1–1000/);
    expect(() => parseShard('half')).toThrow(/give i\/N/);
  });
});
