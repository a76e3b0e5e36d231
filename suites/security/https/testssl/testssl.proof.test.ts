/**
 * testssl.sh's checks against the correct edge (a clean scan) and against edges with one TLS defect each. Every
 * scan takes half a minute, so each defect is scanned once and all five checks are judged on it. testssl.sh is
 * optional locally (the tests skip with the install command) and required in CI.
 */
import { describe, expect, it } from 'vitest';
import { INSTALL_COMMANDS, locateTestssl } from '../../../../framework/engines/locate.js';
import { proofTimeoutMs, runAgainstLocal } from '../../../../proofs/run-against.js';
import { optionalRequirement } from '../../../../framework/testing/optional.js';
import { optionsOf, unproven } from '../../../../proofs/proof-case.js';
import { PROOF_CASES } from './proof/cases.js';
import { findingsOf, testsslChecks } from './testssl.checks.js';

const missing = optionalRequirement(locateTestssl() !== undefined, 'testssl.sh', INSTALL_COMMANDS['testssl.sh']);

const PROOF_TIMEOUT_MS = proofTimeoutMs(testsslChecks);

describe.skipIf(missing)('testssl.sh checks', () => {
  it('all pass against the correct edge', { timeout: PROOF_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(testsslChecks, { concurrency: testsslChecks.length });
    expect(Object.fromEntries([...run.results.values()].filter((r) => r.status !== 'passed').map((r) => [r.id, r.message]))).toEqual({});
    for (const result of run.results.values()) expect(result.engineVersion).toMatch(/^\d+\.\d+/);
  });

  // scans wait on handshakes more than they compute: running them side by side halves the wall time
  it.concurrent.each(PROOF_CASES.map((proof) => [proof.defect, proof] as const))('%s', { timeout: PROOF_TIMEOUT_MS }, async (_, proof) => {
    const run = await runAgainstLocal(testsslChecks, optionsOf(proof));
    expect(run.failed, JSON.stringify(Object.fromEntries([...run.results.values()].map((r) => [r.id, r.message])))).toEqual(proof.failed);
    expect(run.other).toEqual(proof.other);
    for (const id of proof.failed) expect(run.results.get(id)?.message).not.toMatch(/could not complete|produced no findings/);
  });

  it('every testssl.sh check is shown failing by some defect', () => {
    expect(unproven(testsslChecks.map((check) => check.id), PROOF_CASES)).toEqual([]);
    expect(PROOF_CASES.every((proof) => optionsOf(proof).concurrency === testsslChecks.length)).toBe(true);
  });
});

describe('reading testssl.sh findings', () => {
  it('turns a legacy protocol offered into a finding, whatever testssl.sh rates it', () => {
    const area = { id: 'SEC-HTTPS-TESTSSL-PROTOCOLS', ids: /^(SSLv2|SSLv3|TLS1|TLS1_1|TLS1_2|TLS1_3)$/, alwaysFinding: (f: { id: string; finding: string }) => (f.id === 'TLS1' && f.finding.startsWith('offered') ? 'legacy' : undefined) };
    const { findings, seen } = findingsOf(area as never, [
      { id: 'TLS1', severity: 'INFO', finding: 'offered (deprecated)' },
      { id: 'TLS1_2', severity: 'OK', finding: 'offered' },
      { id: 'heartbleed', severity: 'OK', finding: 'not vulnerable' },
    ], '127.0.0.1:443');
    expect(seen).toBe(2);
    expect(findings.map((f) => [f.code, f.detail.split('\n')[0]])).toEqual([['TLS1', 'severity MEDIUM — legacy']]);
  });

  it('keeps LOW and worse with their CWE and CVE, and drops a CAA record on an IP literal', () => {
    const area = { ids: /^(cert_.*|DNS_CAArecord|LUCKY13)$/ };
    const { findings } = findingsOf(area as never, [
      { id: 'LUCKY13', severity: 'LOW', cve: 'CVE-2013-0169', cwe: 'CWE-310', finding: 'potentially vulnerable, uses TLS CBC ciphers' },
      { id: 'cert_expirationStatus', severity: 'CRITICAL', finding: 'expired' },
      { id: 'DNS_CAArecord', severity: 'LOW', finding: '--' },
      { id: 'cert_keySize', severity: 'OK', finding: 'EC 256 bits' },
    ], '127.0.0.1:443');
    expect(findings.map((f) => f.detail.split('\n')[0])).toEqual(['severity LOW (CWE-310 CVE-2013-0169)', 'severity CRITICAL']);
  });
});

if (missing) it.skip(`testssl.sh proofs: ${missing}`, () => undefined);
