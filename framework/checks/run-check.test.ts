import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { unreachableTarget } from '../testing/unreachable-target.js';
import { DEFAULT_POLICY } from '../model/policy.js';
import { defineCheck } from './define.js';
import type { RunSettings } from './context.js';
import { checkTimeLimitMs, DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_SETTINGS, runCheck } from './run-check.js';

const target = unreachableTarget('nowhere', 'run-check-test');

const META = { area: 'health', severity: 'low', requirement: 'r', expected: 'e' } as const;
const slow = (id: string, ms: number, timeLimitMs?: (settings: RunSettings) => number) =>
  defineCheck({ ...META, id, title: 'takes its time' }, () => sleep(ms), timeLimitMs ? { timeLimitMs } : {});

describe("a check's time limit", () => {
  it("is the gate's unless the check brings a longer one, worked out from the run's settings", () => {
    const engineBound = (settings: RunSettings) => (settings.fuzz ?? DEFAULT_POLICY.fuzz).maxTimeS * 1000 + 5_000;
    const check = slow('T-ENGINE', 0, engineBound);
    expect(checkTimeLimitMs(slow('T-PLAIN', 0), DEFAULT_SETTINGS)).toBe(DEFAULT_CHECK_TIMEOUT_MS);
    expect(checkTimeLimitMs(check, DEFAULT_SETTINGS)).toBe(DEFAULT_POLICY.fuzz.maxTimeS * 1000 + 5_000);
    expect(checkTimeLimitMs(check, { ...DEFAULT_SETTINGS, fuzz: { ...DEFAULT_POLICY.fuzz, maxTimeS: 600 } })).toBe(605_000);
    // a short engine bound never brings the limit under the gate's
    expect(checkTimeLimitMs(check, { ...DEFAULT_SETTINGS, fuzz: { ...DEFAULT_POLICY.fuzz, maxTimeS: 5 } })).toBe(DEFAULT_CHECK_TIMEOUT_MS);
  });

  it('fails a check that outlasts it, saying so', async () => {
    const result = await runCheck(slow('T-SLOW', 300), target, DEFAULT_SETTINGS, 20);
    expect(result).toMatchObject({ status: 'failed', message: 'check did not finish within 20 ms' });
  });

  it("lets a check with a longer limit of its own finish, and leaves the limit out of the report's result", async () => {
    const result = await runCheck(slow('T-ENGINE', 50, () => 5_000), target, DEFAULT_SETTINGS, 20);
    expect(result.status).toBe('passed');
    expect(result).not.toHaveProperty('timeLimitMs');
    expect(result).not.toHaveProperty('run');
  });
});
