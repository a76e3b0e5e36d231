import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../framework/model/policy.js';
import { runAgainstLocal } from '../../proofs/run-against.js';
import { latencyChecks } from './latency.checks.js';

// Small samples and limits keep the proofs quick, and each defect clears its limit by far: with every Go answer
// 150 ms late a tool call or route costs at least 150 ms (p95 limit 120 ms); with every Go answer 1.5 s late a
// user's first tool call (a session, then the call) costs at least 3 s (cold-start limit 2 s, which a healthy fresh
// stack stays well under).
const settings = {
  latency: { ...DEFAULT_POLICY.latency, p95Ms: 120, coldStartMs: 2_000, samplesPerTool: 2, samplesPerRoute: 2, warmupCalls: 0 },
};
const PROOF_TIMEOUT_MS = 90_000;

describe('latency checks can fail', () => {
  it('pass against the correct local stack', { timeout: PROOF_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(latencyChecks, { settings });
    expect(run.failed).toEqual([]);
    const p95 = run.results.get('LAT-002')?.metrics.p95Ms;
    expect(typeof p95).toBe('number');
  });

  it('fail when the Go API answers 150 ms late, saying by how much', { timeout: PROOF_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(latencyChecks, { settings, goFaults: { fixedLatencyMs: 150 } });
    expect(run.failed).toEqual(['LAT-002', 'LAT-003']);
    expect(run.results.get('LAT-002')?.message).toMatch(/tool-call p95 is \d+(\.\d+)? ms \(limit 120 ms\); slowest: /);
    expect(run.results.get('LAT-003')?.message).toMatch(/Go API p95 is \d+(\.\d+)? ms \(limit 120 ms\)/);
  });

  it('fail the cold-start check when the first answers take seconds', { timeout: PROOF_TIMEOUT_MS }, async () => {
    const coldStart = latencyChecks.filter((check) => check.id === 'LAT-001');
    const run = await runAgainstLocal(coldStart, { settings, goFaults: { fixedLatencyMs: 1_500 } });
    expect(run.failed).toEqual(['LAT-001']);
    expect(run.results.get('LAT-001')?.message).toMatch(/first tool call took \d+ ms \(limit 2000 ms\)/);
  });
});
