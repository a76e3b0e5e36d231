import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../harness/run/policy.js';
import { runAgainstLocal } from '../../harness/proof/run-against.js';
import { latencyChecks } from './latency.checks.js';

// Small samples and limits keep the proof quick; the defect (every Go answer delayed 250 ms) clears them by far.
const settings = {
  latency: { ...DEFAULT_POLICY.latency, p95Ms: 200, coldStartMs: 200, samplesPerTool: 2, samplesPerRoute: 2, warmupCalls: 0 },
};

describe('latency checks can fail', () => {
  it('pass against the correct local stack', async () => {
    const run = await runAgainstLocal(latencyChecks, { settings });
    expect(run.failed).toEqual([]);
    const p95 = run.results.get('LAT-002')?.metrics.p95Ms;
    expect(typeof p95).toBe('number');
  });

  it('fail when the Go API answers 250 ms late, saying by how much', async () => {
    const run = await runAgainstLocal(latencyChecks, { settings, goFaults: { fixedLatencyMs: 250 } });
    expect(run.failed).toEqual(['LAT-001', 'LAT-002', 'LAT-003']);
    expect(run.results.get('LAT-002')?.message).toMatch(/tool-call p95 is \d+(\.\d+)? ms \(limit 200 ms\); slowest: /);
    expect(run.results.get('LAT-003')?.message).toMatch(/Go API p95 is \d+(\.\d+)? ms \(limit 200 ms\)/);
  });
});
