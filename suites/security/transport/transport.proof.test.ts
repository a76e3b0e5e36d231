/**
 * Proof that the transport checks can fail: the catalogue passes (the 500-on-validation posture finding warns)
 * against the correct stack; each proxy fault fails exactly its check; and tampered responses stand in for the
 * defects no fault reaches (only the checks that read those responses run there).
 */
import { describe, expect, test } from 'vitest';
import { runAgainstLocal, type ProofRun } from '../../../proofs/run-against.js';
import { FAULTS, POSTURE, SSE_DEFECTS, TAMPERED } from './proof/defects.js';
import { transportChecks } from './transport.checks.js';

const RUN_TIMEOUT_MS = 120_000;
/** Checks of the HTTP+SSE transport: not applicable to the local stack (Streamable HTTP), proven against an SSE target. */
const SKIPPED_HERE = Object.fromEntries(SSE_DEFECTS.flatMap((d) => d.checks).map((id) => [id, 'skipped']));
function failureMessages(run: ProofRun): Record<string, string> {
  return Object.fromEntries(run.failed.map((id) => [id, run.results.get(id)?.message ?? '']));
}

function expectFailures(run: ProofRun, expected: readonly string[]): void {
  expect(failureMessages(run)).toEqual(Object.fromEntries([...expected].sort().map((id) => [id, expect.any(String)])));
  for (const [id, message] of Object.entries(failureMessages(run))) expect(message, id).not.toMatch(/^the check could not complete/);
}

describe('security/transport catalogue', () => {
  test('ids, areas and security facts', () => {
    expect(transportChecks.map((c) => c.id)).toHaveLength(new Set(transportChecks.map((c) => c.id)).size);
    for (const check of transportChecks) {
      expect(check.id).toMatch(/^SEC-TRANSPORT-[A-Z0-9_-]+$/);
      expect(check.area).toBe('security/transport');
      expect(check.expected && check.rationale && check.requirement).toBeTruthy();
      expect(check.security?.cwe).toMatch(/^CWE-\d+$/);
      expect(check.security?.location).toMatch(/^(contract|proxy)\//);
    }
    expect(transportChecks.filter((c) => c.posture).map((c) => c.id)).toEqual([POSTURE]);
  });

  test('every check is shown failing by a fault or a tampered response', () => {
    const proven = new Set([...FAULTS.flatMap(([, ids]) => ids), ...TAMPERED.flatMap((d) => d.checks), ...SSE_DEFECTS.flatMap((d) => d.checks)]);
    expect(transportChecks.map((c) => c.id).filter((id) => !proven.has(id))).toEqual([]);
  });

  test('passes against the correct stack; the 500-on-validation posture finding warns', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(transportChecks);
    expect(failureMessages(run)).toEqual({});
    expect(run.other).toEqual({ [POSTURE]: 'warned', ...SKIPPED_HERE });
  });

  test('passes against a proxy without an authorization server (plain Bearer challenge, no metadata)', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(transportChecks, { proxyEnv: { TOOLBRIDGE_JWT_ISSUER: '' } });
    expect(failureMessages(run)).toEqual({});
    expect(run.other).toEqual({ [POSTURE]: 'warned', ...SKIPPED_HERE });
  });

  test.each(FAULTS)('proxy fault %s fails exactly its checks', { timeout: RUN_TIMEOUT_MS }, async (fault, expected) => {
    const run = await runAgainstLocal(transportChecks, { proxyFaults: { [fault]: true } });
    expectFailures(run, expected);
    expect(run.other).toEqual({ [POSTURE]: 'warned', ...SKIPPED_HERE });
  });

  test.each(TAMPERED.map((d) => [d.defect, d] as const))('tampered: %s', { timeout: RUN_TIMEOUT_MS }, async (_, { checks, options }) => {
    const selected = transportChecks.filter((c) => checks.includes(c.id));
    expect(selected.map((c) => c.id).sort()).toEqual([...checks].sort());
    const run = await runAgainstLocal(selected, options());
    expectFailures(run, checks);
    expect(run.other).toEqual({});
  });
});
