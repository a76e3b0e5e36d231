import { describe, expect, it } from 'vitest';
import { optionsOf, unproven } from '../../proofs/proof-case.js';
import { runAgainstLocal } from '../../proofs/run-against.js';
import { PROOF_CASES } from './proof/cases.js';
import { surfaceChecks } from './surface.checks.js';
import { toolChecks } from './tools.checks.js';

const checks = [...surfaceChecks, ...toolChecks];
describe('e2e checks can fail', () => {
  it('all 43 pass against the correct local stack', async () => {
    const run = await runAgainstLocal(checks);
    expect(run.results.size).toBe(43);
    expect(run.failed).toEqual([]);
    expect(run.other).toEqual({});
  });

  it.each(PROOF_CASES.map((proof) => [proof.defect, proof] as const))('%s', async (_, proof) => {
    const run = await runAgainstLocal(checks, optionsOf(proof));
    expect(run.failed).toEqual([...proof.failed].sort());
  });

  it('every check is shown failing by some defect', () => {
    expect(unproven(checks.map((check) => check.id), PROOF_CASES)).toEqual([]);
  });
});
