/**
 * The defects the operations checks are proven against, with exactly the checks each one fails.
 */
import type { ProofCase } from '../../../proofs/proof-case.js';

export const PROOF_CASES: readonly ProofCase[] = [
  { defect: 'metrics served on the public port too', options: { proxyFaults: { metricsOnPublicPort: true } }, failed: ['OPS-METRICS-PUBLIC'] },
  { defect: "tool calls counted with the caller's sub as a label", options: { proxyFaults: { metricsBySubject: true } }, failed: ['OPS-METRICS-LABELS'] },
  { defect: 'no tool-call latency histogram', options: { proxyFaults: { metricsMissingHistogram: true } }, failed: ['OPS-METRICS-FORMAT'] },
  { defect: 'histogram buckets that are not cumulative', options: { proxyFaults: { metricsNotCumulative: true } }, failed: ['OPS-METRICS-FORMAT'] },
];
