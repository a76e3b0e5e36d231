/**
 * Proof that the transport checks can fail: the catalogue passes (the 500-on-validation posture finding warns)
 * against the correct stack; each proxy fault fails exactly its check; and tampered responses stand in for the
 * defects no fault reaches (only the checks that read those responses run there).
 */
import { describe, expect, test } from 'vitest';
import { optionsOf, unproven } from '../../../proofs/proof-case.js';
import { failureMessages, runAgainstLocal, type ProofRun } from '../../../proofs/run-against.js';
import { CORRECT_OTHER, POSTURE, PROOF_CASES } from './proof/cases.js';
import { transportChecks } from './transport.checks.js';

const RUN_TIMEOUT_MS = 120_000;
const FAULT_CASES = PROOF_CASES.filter((proof) => optionsOf(proof).proxyFaults);
const TAMPERED = PROOF_CASES.filter((proof) => typeof proof.options === 'function');

function expectFailures(run: ProofRun, expected: readonly string[]): void {
  expect(failureMessages(run)).toEqual(Object.fromEntries([...expected].sort().map((id) => [id, expect.any(String)])));
  for (const [id, message] of Object.entries(failureMessages(run))) expect(message, id).not.toMatch(/^the check could not complete/);
}

describe('security/transport catalogue', () => {
  test('ids, areas and security facts', () => {
    expect(transportChecks.map((c) => c.id)).toHaveLength(new Set(transportChecks.map((c) => c.id)).size);
    for (const check of transportChecks) {
      expect(check.id).toMatch(/^SEC-TRANSPORT-[A-Z0-9_-]+$/);
      expect(check.area).toBe('security/transport');
      expect(check.expected && check.rationale && check.requirement).toBeTruthy();
      expect(check.security?.cwe).toMatch(/^CWE-\d+$/);
      expect(check.security?.location).toMatch(/^(contract|proxy)\//);
    }
    expect(transportChecks.filter((c) => c.posture).map((c) => c.id)).toEqual([POSTURE]);
  });

  test('every check is shown failing by a fault or a tampered response', () => {
    expect(unproven(transportChecks.map((c) => c.id), PROOF_CASES)).toEqual([]);
  });

  test('passes against the correct stack; the 500-on-validation posture finding warns', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(transportChecks);
    expect(failureMessages(run)).toEqual({});
    expect(run.other).toEqual(CORRECT_OTHER);
  });

  test('passes against a proxy without an authorization server (plain Bearer challenge, no metadata)', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(transportChecks, { proxyEnv: { TOOLBRIDGE_JWT_ISSUER: '' } });
    expect(failureMessages(run)).toEqual({});
    expect(run.other).toEqual(CORRECT_OTHER);
  });

  test.each(FAULT_CASES.map((proof) => [proof.defect, proof] as const))('%s: exactly its checks fail', { timeout: RUN_TIMEOUT_MS }, async (_, proof) => {
    const run = await runAgainstLocal(transportChecks, optionsOf(proof));
    expectFailures(run, proof.failed);
    expect(run.other).toEqual(proof.other);
  });

  test.each(TAMPERED.map((proof) => [proof.defect, proof] as const))('%s', { timeout: RUN_TIMEOUT_MS }, async (_, proof) => {
    const selected = transportChecks.filter((c) => proof.failed.includes(c.id));
    expect(selected.map((c) => c.id).sort()).toEqual([...proof.failed].sort());
    const run = await runAgainstLocal(selected, optionsOf(proof));
    expectFailures(run, proof.failed);
    expect(run.other).toEqual({});
  });
});
