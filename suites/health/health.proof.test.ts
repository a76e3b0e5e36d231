import { describe, expect, it } from 'vitest';
import { optionsOf, unproven } from '../../proofs/proof-case.js';
import { runAgainstLocal } from '../../proofs/run-against.js';
import { PROOF_CASES } from './proof/cases.js';
import { healthChecks } from './health.checks.js';

describe('health checks can fail', () => {
  it('all pass against the correct local stack', async () => {
    const run = await runAgainstLocal(healthChecks);
    expect(run.failed).toEqual([]);
    expect(run.other).toEqual({});
  });

  it('a proxy without an authorization server passes, reported as not OAuth-discoverable', async () => {
    const run = await runAgainstLocal(healthChecks, { proxyEnv: { TOOLBRIDGE_JWT_ISSUER: '' } });
    expect(run.failed).toEqual([]);
    expect(run.other).toEqual({ 'HEALTH-006': 'warned' });
    expect(run.results.get('HEALTH-006')?.message).toMatch(/not OAuth-discoverable/);
  });

  it.each(PROOF_CASES.map((proof) => [proof.defect, proof] as const))('%s', async (_, proof) => {
    const run = await runAgainstLocal(healthChecks, optionsOf(proof));
    expect(run.failed).toEqual(proof.failed);
    for (const id of proof.failed) expect(run.results.get(id)?.message).toBeTruthy();
  });

  it('every check is shown failing by some defect', () => {
    expect(unproven(healthChecks.map((check) => check.id), PROOF_CASES)).toEqual([]);
  });
});
