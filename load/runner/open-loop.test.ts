import { afterEach, describe, expect, test } from 'vitest';
import { decodeHistogram, distributionOf } from '../results/histogram.js';
import { mergeParts } from '../results/merge.js';
import { startScriptedMcp, type ScriptedMcp } from '../testing/scripted-mcp.js';
import { runEngine, type EngineOptions } from './engine.js';
import { arrivalCount, shardVus, type Shard } from './schedule.js';

const users = (n: number) => Array.from({ length: n }, (_, i) => ({ sub: `u${i + 1}`, token: `token-${i + 1}` }));

function openRun(mcp: ScriptedMcp, vus: number, ratePerS: number, durationMs: number, shard?: Shard): EngineOptions {
  const mine = shard ? shardVus(vus, shard).length : vus;
  return {
    scenario: 'mcp',
    vus,
    durationMs,
    thinkMs: 0,
    arrivalRatePerS: ratePerS,
    ...(shard ? { shard } : {}),
    gracefulStopMs: 2_000,
    target: { mcpUrl: mcp.url, goApiUrl: 'http://127.0.0.1:9', tenantId: 't' },
    users: users(mine),
  };
}

/** Busy-waits `ms` on this thread: the generator itself falls behind its schedule. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('the open-loop (constant arrival rate) scheduler', () => {
  let mcp: ScriptedMcp | undefined;
  afterEach(async () => {
    await mcp?.close();
    mcp = undefined;
  });

  test('makes exactly the scheduled arrivals: each VU’s first is its handshake, every other one a call', async () => {
    mcp = await startScriptedMcp();
    const result = await runEngine(openRun(mcp, 5, 25, 1_600));
    const arrivals = arrivalCount(25, 1_600);
    expect(arrivals).toBe(40);
    expect(result.droppedIterations).toBe(0);
    expect(mcp.initializes()).toBe(5);
    expect(result.calls).toBe(arrivals - 5);
    expect(mcp.toolCalls()).toBe(result.calls);
    expect(result.errors).toBe(0);
    expect(result.summary).toMatchObject({ mode: 'open', arrivalRatePerS: 25, droppedIterations: 0, vus: 5 });
    expect(result.summary.thresholds.map((t) => [t.name, t.ok])).toEqual([
      ['call_duration p(95)<200', true],
      ['http_req_failed{scenario:mcp} rate<0.01', true],
      ['checks{scenario:mcp} rate>0.99', true],
      ['dropped_iterations count<1', true],
    ]);
  });

  test('with the handshakes first, the clock starts after them and every arrival is a call', async () => {
    mcp = await startScriptedMcp();
    let clockAt = 0;
    const result = await runEngine({ ...openRun(mcp, 5, 25, 1_000), handshakesFirst: true }, undefined, () => (clockAt = mcp!.initializes()));
    expect(clockAt).toBe(5);
    expect(result.calls).toBe(arrivalCount(25, 1_000));
    expect(result.droppedIterations).toBe(0);
  });

  test('a warm-up on the same VUs is not counted, and leaves every measured arrival a call', async () => {
    mcp = await startScriptedMcp();
    let toolCallsAtClock = -1;
    const result = await runEngine({ ...openRun(mcp, 5, 20, 1_000), warmupMs: 500 }, undefined, () => (toolCallsAtClock = mcp!.toolCalls()));
    // the warm-up's 10 arrivals: 5 handshakes, 5 calls; then the measured second's 20 arrivals are all calls
    expect(mcp.initializes()).toBe(5);
    expect(toolCallsAtClock).toBe(arrivalCount(20, 500) - 5);
    expect(result.calls).toBe(arrivalCount(20, 1_000));
    expect(result.httpRequests).toBe(result.calls);
    expect(mcp.toolCalls()).toBe(toolCallsAtClock + result.calls);
  });

  test('measures from the scheduled start: a generator that falls behind shows it in the latency', async () => {
    mcp = await startScriptedMcp();
    // the target answers at once; the generator is blocked for 300 ms half-way, so the calls due then start late
    // (20 VUs: enough free ones for the 15 calls that fall due during the stall)
    const timer = setTimeout(() => stall(300), 500);
    const result = await runEngine(openRun(mcp, 20, 50, 1_000));
    clearTimeout(timer);
    expect(result.droppedIterations).toBe(0);
    // about 15 calls were due during the stall: the one due first waited the whole 300 ms
    expect(result.latency.maxMs).toBeGreaterThanOrEqual(250);
    expect(result.latency.p90Ms).toBeGreaterThanOrEqual(50);
  });

  test('drops and counts the arrivals that find every VU busy, and fails the run for it', async () => {
    // every call takes 250 ms: 2 VUs can make 8 calls a second, 20 are due
    mcp = await startScriptedMcp(() => 250);
    const result = await runEngine(openRun(mcp, 2, 10, 1_000));
    const arrivals = arrivalCount(10, 1_000);
    expect(result.droppedIterations).toBeGreaterThan(0);
    expect(mcp.initializes() + result.calls + result.droppedIterations).toBe(arrivals);
    expect(result.summary.droppedIterations).toBe(result.droppedIterations);
    expect(result.summary.thresholds.find((t) => t.name === 'dropped_iterations count<1')).toEqual({ name: 'dropped_iterations count<1', ok: false });
    expect(result.latency.minMs).toBeGreaterThanOrEqual(250);
  });

  test('shards split the VUs and arrivals exactly; their parts merge into the whole run', async () => {
    mcp = await startScriptedMcp();
    const parts = await Promise.all([1, 2, 3].map((index) => runEngine(openRun(mcp!, 7, 33, 1_000, { index, count: 3 }))));
    expect(parts.map((p) => p.summary.vus)).toEqual([3, 2, 2]);
    expect(parts.map((p) => p.summary.arrivalRatePerS)).toEqual([11, 11, 11]);
    expect(mcp.initializes()).toBe(7);
    const merged = mergeParts(parts.map((p) => p.part));
    expect(merged.summary).toMatchObject({ mode: 'open', arrivalRatePerS: 33, vus: 7, shards: 3, requests: arrivalCount(33, 1_000) - 7, droppedIterations: 0 });
    const combined = decodeHistogram(parts[0]!.histogram);
    for (const p of parts.slice(1)) combined.add(decodeHistogram(p.histogram));
    expect(merged.latency).toEqual(distributionOf(combined));
  });

  test('refuses a rate its VUs could only make by exceeding the API’s per-user limit', async () => {
    mcp = await startScriptedMcp();
    await expect(runEngine(openRun(mcp, 2, 11, 1_000))).rejects.toThrow(/at most 5 per VU \(10\/s for 2 VUs/);
    await expect(runEngine(openRun(mcp, 2, 4, 1_000, { index: 3, count: 3 }))).rejects.toThrow(/shard 3\/3 has no VUs of 2/);
  });
});
