import { describe, expect, it } from 'vitest';
import { optionsOf, unproven } from '../../proofs/proof-case.js';
import { runAgainstLocal } from '../../proofs/run-against.js';
import { latencyChecks } from './latency.checks.js';
import { PROOF_CASES, PROOF_SETTINGS } from './proof/cases.js';

const PROOF_TIMEOUT_MS = 90_000;
const [LATE, COLD] = PROOF_CASES as [(typeof PROOF_CASES)[number], (typeof PROOF_CASES)[number]];

describe('latency checks can fail', () => {
  it('pass against the correct local stack', { timeout: PROOF_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(latencyChecks, { settings: PROOF_SETTINGS });
    expect(run.failed).toEqual([]);
    const p95 = run.results.get('LAT-002')?.metrics.p95Ms;
    expect(typeof p95).toBe('number');
  });

  it(`${LATE.defect}: the p95 checks fail, saying by how much`, { timeout: PROOF_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(latencyChecks, optionsOf(LATE));
    expect(run.failed).toEqual(LATE.failed);
    expect(run.results.get('LAT-002')?.message).toMatch(/tool-call p95 is \d+(\.\d+)? ms \(limit 120 ms\); slowest: /);
    expect(run.results.get('LAT-003')?.message).toMatch(/Go API p95 is \d+(\.\d+)? ms \(limit 120 ms\)/);
  });

  it(`${COLD.defect}: the cold-start check fails`, { timeout: PROOF_TIMEOUT_MS }, async () => {
    const coldStart = latencyChecks.filter((check) => COLD.failed.includes(check.id));
    const run = await runAgainstLocal(coldStart, optionsOf(COLD));
    expect(run.failed).toEqual(COLD.failed);
    expect(run.results.get('LAT-001')?.message).toMatch(/first tool call took \d+ ms \(limit 2000 ms\)/);
  });

  it('every check is shown failing by some defect', () => {
    expect(unproven(latencyChecks.map((check) => check.id), PROOF_CASES)).toEqual([]);
  });
});
