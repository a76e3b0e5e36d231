/**
 * Proof that the isolation checks can fail: the catalogue passes (the tenant posture finding warns) against the
 * correct stand-in, and each isolation fault of the stand-in fails exactly the listed checks — no more, no fewer.
 */
import { describe, expect, test } from 'vitest';
import { optionsOf, unproven } from '../../../proofs/proof-case.js';
import { failureMessages, runAgainstLocal } from '../../../proofs/run-against.js';
import { isolationChecks } from './isolation.checks.js';
import { PROOF_CASES, TENANT } from './proof/cases.js';

const FAULT_CASES = PROOF_CASES.filter((proof) => proof.options);

const RUN_TIMEOUT_MS = 120_000;


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
    expect(unproven(isolationChecks.map((c) => c.id), PROOF_CASES)).toEqual([]);
  });

  test('passes against the correct stand-in; the tenant posture finding warns', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(isolationChecks);
    expect(failureMessages(run)).toEqual({});
    expect(run.other).toEqual({ [TENANT]: 'warned' });
  });

  test.each(FAULT_CASES.map((proof) => [proof.defect, proof] as const))('%s: exactly its checks fail', { timeout: RUN_TIMEOUT_MS }, async (_, proof) => {
    const run = await runAgainstLocal(isolationChecks, optionsOf(proof));
    expect(failureMessages(run)).toEqual(Object.fromEntries([...proof.failed].sort().map((id) => [id, expect.any(String)])));
    expect(run.other).toEqual(proof.failed.includes(TENANT) ? {} : { [TENANT]: 'warned' });
    for (const [id, message] of Object.entries(failureMessages(run))) expect(message, id).not.toMatch(/^the check could not complete/);
  });
});
