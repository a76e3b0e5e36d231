/**
 * Proof that the skew checks can fail, and that they probe the TARGET's clock: the catalogue passes against the
 * correct stand-in and against stand-ins whose clock is 200 s off the verifier's; each tenant-timestamp defect
 * fails exactly its checks, on a correct clock and on a skewed one.
 */
import { describe, expect, test } from 'vitest';
import { DEFAULT_SETTINGS, runCheck } from '../../../framework/checks/run-check.js';
import type { CheckResult } from '../../../framework/model/types.js';
import { runAgainstLocal, type ProofRun } from '../../../proofs/run-against.js';
import { materializeTarget } from '../../../framework/target/target.js';
import { optionsOf, unproven } from '../../../proofs/proof-case.js';
import { ALL, PROOF_CASES, WINDOW } from './proof/cases.js';
import { startSkewedGoApi, type SkewedOptions } from './proof/skewed-go-api.js';
import { skewChecks } from './skew.checks.js';

const RUN_TIMEOUT_MS = 120_000;
const OFFSET_MS = 200_000;

const failures = (results: readonly CheckResult[]) =>
  Object.fromEntries(results.filter((r) => r.status === 'failed').map((r) => [r.id, r.message ?? '']));
const others = (results: readonly CheckResult[]) =>
  Object.fromEntries(results.filter((r) => r.status === 'warned' || r.status === 'skipped').map((r) => [r.id, `${r.status}: ${r.message}`]));
const resultsOf = (run: ProofRun) => [...run.results.values()];

/** Every failure comes from an assertion, not from a check that crashed. */
function expectAssertionFailures(results: readonly CheckResult[]): void {
  for (const [id, message] of Object.entries(failures(results))) expect(message, id).not.toMatch(/^the check could not complete/);
}

async function runSkewed(offsetMs: number, options: SkewedOptions): Promise<CheckResult[]> {
  const skewed = await startSkewedGoApi(offsetMs, options);
  try {
    const target = materializeTarget(skewed.spec);
    return await Promise.all(skewChecks.map((check) => runCheck(check, target, DEFAULT_SETTINGS)));
  } finally {
    await skewed.close();
  }
}

function expectClockMeasured(results: readonly CheckResult[], offsetMs: number, source: string, agree: boolean): void {
  for (const result of results) {
    expect(Math.abs(Number(result.metrics.clockOffsetMs) - offsetMs), `${result.id} clock offset`).toBeLessThanOrEqual(100);
    expect(Number(result.metrics.clockUncertaintyMs), `${result.id} clock uncertainty`).toBeLessThan(100);
    expect(result.metrics.clockSource, result.id).toBe(source);
    expect(result.metrics.clockSourcesAgree, result.id).toBe(agree);
  }
}

describe('security/skew catalogue', () => {
  test('metadata: area, security facts, requirement, expected answer', () => {
    for (const check of skewChecks) {
      expect(check.id).toMatch(/^SEC-SKEW-[A-Z-]+$/);
      expect(check.area).toBe('security/skew');
      expect(check.requirement).toMatch(/contract §5/);
      expect(check.expected && check.rationale).toBeTruthy();
      expect(check.security?.cwe).toBe('CWE-294');
      expect(check.security?.location).toBe('contract/toolbridge-api.md');
      expect(check.posture).toBeUndefined();
    }
  });

  test('every check is shown failing by a defect', () => {
    expect(unproven(ALL, PROOF_CASES)).toEqual([]);
  });

  test('every check passes against the correct stand-in', { timeout: RUN_TIMEOUT_MS }, async () => {
    const results = resultsOf(await runAgainstLocal(skewChecks));
    expect(failures(results)).toEqual({});
    expect(others(results)).toEqual({});
    expectClockMeasured(results, 0, 'serverTime+Date', true);
  });

  test.each(PROOF_CASES.map((proof) => [proof.defect, proof] as const))('%s: exactly its checks fail', { timeout: RUN_TIMEOUT_MS }, async (_, proof) => {
    const results = resultsOf(await runAgainstLocal(skewChecks, optionsOf(proof)));
    expect(Object.keys(failures(results)).sort()).toEqual([...proof.failed].sort());
    expect(others(results)).toEqual({});
    expectAssertionFailures(results);
  });

  test(`a Go API ${OFFSET_MS / 1000} s ahead (serverTime and Date): every check passes, the offset is measured`, { timeout: RUN_TIMEOUT_MS }, async () => {
    const results = await runSkewed(OFFSET_MS, { dateFromProcessClock: false });
    expect(failures(results)).toEqual({});
    expect(others(results)).toEqual({});
    expectClockMeasured(results, OFFSET_MS, 'serverTime+Date', true);
  });

  test(`a Go API ${OFFSET_MS / 1000} s behind whose Date header disagrees: serverTime is used, every check passes`, { timeout: RUN_TIMEOUT_MS }, async () => {
    const results = await runSkewed(-OFFSET_MS, { dateFromProcessClock: true });
    expect(failures(results)).toEqual({});
    expect(others(results)).toEqual({});
    expectClockMeasured(results, -OFFSET_MS, 'serverTime', false);
  });

  test(`widenTenantSkew on a Go API ${OFFSET_MS / 1000} s ahead fails exactly the window checks`, { timeout: RUN_TIMEOUT_MS }, async () => {
    const results = await runSkewed(OFFSET_MS, { dateFromProcessClock: false, faults: 'widenTenantSkew' });
    expect(Object.keys(failures(results)).sort()).toEqual(WINDOW);
    expect(others(results)).toEqual({});
    expectAssertionFailures(results);
  });
});
