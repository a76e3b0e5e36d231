/**
 * Proof that the isolation checks can fail: the catalogue passes (the tenant posture finding warns) against the
 * correct stand-in, and each isolation fault of the stand-in fails exactly the listed checks — no more, no fewer.
 */
import { describe, expect, test } from 'vitest';
import type { GoApiFaultName } from '../../../stand-ins/go-api/faults.js';
import { runAgainstLocal, type ProofRun } from '../../../proofs/run-against.js';
import { isolationChecks } from './isolation.checks.js';
import { EXPECTED, FOREIGN, TENANT } from './proof/expected.js';

const RUN_TIMEOUT_MS = 120_000;
/**
 * Faults whose effects cross owners would let concurrent checks see (or wipe) each other's data: run those one
 * check at a time, as suites/go-api does for ignoreOwnerScoping.
 */
const CROSSES_CHECKS: readonly GoApiFaultName[] = ['ignoreOwnerScoping', 'wipeAllOwners'];

function failureMessages(run: ProofRun): Record<string, string> {
  return Object.fromEntries(run.failed.map((id) => [id, run.results.get(id)?.message ?? '']));
}

describe('security/isolation catalogue', () => {
  test('ids, areas and security facts', () => {
    expect(isolationChecks.map((c) => c.id)).toHaveLength(new Set(isolationChecks.map((c) => c.id)).size);
    for (const check of isolationChecks) {
      expect(check.id).toMatch(/^SEC-ISOLATION-[A-Z0-9_-]+$/);
      expect(check.area).toBe('security/isolation');
      expect(check.expected && check.rationale && check.requirement).toBeTruthy();
      expect(check.security?.cwe).toMatch(/^CWE-\d+$/);
      expect(check.security?.location).toMatch(/^(contract|proxy)\//);
    }
    expect(isolationChecks.filter((c) => c.posture).map((c) => c.id)).toEqual([TENANT]);
  });

  test('every check is shown failing by a fault, or by a proxy we did not write', () => {
    const proven = new Set([...Object.values(EXPECTED).flat(), ...FOREIGN.flatMap((f) => f.checks)]);
    expect(isolationChecks.map((c) => c.id).filter((id) => !proven.has(id))).toEqual([]);
  });

  test('passes against the correct stand-in; the tenant posture finding warns', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(isolationChecks);
    expect(failureMessages(run)).toEqual({});
    expect(run.other).toEqual({ [TENANT]: 'warned' });
  });

  test.each(Object.entries(EXPECTED))('fault %s fails exactly its checks', { timeout: RUN_TIMEOUT_MS }, async (fault, expected) => {
    const concurrency = CROSSES_CHECKS.includes(fault as GoApiFaultName) ? 1 : undefined;
    const run = await runAgainstLocal(isolationChecks, { goFaults: { [fault]: true }, ...(concurrency ? { concurrency } : {}) });
    expect(failureMessages(run)).toEqual(Object.fromEntries([...expected].sort().map((id) => [id, expect.any(String)])));
    expect(run.other).toEqual(expected.includes(TENANT) ? {} : { [TENANT]: 'warned' });
    for (const [id, message] of Object.entries(failureMessages(run))) expect(message, id).not.toMatch(/^the check could not complete/);
  });
});
