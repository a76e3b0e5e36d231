import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCH_TARGETS, SIDES, evaluateTargets, renderBench, roundOrder, runBench, spreadOf } from './bench.js';

const flat = (value: number) => ({ median: value, min: value, max: value });

describe('the proxy-cost benchmark', () => {
  it('judges the medians against the targets', () => {
    const met = evaluateTargets({ cpuRatio: flat(1.5), addedMs: { p50: flat(0), p95: flat(2), p99: flat(9) }, goRequestsPerToolCall: 1, proxyPeakRssMb: 120 });
    expect(met.map((t) => [t.name, t.ok])).toEqual([
      ['cpuRatio', true],
      ['addedP95Ms', true],
      ['goRequestsPerToolCall', true],
      ['proxyPeakRssMb', true],
    ]);
    const missed = evaluateTargets({ cpuRatio: null, addedMs: { p50: flat(0), p95: flat(2.1), p99: flat(9) }, goRequestsPerToolCall: 2, proxyPeakRssMb: null });
    expect(missed.every((t) => !t.ok)).toBe(true);
    expect(BENCH_TARGETS).toEqual({ cpuRatio: 1.5, addedP95Ms: 2, goRequestsPerToolCall: 1, proxyPeakRssMb: 120 });
  });

  it('rotates the order of the sides so each runs first, in the middle and last', () => {
    const orders = Array.from({ length: 6 }, (_, r) => roundOrder(r));
    for (const order of orders) expect([...order].sort()).toEqual([...SIDES].sort());
    for (const side of SIDES) expect(new Set(orders.map((o) => o.indexOf(side)))).toEqual(new Set([0, 1, 2]));
  });

  it('a spread is the median of the rounds with their min and max', () => {
    expect(spreadOf([3, 1, 2, 10, 4])).toEqual({ median: 3, min: 1, max: 10 });
    expect(spreadOf([1, 2, 3, 4])).toEqual({ median: 2.5, min: 1, max: 4 });
    expect(() => spreadOf([])).toThrow(/no values/);
  });

  it('measures the three sides in one run: CPU per call and its ratio, added latency per round, RSS, Go requests per tool call', async () => {
    const lines: string[] = [];
    const result = await runBench(
      { ratePerS: 20, vus: 4, durationMs: 5_000, rounds: 5, warmupMs: 1_000, proxyRuntime: 'tsx', profile: false, proxyNodeOptions: [], proxyBuild: undefined, out: mkdtempSync(join(tmpdir(), 'tb-bench-')), help: false },
      'npm run bench -- --rate 20',
      (line) => lines.push(line),
    );
    expect(lines).toContain('warm-up passThrough (1 s)');
    for (const side of SIDES) {
      expect(result.sides[side]).toMatchObject({ errors: 0, dropped: 0 });
      // handshakes come before each phase's clock: every arrival of the 5 × 1 s is a call
      expect(result.sides[side].calls).toBe(5 * 20);
    }
    expect(result.rounds.map((r) => r.order)).toEqual([0, 1, 2, 3, 4].map(roundOrder));
    // one Go request per tool call: the proxy adds none of its own once the users' sessions are cached
    expect(result.goRequestsPerToolCall).toBe(1);
    expect(result.cpuMsPerCall.proxy!.median).toBeGreaterThan(0);
    expect(result.cpuMsPerCall.passThrough!.median).toBeGreaterThan(0);
    const ratios = result.rounds.map((r) => r.cpuMsPerCall.proxy! / r.cpuMsPerCall.passThrough!);
    expect(result.cpuRatio).toEqual(spreadOf(ratios));
    expect(result.addedMs.p95).toEqual(spreadOf(result.rounds.map((r) => r.latencyMs.proxy.p95 - r.latencyMs.direct.p95)));
    expect(result.proxyPeakRssMb).toBeGreaterThan(30);
    expect(result.config).toMatchObject({ ratePerS: 20, vus: 4, rounds: 5, secondsPerPhase: 1 });
    expect(renderBench(result)).toMatch(/goRequestsPerToolCall\s+1\s+target 1\.0/);
    expect(renderBench(result)).toMatch(/CPU per call: proxy [\d.]+ ms \([\d.]+–[\d.]+\)/);
  }, 180_000);
});
