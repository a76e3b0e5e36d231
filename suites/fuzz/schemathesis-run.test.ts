import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../framework/checks/run-check.js';
import { DEFAULT_POLICY, PolicySchema } from '../../framework/model/policy.js';
import { defaultWorkers, schemathesisCheckTimeLimitMs } from './schemathesis-run.js';

describe('the Schemathesis run', () => {
  it('sends 2 operations at a time to a Go API on this machine, 8 to a distant one', () => {
    for (const url of ['http://127.0.0.1:8081', 'http://localhost:8081', 'http://[::1]:8081']) expect(defaultWorkers(url), url).toBe(2);
    for (const url of ['https://toolbridge-api.fly.dev', 'http://10.0.0.7:8081']) expect(defaultWorkers(url), url).toBe(8);
  });

  it("is stopped at 300 s by default, and the checks judged on it wait longer than the run's own bound", () => {
    expect(DEFAULT_POLICY.fuzz.maxTimeS).toBe(300);
    expect(schemathesisCheckTimeLimitMs(DEFAULT_SETTINGS)).toBeGreaterThan(300_000);
    expect(schemathesisCheckTimeLimitMs({ ...DEFAULT_SETTINGS, fuzz: { ...DEFAULT_POLICY.fuzz, maxTimeS: 900 } })).toBeGreaterThan(900_000);
  });

  it('takes its workers from the policy, refusing a count it cannot use', () => {
    expect(PolicySchema.parse({ fuzz: { workers: 4 } }).fuzz.workers).toBe(4);
    expect(PolicySchema.safeParse({ fuzz: { workers: 0 } }).success).toBe(false);
    expect(PolicySchema.safeParse({ fuzz: { workers: 2.5 } }).success).toBe(false);
  });
});
