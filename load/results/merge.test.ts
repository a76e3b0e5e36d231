import { describe, expect, test } from 'vitest';
import { distributionOf, encodeHistogram, newHistogram, recordMs } from './histogram.js';
import { mergeParts } from './merge.js';
import { PART_FORMAT, parsePart, type LoadPart } from './part.js';
import { judge, type Counters, type RunShape } from './tally.js';

/** A deterministic pseudo-random latency, ms: mostly fast, a slow tail. */
function latencies(n: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const u = x / 2 ** 31;
    return u < 0.9 ? 2 + u * 20 : 50 + u * 400;
  });
}

const SHAPE: RunShape = { scenario: 'mcp', engine: 'builtin', mode: 'open', vus: 50, durationS: 30, arrivalRatePerS: 150 };

function counters(calls: number, errors = 0, dropped = 0): Counters {
  return { calls, errors, httpRequests: calls + 10, httpFailures: errors, checksPassed: 3 * calls - errors, checksFailed: errors, droppedIterations: dropped };
}

function partOf(samples: readonly number[], index: number, count: number, c: Counters = counters(samples.length)): LoadPart {
  const histogram = newHistogram();
  for (const ms of samples) recordMs(histogram, ms);
  return { format: PART_FORMAT, version: 1, shape: SHAPE, shard: { index, count }, counters: c, histogram: encodeHistogram(histogram) };
}

describe('merging shards', () => {
  const samples = latencies(9_000, 7);
  const all = newHistogram();
  for (const ms of samples) recordMs(all, ms);

  test('merged percentiles are exactly those of one run over the same samples, and the thresholds are judged on them', () => {
    // uneven shards: the first has most of the slow tail
    const sorted = [...samples].sort((a, b) => b - a);
    const shards = [sorted.slice(0, 2_000), sorted.slice(2_000, 5_500), sorted.slice(5_500)];
    const merged = mergeParts(shards.map((s, i) => partOf(s, i + 1, 3)));
    expect(merged.latency).toEqual(distributionOf(all));
    const single = judge(SHAPE, counters(samples.length), all);
    expect(merged.summary).toEqual({ ...single.summary, shards: 3 });
    expect(merged.thresholds).toEqual(single.thresholds);
    // the shard that holds the tail breaches p95 on its own; the run as a whole does not
    expect(judge(SHAPE, counters(2_000), newHistogramOf(shards[0]!)).thresholds[0]!.ok).toBe(false);
    expect(merged.thresholds[0]).toMatchObject({ name: 'call_duration p(95)<200', ok: merged.latency.p95Ms < 200 });
  });

  test('counters are added: errors and drops anywhere count for the whole run', () => {
    const merged = mergeParts([partOf(samples.slice(0, 100), 1, 2, counters(100, 2)), partOf(samples.slice(100, 300), 2, 2, counters(200, 0, 3))]);
    expect(merged.summary).toMatchObject({ requests: 300, errors: 2, droppedIterations: 3, arrivalRatePerS: 150, vus: 50, shards: 2 });
    expect(merged.thresholds.find((t) => t.name === 'dropped_iterations count<1')).toMatchObject({ ok: false, actual: 3 });
  });

  test('refuses an incomplete, doubled or mixed set of shards, saying which', () => {
    const a = partOf([1, 2], 1, 3);
    const b = partOf([3], 2, 3);
    const c = partOf([4], 3, 3);
    expect(() => mergeParts([a, b], ['a.json', 'b.json'])).toThrow(/shards 3\/3 missing/);
    expect(() => mergeParts([a, b, b], ['a.json', 'b.json', 'b2.json'])).toThrow(/shard 2\/3 twice: b.json and b2.json/);
    expect(() => mergeParts([a, b, { ...c, shape: { ...SHAPE, arrivalRatePerS: 100 } }], ['a', 'b', 'c'])).toThrow(/c is from another run shape/);
    expect(() => mergeParts([a, b, partOf([4], 3, 4)], ['a', 'b', 'c'])).toThrow(/c is shard 3\/4, the others are of 3/);
    expect(() => mergeParts([])).toThrow(/nothing to merge/);
  });

  test('a part file is validated field by field', () => {
    expect(() => parsePart({ format: PART_FORMAT, version: 2 }, 'x.json')).toThrow(/x.json: version: version 1/);
    expect(() => parsePart({ ...partOf([1], 1, 1), counters: { calls: -1 } }, 'y.json')).toThrow(/y.json: counters.calls/);
    expect(() => parsePart({ hello: 1 }, 'z.json')).toThrow(/z.json: format: is not a toolbridge-load-part file/);
  });
});

function newHistogramOf(samples: readonly number[]) {
  const histogram = newHistogram();
  for (const ms of samples) recordMs(histogram, ms);
  return histogram;
}
