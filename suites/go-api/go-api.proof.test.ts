/**
 * Proof that the go-api checks can fail: the whole catalogue passes against the correct stand-in, and each
 * stand-in fault the suite covers makes exactly the listed checks fail — no more, no fewer.
 */
import { describe, expect, test } from 'vitest';
import { ENTITIES } from '../../contract/entities.js';
import { optionsOf, unproven } from '../../proofs/proof-case.js';
import { failureMessages, runAgainstLocal } from '../../proofs/run-against.js';
import { goApiChecks } from './go-api.checks.js';
import { PROOF_CASES } from './proof/cases.js';

const FAULT_CASES = PROOF_CASES.filter((proof) => optionsOf(proof).goFaults);

const RUN_TIMEOUT_MS = 120_000;

/** A failure must come from an assertion, not from a check that crashed. */
function expectAssertionFailures(run: Awaited<ReturnType<typeof runAgainstLocal>>): void {
  for (const [id, message] of Object.entries(failureMessages(run))) expect(message, id).not.toMatch(/^the check could not complete/);
}

describe('go-api catalogue', () => {
  test('ids are stable and generated from the entity table', () => {
    const ids = goApiChecks.map((check) => check.id);
    expect(ids.filter((id) => /^GOAPI-[A-Z_]+-(CRUD|LIST|TOMBSTONE|IFMATCH|SYNC)$/.test(id))).toHaveLength(5 * ENTITIES.length);
    expect(ids.filter((id) => id.endsWith('-PARENT'))).toEqual(['GOAPI-COMMENTS-PARENT', 'GOAPI-CHAT_MESSAGES-PARENT']);
    for (const expected of PROOF_CASES.flatMap((proof) => proof.failed)) expect(ids).toContain(expected);
    for (const check of goApiChecks) {
      expect(check.area).toBe('go-api');
      expect(check.requirement).toMatch(/^contract §/);
      expect(check.expected).toBeTruthy();
    }
  });

  test('every check is shown failing: by a stand-in fault or by a tampered response', () => {
    expect(unproven(goApiChecks.map((check) => check.id), PROOF_CASES)).toEqual([]);
  });

  test('every check passes against the correct stand-in', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(goApiChecks);
    expect(failureMessages(run)).toEqual({});
    expect(run.other).toEqual({});
    expect(run.results.size).toBe(goApiChecks.length);
  });

  test.each(FAULT_CASES.map((proof) => [proof.defect, proof] as const))('%s: exactly its checks fail', { timeout: RUN_TIMEOUT_MS }, async (_, proof) => {
    const run = await runAgainstLocal(goApiChecks, optionsOf(proof));
    // Compared with messages, so an unexpected failure shows its reason.
    expect(failureMessages(run)).toEqual(Object.fromEntries(proof.failed.map((id) => [id, expect.any(String)])));
    expect(run.other).toEqual({});
    expectAssertionFailures(run);
  });
});
