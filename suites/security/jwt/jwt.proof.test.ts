/**
 * Proof that the JWT probes can fail: the whole catalogue passes (or warns exactly where the real Go API is documented
 * to be lenient) against the correct local stack in both JWT modes, and each defect makes exactly its checks fail.
 */
import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { failureMessages, runAgainstLocal } from '../../../proofs/run-against.js';
import { jwtChecks } from './jwt.checks.js';
import { PROBES } from './probes/index.js';
import { ALL_IDS, BASELINE_OTHER, PROOF_CASES, type JwtMode, type JwtProofCase } from './proof/cases.js';

const RUN_TIMEOUT_MS = 90_000;
/** locations a reviewer can open: the proxy's verifier and 401 shape, and the Go API contract (§4) */
const LOCATIONS = ['proxy/auth/verify-token.ts', 'proxy/http/app.ts', 'contract/toolbridge-api.md'];
const SCORE_RANGE: Record<string, [number, number]> = { critical: [9, 10], high: [7, 8.9], medium: [4, 6.9], low: [0.1, 3.9] };


function expectedOther(mode: JwtMode, scenario?: JwtProofCase): Record<string, string> {
  const baseline = Object.entries(BASELINE_OTHER[mode]).filter(([id]) => !scenario?.failed.includes(id));
  const skipped = (scenario?.alsoSkipped ?? []).filter((id) => !scenario?.failed.includes(id)).map((id) => [id, 'skipped'] as const);
  return Object.fromEntries([...baseline, ...skipped]);
}

describe('security/jwt catalogue', () => {
  test('one check per probe and side, ids generated from the probe table', () => {
    expect(PROBES.length).toBeGreaterThanOrEqual(26);
    expect(jwtChecks.map((check) => check.id)).toEqual([...ALL_IDS]);
    for (const check of jwtChecks) {
      expect(check.id).toMatch(/^SEC-JWT-(PROXY|GO)-[A-Z0-9-]+$/);
      expect(check.area).toBe('security/jwt');
      expect(check.requirement).toMatch(/checks-reference §2/);
      if (check.id.startsWith('SEC-JWT-GO-')) expect(check.requirement).toMatch(/^contract §4/);
      expect(check.expected).toBeTruthy();
      expect(check.rationale).toBeTruthy();
      const security = check.security!;
      expect(security.cwe).toMatch(/^CWE-\d+$/);
      expect(security.remediation.length).toBeGreaterThan(20);
      expect(LOCATIONS).toContain(security.location);
      const [low, high] = SCORE_RANGE[check.severity]!;
      expect(security.score, check.id).toBeGreaterThanOrEqual(low);
      expect(security.score, check.id).toBeLessThanOrEqual(high);
    }
  });

  test('posture findings are only ever about the Go API', () => {
    const posture = jwtChecks.filter((check) => check.posture).map((check) => check.id);
    expect(posture.every((id) => id.startsWith('SEC-JWT-GO-'))).toBe(true);
    for (const mode of ['hs256', 'rs256'] as const) {
      for (const [id, status] of Object.entries(BASELINE_OTHER[mode])) if (status === 'warned') expect(posture).toContain(id);
    }
  });

  test('every check is shown failing by at least one defect', () => {
    const proven = new Set(PROOF_CASES.flatMap((scenario) => scenario.failed));
    expect(ALL_IDS.filter((id) => !proven.has(id))).toEqual([]);
    for (const scenario of PROOF_CASES) {
      expect(new Set(scenario.failed).size, scenario.defect).toBe(scenario.failed.length);
      for (const id of [...scenario.failed, ...(scenario.alsoSkipped ?? [])]) expect(ALL_IDS).toContain(id);
    }
  });

  test('SARIF locations exist in the repository (contract/toolbridge-api.md is the Go contract)', () => {
    for (const location of LOCATIONS.filter((l) => !l.startsWith('contract/'))) expect(existsSync(location), location).toBe(true);
  });
});

describe('security/jwt against the correct local stack', () => {
  test.each(['hs256', 'rs256'] as const)('%s: passes, warning only on documented Go API leniencies', { timeout: RUN_TIMEOUT_MS }, async (mode) => {
    const run = await runAgainstLocal(jwtChecks, { jwt: mode });
    expect(failureMessages(run)).toEqual({});
    expect(run.other).toEqual(expectedOther(mode));
    expect(run.results.size).toBe(jwtChecks.length);
    for (const [id, status] of Object.entries(run.other)) {
      const message = run.results.get(id)?.message ?? '';
      if (status === 'warned') expect(message, id).toMatch(/^posture finding: .*(contract §4|golang-jwt)/);
      else expect(message, id).toMatch(/^not applicable: /);
    }
  });

  test('hs256 without an issuer (the proxy is not OAuth-discoverable): its plain Bearer challenges pass', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(jwtChecks, { jwt: 'hs256', secrets: { issuer: '' }, proxyEnv: { TOOLBRIDGE_JWT_ISSUER: '' } });
    expect(failureMessages(run)).toEqual({});
    expect(Object.keys(run.other).filter((id) => id.startsWith('SEC-JWT-PROXY-') && run.other[id] === 'warned')).toEqual([]);
  });
});

describe('security/jwt against defects', () => {
  test.each(PROOF_CASES.map((scenario) => [scenario.defect, scenario] as const))('%s', { timeout: RUN_TIMEOUT_MS }, async (_, scenario) => {
    const run = await runAgainstLocal(jwtChecks, scenario.options);
    // compared with messages, so an unexpected failure shows its reason
    expect(failureMessages(run)).toEqual(Object.fromEntries([...scenario.failed].sort().map((id) => [id, expect.any(String)])));
    expect(run.failed).toEqual([...scenario.failed].sort());
    for (const [id, message] of Object.entries(failureMessages(run))) {
      expect(message, id).not.toMatch(/^the check could not complete/);
      expect(message, id).toMatch(scenario.because);
    }
    expect(run.other).toEqual(expectedOther(scenario.mode, scenario));
    for (const id of scenario.alsoSkipped ?? []) {
      if (!id.endsWith('-KEY-CONFUSION')) expect(run.results.get(id)?.message, id).toMatch(/^untestable: the valid control token was refused/);
    }
  });
});
