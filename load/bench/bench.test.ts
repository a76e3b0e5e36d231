import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCH_TARGETS, evaluateTargets, renderBench, runBench } from './bench.js';

describe('the proxy-overhead benchmark', () => {
  it('judges the measurements against the targets', () => {
    const met = evaluateTargets({ ratioP95: 1.25, addedP50Ms: 2, goRequestsPerToolCall: 1, proxyPeakRssMb: 120 });
    expect(met.map((t) => [t.name, t.ok])).toEqual([
      ['ratioP95', true],
      ['addedP50Ms', true],
      ['goRequestsPerToolCall', true],
      ['proxyPeakRssMb', true],
    ]);
    const missed = evaluateTargets({ ratioP95: 1.3, addedP50Ms: 2.1, goRequestsPerToolCall: 2, proxyPeakRssMb: null });
    expect(missed.every((t) => !t.ok)).toBe(true);
    expect(BENCH_TARGETS).toEqual({ ratioP95: 1.25, addedP50Ms: 2, goRequestsPerToolCall: 1, proxyPeakRssMb: 120 });
  });

  it('measures both roads in one run: distributions, ratio, added p50, throughput, RSS, Go requests per tool call', async () => {
    const lines: string[] = [];
    const result = await runBench(
      { vus: 3, durationMs: 2_000, rounds: 2, warmupMs: 1_000, thinkMs: 50, proxyRuntime: 'tsx', profile: false, proxyNodeOptions: [], proxyBuild: undefined, out: mkdtempSync(join(tmpdir(), 'tb-bench-')), help: false },
      'npm run bench -- --vus 3',
      (line) => lines.push(line),
    );
    expect(lines).toContain('warm-up mcp (1 s)');
    expect(result.proxy.errors + result.direct.errors).toBe(0);
    expect(result.proxy.calls).toBeGreaterThan(10);
    expect(result.direct.latencyMs.count).toBe(result.direct.calls);
    // after the warm-up every user's session is cached in the proxy: exactly one Go request per tool call
    expect(result.goRequestsPerToolCall).toBe(1);
    expect(result.proxy.goRequests).toBe(result.proxy.calls);
    expect(result.ratioP95).toBeCloseTo(result.proxy.latencyMs.p95Ms / result.direct.latencyMs.p95Ms, 2);
    expect(result.addedP50Ms).toBeCloseTo(result.proxy.latencyMs.p50Ms - result.direct.latencyMs.p50Ms, 1);
    expect(result.proxyPeakRssMb).toBeGreaterThan(30);
    expect(result.proxy.cpuMsPerCall).toBeGreaterThan(0);
    expect(result.config).toMatchObject({ vus: 3, rounds: 2, measuredSecondsPerScenario: 2 });
    expect(result.machine).toMatchObject({ node: process.version });
    expect(renderBench(result)).toMatch(/goRequestsPerToolCall\s+1\s+target 1\.0/);
  }, 60_000);
});
