/**
 * The verification report of one run, assembled from the gated checks and what the run recorded: verdict and
 * reasons, summary counts, timing. The run (verify/run) decides everything; this only puts it in the report's shape.
 */
import { REPORT_SCHEMA_ID, REPORT_SCHEMA_VERSION, type ReportedCheck, type RunAborted, type VerificationReport } from './model.js';

export interface ReportInput {
  readonly runId: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly target: VerificationReport['target'];
  readonly tool: VerificationReport['tool'];
  readonly selection: VerificationReport['selection'];
  readonly policySource: string | null;
  readonly baseline: VerificationReport['baseline'];
  /** the checks after policy and baseline, with the gate's own verdict and reasons */
  readonly gated: { readonly checks: readonly ReportedCheck[]; readonly verdict: 'passed' | 'failed'; readonly reasons: readonly string[] };
  /** errors of the runner itself (a check file that did not load, …): each fails the run */
  readonly runnerErrors: readonly string[];
  readonly aborted: RunAborted | undefined;
}

export function assembleReport(input: ReportInput): VerificationReport {
  const { gated, runnerErrors, aborted } = input;
  const reasons = [...(aborted ? [aborted.reason] : []), ...gated.reasons, ...runnerErrors.map((e) => `runner error: ${e}`)];
  const verdict = gated.verdict === 'passed' && runnerErrors.length === 0 && !aborted ? 'passed' : 'failed';
  const count = (status: ReportedCheck['status']) => gated.checks.filter((c) => c.status === status).length;
  return {
    $schema: REPORT_SCHEMA_ID,
    schemaVersion: REPORT_SCHEMA_VERSION,
    runId: input.runId,
    verdict,
    reasons,
    target: input.target,
    tool: input.tool,
    timing: {
      startedAt: input.startedAt.toISOString(),
      finishedAt: input.finishedAt.toISOString(),
      durationMs: input.finishedAt.getTime() - input.startedAt.getTime(),
    },
    selection: input.selection,
    policy: { source: input.policySource },
    baseline: input.baseline,
    summary: {
      total: gated.checks.length,
      passed: count('passed'),
      failed: count('failed'),
      warned: count('warned'),
      skipped: count('skipped'),
      blocking: gated.checks.filter((c) => c.gate === 'blocking' || c.gate === 'baseline-stale').length,
    },
    checks: [...gated.checks],
    ...(aborted ? { aborted } : {}),
  };
}
