import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { partFromK6Json } from './k6-json.js';
import { mergeParts } from './merge.js';

const dir = mkdtempSync(join(tmpdir(), 'tb-k6-json-'));
const TAGS = { scenario: 'mcp', tb_mode: 'open', tb_vus: '50', tb_duration_s: '30', tb_rate: '150' };

const point = (metric: string, value: number, tags: Record<string, string> | null = TAGS) =>
  JSON.stringify({ type: 'Point', data: { time: '2026-12-03T07:00:00.000Z', value, tags }, metric });

/** One k6 instance's output: `calls` tool calls of `ms` each, one failed, plus samples that are not the scenario's. */
function instance(calls: number, ms: number): string {
  const lines = [
    JSON.stringify({ type: 'Metric', data: { type: 'trend', contains: 'time', thresholds: ['p(95)<200'], submetrics: null }, metric: 'call_duration' }),
    point('vus', 50, null),
    point('http_req_failed', 0, { scenario: 'setup' }),
  ];
  for (let i = 0; i < calls; i++) {
    const failed = i === 0;
    lines.push(point('http_req_failed', failed ? 1 : 0), point('call_duration', ms), point('calls', 1), point('call_errors', failed ? 1 : 0));
    lines.push(point('checks', failed ? 0 : 1), point('checks', 1), point('checks', 1));
  }
  lines.push(point('dropped_iterations', 2));
  return `${lines.join('\n')}\n`;
}

describe('k6 JSON output as a load part', () => {
  test('plain and gzipped instances merge into one summary, counted sample by sample', async () => {
    const a = join(dir, 'runner-1.json');
    const b = join(dir, 'runner-2.json.gz');
    writeFileSync(a, instance(30, 10));
    writeFileSync(b, gzipSync(instance(10, 300)));
    const parts = [await partFromK6Json(a), await partFromK6Json(b)];
    expect(parts[0]!.shape).toEqual({ scenario: 'mcp', engine: 'k6', mode: 'open', vus: 50, durationS: 30, arrivalRatePerS: 150 });
    expect(parts[0]!.counters).toEqual({ calls: 30, errors: 1, httpRequests: 30, httpFailures: 1, checksPassed: 89, checksFailed: 1, droppedIterations: 2 });
    const merged = mergeParts(parts);
    expect(merged.summary).toMatchObject({ engine: 'k6', requests: 40, errors: 2, droppedIterations: 4, shards: 2 });
    // 10 of 40 calls took 300 ms: the merged p95 is theirs, though 3 of 4 calls were fast
    expect(merged.latency.p50Ms).toBeCloseTo(10, 1);
    expect(merged.latency.p95Ms).toBeCloseTo(300, 0);
    expect(merged.thresholds.find((t) => t.name === 'call_duration p(95)<200')!.ok).toBe(false);
  });

  test('says what is wrong with a file it cannot read as k6 output of these scripts', async () => {
    const notJson = join(dir, 'junk.json');
    writeFileSync(notJson, 'hello\n');
    await expect(partFromK6Json(notJson)).rejects.toThrow(/junk.json:1: not a JSON line/);
    const untagged = join(dir, 'untagged.json');
    writeFileSync(untagged, `${point('call_duration', 5, { scenario: 'mcp' })}\n`);
    await expect(partFromK6Json(untagged)).rejects.toThrow(/lack the tb_mode tag/);
    const other = join(dir, 'other.json');
    writeFileSync(other, `${point('call_duration', 5, { scenario: 'default' })}\n`);
    await expect(partFromK6Json(other)).rejects.toThrow(/no samples of the mcp or go_direct scenario/);
    await expect(partFromK6Json(join(dir, 'missing.json'))).rejects.toThrow(/missing.json: ENOENT/);
  });
});
