/**
 * The defects the latency checks are proven against (latency.proof.test.ts). Small samples and limits keep the proofs
 * quick, and each defect clears its limit by far: with every Go answer 150 ms late a tool call or route costs at least
 * 150 ms (p95 limit 120 ms); with every Go answer 1.5 s late a user's first tool call (a session, then the call) costs
 * at least 3 s (cold-start limit 2 s, which a healthy fresh stack stays well under).
 */
import { DEFAULT_POLICY } from '../../../framework/model/policy.js';
import type { ProofCase } from '../../../proofs/proof-case.js';

export const PROOF_SETTINGS = {
  latency: { ...DEFAULT_POLICY.latency, p95Ms: 120, coldStartMs: 2_000, samplesPerTool: 2, samplesPerRoute: 2, warmupCalls: 0 },
};

export const PROOF_CASES: readonly ProofCase[] = [
  {
    defect: 'the Go API answers every request 150 ms late',
    options: { settings: PROOF_SETTINGS, goFaults: { fixedLatencyMs: 150 } },
    failed: ['LAT-002', 'LAT-003'],
  },
  {
    defect: 'the Go API answers every request 1.5 s late: a first tool call takes seconds',
    options: { settings: PROOF_SETTINGS, goFaults: { fixedLatencyMs: 1_500 } },
    failed: ['LAT-001'],
  },
];
