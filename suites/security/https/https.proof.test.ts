/**
 * Proof that the HTTPS checks can fail: the whole catalogue passes against the correct local stack (behind its TLS
 * edge), and each defect in proof/defects.ts gives exactly the listed outcome — no more failures, no fewer. A
 * target without HTTPS gets every check skipped, never passed.
 */
import { describe, expect, test } from 'vitest';
import { runCheck } from '../../../framework/checks/run-check.js';
import { failureMessages, runAgainstLocal } from '../../../proofs/run-against.js';
import { unreachableTarget } from '../../../framework/testing/unreachable-target.js';
import { httpsChecks } from './https.checks.js';
import { optionsOf, unproven } from '../../../proofs/proof-case.js';
import { PROOF_CASES } from './proof/cases.js';

const DEFECTS = PROOF_CASES.filter((proof) => proof.options);

const RUN_TIMEOUT_MS = 60_000;
const ids = httpsChecks.map((check) => check.id);

/** Failure messages by id, so an unexpected failure shows its reason. */

describe('security/https catalogue', () => {
  test('ids, area and reviewer facts', () => {
    for (const check of httpsChecks) {
      expect(check.id).toMatch(/^SEC-HTTPS-[A-Z0-9_-]+$/);
      expect(check.area).toBe('security/https');
      expect(check.expected && check.rationale && check.requirement).toBeTruthy();
      expect(check.security?.cwe).toMatch(/^CWE-\d+$/);
      expect(['fly.staging.toml', 'proxy/http/app.ts']).toContain(check.security?.location);
    }
  });

  test('every check is shown failing by at least one defect', () => {
    expect(unproven(ids, PROOF_CASES)).toEqual([]);
    for (const id of DEFECTS.flatMap((d) => [...d.failed, ...Object.keys(d.other ?? {})])) expect(ids).toContain(id);
  });

  test('everything passes against the correct stack', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(httpsChecks);
    expect(failureMessages(run)).toEqual({});
    expect(run.other).toEqual({});
    expect(run.results.size).toBe(ids.length);
  });

  test('a loopback proxy without HTTPS (a lab) gets every check skipped with its reason, none passed', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(httpsChecks, { edge: false });
    expect(run.other).toEqual(Object.fromEntries(ids.map((id) => [id, 'skipped'])));
    expect(run.results.get('SEC-HTTPS-SERVED')?.message).toMatch(/^not applicable: a loopback target over plain HTTP/);
    for (const id of ids.filter((i) => i !== 'SEC-HTTPS-SERVED')) expect(run.results.get(id)?.message).toMatch(/^untestable: the proxy is not served over HTTPS/);
  });

  test('a deployment over cleartext fails SEC-HTTPS-SERVED; the rest skip without sending anything', async () => {
    // a check that tried to connect would end "could not complete", not skipped
    const target = unreachableTarget('cleartext-deployment', 'proof');
    const results = await Promise.all(httpsChecks.map((check) => runCheck(check, target)));
    const served = results.find((r) => r.id === 'SEC-HTTPS-SERVED')!;
    expect(served.status).toBe('failed');
    expect(served.message).toMatch(/^the proxy is not served over HTTPS: http:\/\/toolbridge-mcp\.invalid is cleartext/);
    for (const r of results.filter((x) => x.id !== 'SEC-HTTPS-SERVED')) expect([r.id, r.status, r.message]).toEqual([r.id, 'skipped', expect.stringMatching(/^untestable: the proxy is not served over HTTPS/)]);
  });

  test.each(DEFECTS.map((d) => [d.defect, d] as const))('%s', { timeout: RUN_TIMEOUT_MS }, async (_, defect) => {
    const run = await runAgainstLocal(httpsChecks, optionsOf(defect));
    expect(failureMessages(run)).toEqual(Object.fromEntries(defect.failed.map((id) => [id, expect.any(String)])));
    expect(run.other).toEqual(defect.other ?? {});
    for (const [id, message] of Object.entries(failureMessages(run))) expect(message, id).not.toMatch(/^the check could not complete/);
  });

  test('a TLS 1.0 refusal is the server\'s: the same client completes TLS 1.0 against an edge that allows it', { timeout: RUN_TIMEOUT_MS }, async () => {
    const legacy = httpsChecks.filter((check) => check.id === 'SEC-HTTPS-TLS10-REFUSED');
    const run = await runAgainstLocal(legacy, { edge: { allowTls10: true } });
    expect(run.results.get('SEC-HTTPS-TLS10-REFUSED')?.message).toMatch(/^the server completed a TLS 1\.0 handshake/);
    expect(run.results.get('SEC-HTTPS-TLS10-REFUSED')?.metrics.negotiated).toBe('TLSv1');
  });
});
