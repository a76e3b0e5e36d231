/**
 * Proof for the go-api checks that no stand-in fault reaches: a tampering front before the Go API rewrites one kind
 * of response, and the checks that look at that response must fail. Only those checks run (the front changes
 * nothing else they depend on); the fault proofs in go-api.proof.test.ts run the whole catalogue.
 */
import { describe, expect, test } from 'vitest';
import { runAgainstLocal } from '../../proofs/run-against.js';
import { goApiChecks } from './go-api.checks.js';
import { TAMPERED_RESPONSES } from './proof/tampered-responses.js';

const RUN_TIMEOUT_MS = 60_000;

describe('go-api checks against tampered Go API responses', () => {
  test.each(TAMPERED_RESPONSES.map((d) => [d.defect, d] as const))('%s', { timeout: RUN_TIMEOUT_MS }, async (_, { checks, tamper }) => {
    const selected = goApiChecks.filter((check) => checks.includes(check.id));
    expect(selected.map((check) => check.id).sort()).toEqual([...checks].sort());
    const run = await runAgainstLocal(selected, { tamper: { goApi: [tamper] } });
    expect(run.failed).toEqual([...checks].sort());
    for (const id of run.failed) expect(run.results.get(id)?.message, id).not.toMatch(/^the check could not complete/);
  });
});
