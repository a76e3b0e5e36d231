/**
 * The fuzz checks against the correct stand-in (only documented quirks, warned) and against stand-ins with one
 * defect each, every defect fuzzed on the few operations it touches with a short budget. Schemathesis is optional
 * locally (the tests skip with the install command) and required in CI.
 */
import { describe, expect, it } from 'vitest';
import { locateSchemathesis, INSTALL_COMMANDS } from '../../framework/engines/locate.js';
import { proofTimeoutMs, runAgainstLocal } from '../../proofs/run-against.js';
import { optionalRequirement } from '../../framework/testing/optional.js';
import { optionsOf, unproven } from '../../proofs/proof-case.js';
import { PROOF_CASES, QUIRK_WARNINGS } from './proof/cases.js';
import { fuzzChecks } from './fuzz.checks.js';

const missing = optionalRequirement(locateSchemathesis() !== undefined, 'Schemathesis', INSTALL_COMMANDS.schemathesis);
const caseTimeoutMs = Math.max(...PROOF_CASES.map((proof) => proofTimeoutMs(fuzzChecks, optionsOf(proof).settings)));

describe.skipIf(missing)('fuzz checks (Schemathesis)', () => {
  it('against the correct stand-in: every operation fuzzed, only documented quirks (warned)', { timeout: proofTimeoutMs(fuzzChecks) }, async () => {
    const run = await runAgainstLocal(fuzzChecks, { concurrency: fuzzChecks.length });
    // a failure shows its findings (response and curl reproduction) and the seed, to replay it
    const failures = run.failed.map((id) => {
      const result = run.results.get(id)!;
      const notes = result.evidence.flatMap((e) => (e.kind === 'note' ? [e.text] : [])).slice(0, 3);
      return `${id} (seed ${String(result.metrics.seed)}): ${result.message}\n${notes.join('\n')}`;
    });
    expect(failures).toEqual([]);
    for (const [id, status] of Object.entries(run.other)) {
      expect(status, `${id}: ${run.results.get(id)?.message}`).toBe('warned');
      expect(QUIRK_WARNINGS.has(id), `${id}: ${run.results.get(id)?.message}`).toBe(true);
    }
    const result = run.results.get('FUZZ-SCHEMATHESIS-RUN')!;
    expect(result.metrics.operationsTested).toBe(57);
    // the hooks logged the requests: most carried the run's credentials
    expect(result.metrics.requestsWithCredentials).toBeGreaterThan(1000);
    expect(result.engineVersion).toMatch(/^\d+\.\d+/);
  });

  it.each(PROOF_CASES.map((proof) => [proof.defect, proof] as const))('%s', { timeout: caseTimeoutMs }, async (_, proof) => {
    const run = await runAgainstLocal(fuzzChecks, optionsOf(proof));
    expect(run.failed, JSON.stringify([...run.results.values()].filter((r) => r.status === 'failed').map((r) => [r.id, r.message]))).toEqual(proof.failed);
    // the only defect the run check is about: the API's answers to the run's credentials, not a heuristic
    if (proof.failed.includes('FUZZ-SCHEMATHESIS-RUN')) expect(run.results.get('FUZZ-SCHEMATHESIS-RUN')!.message).toMatch(/^the API refused the run's credentials: .*\(GET \/v1\/notes/);
  });

  it('every fuzz check is shown failing by some defect, all of them run side by side', () => {
    expect(unproven(fuzzChecks.map((check) => check.id), PROOF_CASES)).toEqual([]);
    expect(PROOF_CASES.every((proof) => optionsOf(proof).concurrency === fuzzChecks.length)).toBe(true);
  });
});

if (missing) it.skip(`fuzz proofs: ${missing}`, () => undefined);
