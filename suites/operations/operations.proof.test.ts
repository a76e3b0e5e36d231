import { describe, expect, it } from 'vitest';
import { optionsOf, unproven } from '../../proofs/proof-case.js';
import { runAgainstLocal } from '../../proofs/run-against.js';
import { metricsChecks } from './metrics.checks.js';
import { PROOF_CASES } from './proof/cases.js';

describe('operations checks can fail', () => {
  it('all pass against the correct local stack', async () => {
    const run = await runAgainstLocal(metricsChecks);
    expect(run.failed).toEqual([]);
    expect(run.other).toEqual({});
  });

  it('a proxy that serves no metrics passes the public-port check and skips the others, saying how to name the endpoint', async () => {
    const run = await runAgainstLocal(metricsChecks, { proxyEnv: { TOOLBRIDGE_METRICS_PORT: '' } });
    expect(run.failed).toEqual([]);
    expect(run.other).toEqual({ 'OPS-METRICS-FORMAT': 'skipped', 'OPS-METRICS-LABELS': 'skipped' });
    expect(run.results.get('OPS-METRICS-FORMAT')?.message).toMatch(/METRICS_URL/);
  });

  it.each(PROOF_CASES.map((proof) => [proof.defect, proof] as const))('%s', async (_, proof) => {
    const run = await runAgainstLocal(metricsChecks, optionsOf(proof));
    expect(run.failed).toEqual(proof.failed);
    for (const id of proof.failed) expect(run.results.get(id)?.message).toBeTruthy();
  });

  it('every check is shown failing by some defect', () => {
    expect(unproven(metricsChecks.map((check) => check.id), PROOF_CASES)).toEqual([]);
  });
});
