/**
 * Proof that the tenant-header checks can fail: against the correct local stack every check passes except the two
 * posture findings, which warn exactly as designed; each defect (a stand-in fault, or a proxy configured with
 * another tenant secret) fails exactly the listed checks, no more, no fewer.
 */
import { describe, expect, test } from 'vitest';
import type { CheckResult } from '../../../framework/model/types.js';
import { optionsOf, unproven } from '../../../proofs/proof-case.js';
import { failureMessages, runAgainstLocal, type ProofRun } from '../../../proofs/run-against.js';
import { ALL, POSTURE_WARNED, PROOF_CASES, PROXY_SECRET } from './proof/cases.js';
import { SECRET_MISMATCH } from './proxy-secret.checks.js';
import { tenantChecks } from './tenant.checks.js';

const RUN_TIMEOUT_MS = 120_000;
const resultsOf = (run: ProofRun): CheckResult[] => [...run.results.values()];

describe('security/tenant catalogue', () => {
  test('metadata: area, security facts, requirement, expected answer, posture flags', () => {
    for (const check of tenantChecks) {
      expect(check.id).toMatch(/^SEC-TENANT-[A-Z-]+$/);
      expect(check.area).toBe('security/tenant');
      expect(check.requirement).toMatch(/contract §5|SECRETS-REFERENCE/);
      expect(check.expected && check.rationale).toBeTruthy();
      expect(check.security?.cwe).toMatch(/^CWE-\d+$/);
      expect(check.security?.score).toBeGreaterThan(0);
      expect(check.security?.remediation).toBeTruthy();
      expect(['contract/toolbridge-api.md', 'docs/SECRETS-REFERENCE.md']).toContain(check.security?.location);
    }
    expect(tenantChecks.filter((check) => check.posture).map((check) => check.id).sort()).toEqual(Object.keys(POSTURE_WARNED).sort());
  });

  test('every check is shown failing by a defect', () => {
    expect(unproven(ALL, PROOF_CASES)).toEqual([]);
  });

  test('against the correct stack: all pass, the two posture findings warn with evidence', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(tenantChecks);
    expect(failureMessages(run)).toEqual({});
    expect(run.other).toEqual(POSTURE_WARNED);
    expect(run.results.size).toBe(tenantChecks.length);
    for (const id of Object.keys(POSTURE_WARNED)) {
      const result = run.results.get(id)!;
      expect(result.message).toMatch(/^accepted risk/);
      expect(result.evidence.filter((e) => e.kind === 'http').length).toBeGreaterThanOrEqual(3);
    }
    expect(run.results.get('SEC-TENANT-REPLAY')!.metrics.replayStatus).toBe(200);
    expect(run.results.get('SEC-TENANT-UNBOUND-TENANT')!.metrics.crossTenantReadStatus).toBe(200);
  });

  test.each(PROOF_CASES.map((proof) => [proof.defect, proof] as const))('%s', { timeout: RUN_TIMEOUT_MS }, async (_, defect) => {
    const run = await runAgainstLocal(tenantChecks, optionsOf(defect));
    expect(failureMessages(run)).toEqual(Object.fromEntries([...defect.failed].sort().map((id) => [id, expect.any(String)])));
    expect(run.other).toEqual(defect.other ?? {});
    for (const result of resultsOf(run)) {
      if (result.status === 'failed') expect(result.message, result.id).not.toMatch(/^the check could not complete/);
    }
    if (defect.failed.includes(PROXY_SECRET) && defect.failed.length === 1) {
      expect(run.results.get(PROXY_SECRET)!.message).toContain(SECRET_MISMATCH);
    }
  });
});
