/**
 * Proof that the tenant-header checks can fail: against the correct local stack every check passes except the two
 * posture findings, which warn exactly as designed; each defect (a stand-in fault, or a proxy configured with
 * another tenant secret) fails exactly the listed checks, no more, no fewer.
 */
import { describe, expect, test } from 'vitest';
import type { CheckResult } from '../../../harness/checks/types.js';
import { runAgainstLocal, type ProofOptions, type ProofRun } from '../../../harness/proof/run-against.js';
import { randomHexSecret } from './lib/headers.js';
import { SECRET_MISMATCH } from './proxy-secret.checks.js';
import { tenantChecks } from './tenant.checks.js';

const RUN_TIMEOUT_MS = 120_000;
const ALL = tenantChecks.map((check) => check.id).sort();
const PROXY_SECRET = 'SEC-TENANT-PROXY-SECRET-MATCH';
/** The real API's documented weaknesses: warned, not failed, against a faithful target. */
const POSTURE_WARNED = { 'SEC-TENANT-REPLAY': 'warned', 'SEC-TENANT-UNBOUND-TENANT': 'warned' } as const;
const BAD_SIGNATURE_ACCEPTED = [
  'SEC-TENANT-WRONG-SECRET',
  'SEC-TENANT-TRUNCATED-SIGNATURE',
  'SEC-TENANT-UPPERCASE-SIGNATURE',
  'SEC-TENANT-SIGNATURE-BINDING',
  'SEC-TENANT-NO-ORACLE',
  // worse than the documented API: a wrongly signed set replays, an unsigned tenant id works
  'SEC-TENANT-REPLAY',
  'SEC-TENANT-UNBOUND-TENANT',
];

interface Defect {
  readonly options: ProofOptions;
  readonly failed: readonly string[];
  /** warned/skipped ids besides the failures */
  readonly other: Readonly<Record<string, string>>;
}

const DEFECTS: Readonly<Record<string, Defect>> = {
  'the Go API never verifies the tenant signature (skipTenantSignature)': {
    options: { goFaults: { skipTenantSignature: true } },
    failed: BAD_SIGNATURE_ACCEPTED,
    other: {},
  },
  'the Go API does not check tenant headers at all (skipTenantCheck)': {
    options: { goFaults: { skipTenantCheck: true } },
    failed: ALL.filter((id) => id !== PROXY_SECRET),
    other: {},
  },
  'the Go API says which tenant check failed (tenantOracle)': {
    options: { goFaults: { tenantOracle: true } },
    failed: ['SEC-TENANT-NO-ORACLE'],
    other: POSTURE_WARNED,
  },
  'the Go API compares signatures case-insensitively (acceptUppercaseSignature)': {
    options: { goFaults: { acceptUppercaseSignature: true } },
    failed: ['SEC-TENANT-UPPERCASE-SIGNATURE'],
    other: POSTURE_WARNED,
  },
  "the proxy's TOOLBRIDGE_TENANT_HEADER_SECRET differs from the Go API's TENANT_HEADER_SECRET": {
    options: { proxyEnv: { TOOLBRIDGE_TENANT_HEADER_SECRET: randomHexSecret() } },
    failed: [PROXY_SECRET],
    other: POSTURE_WARNED,
  },
};

const resultsOf = (run: ProofRun): CheckResult[] => [...run.results.values()];
const failureMessages = (run: ProofRun) => Object.fromEntries(run.failed.map((id) => [id, run.results.get(id)?.message ?? '']));

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
    const proven = new Set(Object.values(DEFECTS).flatMap((defect) => defect.failed));
    expect(ALL.filter((id) => !proven.has(id))).toEqual([]);
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

  test.each(Object.entries(DEFECTS))('%s', { timeout: RUN_TIMEOUT_MS }, async (_, defect) => {
    const run = await runAgainstLocal(tenantChecks, defect.options);
    expect(failureMessages(run)).toEqual(Object.fromEntries([...defect.failed].sort().map((id) => [id, expect.any(String)])));
    expect(run.other).toEqual(defect.other);
    for (const result of resultsOf(run)) {
      if (result.status === 'failed') expect(result.message, result.id).not.toMatch(/^the check could not complete/);
    }
    if (defect.failed.includes(PROXY_SECRET) && defect.failed.length === 1) {
      expect(run.results.get(PROXY_SECRET)!.message).toContain(SECRET_MISMATCH);
    }
  });
});
