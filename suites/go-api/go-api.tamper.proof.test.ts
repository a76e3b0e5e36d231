/**
 * Proof for the go-api checks that no stand-in fault reaches: a tampering front before the Go API rewrites one kind
 * of response, and the checks that look at that response must fail. Only those checks run (the front changes
 * nothing else they depend on); the fault proofs in go-api.proof.test.ts run the whole catalogue.
 */
import { describe, expect, test } from 'vitest';
import { optionsOf } from '../../proofs/proof-case.js';
import { runAgainstLocal } from '../../proofs/run-against.js';
import { goApiChecks } from './go-api.checks.js';
import { PROOF_CASES } from './proof/cases.js';

const TAMPERED = PROOF_CASES.filter((proof) => optionsOf(proof).tamper);

const RUN_TIMEOUT_MS = 60_000;

describe('go-api checks against tampered Go API responses', () => {
  test.each(TAMPERED.map((proof) => [proof.defect, proof] as const))('%s', { timeout: RUN_TIMEOUT_MS }, async (_, proof) => {
    const selected = goApiChecks.filter((check) => proof.failed.includes(check.id));
    expect(selected.map((check) => check.id).sort()).toEqual([...proof.failed].sort());
    const run = await runAgainstLocal(selected, optionsOf(proof));
    expect(run.failed).toEqual([...proof.failed].sort());
    for (const id of run.failed) expect(run.results.get(id)?.message, id).not.toMatch(/^the check could not complete/);
  });
});
