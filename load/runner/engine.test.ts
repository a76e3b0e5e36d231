import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDatabase } from '../../stand-ins/go-api/testing/backends.js';
import { startLocalStack, type LocalStack } from '../../stand-ins/local-stack/stack.js';
import { materializeTarget } from '../../framework/target/target.js';
import { CHECKS } from '../scenario/scenario.js';
import { runEngine, type EngineOptions } from './engine.js';
import { mergeHistograms } from '../results/histogram.js';
import { mintUsers } from './users.js';

/** A short, real run against the local stack (in-process here; the CLIs put the proxy in a process of its own). */
async function options(stack: LocalStack, scenario: EngineOptions['scenario'], vus: number, durationMs: number): Promise<EngineOptions> {
  const target = materializeTarget(stack.targetSpec('engine-test'));
  return {
    scenario,
    vus,
    durationMs,
    thinkMs: 50,
    gracefulStopMs: 5_000,
    target: { mcpUrl: stack.mcpUrl, goApiUrl: stack.goApiUrl, tenantId: target.tenantId, tenantSecret: target.tenantSecret },
    users: await mintUsers(target, vus, `engine-${scenario}`, 600),
  };
}

describe('the built-in runner', () => {
  describe('against the correct local stack', () => {
    let stack: LocalStack;
    beforeAll(async () => {
      stack = await startLocalStack({ database: await sharedDatabase('pglite') });
    });
    afterAll(() => stack?.close());

    it('5 VUs for 3 s through the proxy pass every threshold, one Go request per tool call', async () => {
      const goBefore = stack.goApi.stats.total;
      const result = await runEngine(await options(stack, 'mcp', 5, 3_000));
      expect(result.errorSamples).toEqual([]);
      expect(result.errors).toBe(0);
      expect(result.calls).toBeGreaterThan(20);
      expect(result.summary.thresholds.every((t) => t.ok)).toBe(true);
      expect(result.summary).toMatchObject({ engine: 'builtin', vus: 5, durationS: 3, requests: result.calls, errors: 0 });
      expect(result.summary.rps).toBeCloseTo(result.calls / 3, 1);
      // every VU: initialize + notifications/initialized, then one POST per tool call
      expect(result.httpRequests).toBe(result.calls + 2 * 5);
      expect(result.checks[CHECKS.mcpInitialize]).toEqual({ passed: 5, failed: 0 });
      expect(result.checks[CHECKS.mcpTool]).toEqual({ passed: result.calls, failed: 0 });
      // one Go request per tool call, plus one sync session per user
      expect(stack.goApi.stats.total - goBefore).toBe(result.calls + 5);
      expect(mergeHistograms([result.histogram]).distribution.count).toBe(result.calls);
    });

    it('runs the same operations against the Go API directly, each VU with a session of its own', async () => {
      const result = await runEngine(await options(stack, 'go-direct', 3, 2_000));
      expect(result.errorSamples).toEqual([]);
      expect(result.summary.thresholds.map((t) => t.name)).toEqual([
        'call_duration p(95)<200',
        'http_req_failed{scenario:go_direct} rate<0.01',
        'checks{scenario:go_direct} rate>0.99',
      ]);
      expect(result.summary.thresholds.every((t) => t.ok)).toBe(true);
      expect(result.checks[CHECKS.goSession]).toEqual({ passed: 3, failed: 0 });
      expect(result.httpRequests).toBe(result.calls + 3);
    });

    it('is bounded in time and in count', async () => {
      const startedAt = performance.now();
      const result = await runEngine({ ...(await options(stack, 'mcp', 2, 10_000)), thinkMs: 0, maxRequests: 6 });
      expect(result.stoppedEarly).toMatch(/request cap of 6/);
      expect(result.calls).toBeLessThanOrEqual(6 + 2); // in-flight calls finish
      expect(performance.now() - startedAt).toBeLessThan(5_000);
    });

    it('refuses options it cannot honour', async () => {
      const base = await options(stack, 'mcp', 1, 1_000);
      await expect(runEngine({ ...base, vus: 2 })).rejects.toThrow(/2 VUs need 2 identities/);
      await expect(runEngine({ ...base, scenario: 'go-direct', target: { ...base.target, tenantSecret: undefined } as EngineOptions['target'] })).rejects.toThrow(/tenant secret/);
      await expect(runEngine({ ...base, durationMs: 2 * 60 * 60 * 1000 })).rejects.toThrow(/at most 1 h/);
    });
  });

  describe('against a slow Go API (the stand-in delays every answer by 250 ms)', () => {
    let stack: LocalStack;
    beforeAll(async () => {
      stack = await startLocalStack({ database: await sharedDatabase('pglite'), goFaults: { fixedLatencyMs: 250 } });
    });
    afterAll(() => stack?.close());

    it('fails the p95 threshold, and only that one, and says so', async () => {
      const result = await runEngine(await options(stack, 'mcp', 3, 2_000));
      expect(result.errors).toBe(0);
      expect(result.summary.thresholds).toEqual([
        { name: 'call_duration p(95)<200', ok: false },
        { name: 'http_req_failed{scenario:mcp} rate<0.01', ok: true },
        { name: 'checks{scenario:mcp} rate>0.99', ok: true },
      ]);
      expect(result.thresholds[0]!.actual).toBeGreaterThanOrEqual(250);
      expect(result.summary.latencyMs.p95).toBeGreaterThanOrEqual(250);
    });
  });
});
