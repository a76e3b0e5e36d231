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
import { decodeJwt } from 'jose';
import type { Tamper } from '../../stand-ins/tamper/tamper-front.js';
import { DEFAULT_SETTINGS } from '../../framework/checks/run-check.js';
import { DEFAULT_POLICY, type FuzzSettings } from '../../framework/model/policy.js';
import type { RunSettings } from '../../framework/checks/context.js';

const missing = optionalRequirement(locateSchemathesis() !== undefined, 'Schemathesis', INSTALL_COMMANDS.schemathesis);
const caseTimeoutMs = Math.max(...PROOF_CASES.map((proof) => proofTimeoutMs(fuzzChecks, optionsOf(proof).settings)));
const withFuzz = (fuzz: Partial<FuzzSettings>): RunSettings => ({ ...DEFAULT_SETTINGS, fuzz: { ...DEFAULT_POLICY.fuzz, ...fuzz } });
const LONGEST_RUN_S = 900;
const longestBudget = withFuzz({ maxTimeS: LONGEST_RUN_S, maxExamples: 2, operations: ['listNotes'] });
const shortBound = withFuzz({ maxTimeS: 5 });

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

  it("the fuzz users' tokens outlive the longest run the budget allows, not the target's default 10 minutes", { timeout: proofTimeoutMs(fuzzChecks, longestBudget) }, async () => {
    const lifetimes = new Set<number>();
    const recordLifetime: Tamper = {
      when: (_, path) => path === '/v1/notes',
      rewrite: (_, { headers }) => {
        const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
        const claims = token ? (decodeJwt(token) as { iat?: number; exp?: number }) : {};
        if (claims.exp !== undefined && claims.iat !== undefined) lifetimes.add(claims.exp - claims.iat);
      },
    };
    const run = await runAgainstLocal(fuzzChecks, { settings: longestBudget, concurrency: fuzzChecks.length, tamper: { goApi: [recordLifetime] } });
    expect(run.failed).toEqual([]);
    expect(lifetimes.size).toBeGreaterThan(0);
    for (const lifetime of lifetimes) expect(lifetime).toBeGreaterThan(LONGEST_RUN_S);
  });

  it("a run stopped at the budget's time bound fails every fuzz check, saying so, and none crashes", { timeout: proofTimeoutMs(fuzzChecks, shortBound) }, async () => {
    const run = await runAgainstLocal(fuzzChecks, { settings: shortBound, concurrency: fuzzChecks.length, goFaults: { fixedLatencyMs: 300 } });
    expect(run.failed).toEqual(fuzzChecks.map((check) => check.id).sort());
    for (const result of run.results.values()) {
      expect(result.message, result.id).toMatch(/^the Schemathesis run was stopped at its time bound of 5 s \(the policy's fuzz\.maxTimeS\) with \d+ of 57 operations reported/);
    }
  });

  it('every fuzz check is shown failing by some defect, all of them run side by side', () => {
    expect(unproven(fuzzChecks.map((check) => check.id), PROOF_CASES)).toEqual([]);
    expect(PROOF_CASES.every((proof) => optionsOf(proof).concurrency === fuzzChecks.length)).toBe(true);
  });
});

if (missing) it.skip(`fuzz proofs: ${missing}`, () => undefined);
