/**
 * ctrf.json: Common Test Report Format, for test dashboards and the CTRF GitHub/Slack tooling.
 *
 * Targets CTRF specification 0.1.0 (ctrf-io/ctrf, schema/ctrf.schema.json, JSON Schema draft-07): CTRF is still in
 * pre-1.0 development and 0.1.0 is its first release whose documents all identify the version they follow; it has
 * the same report shape as the earlier 0.0.x snapshots, so older consumers read it too.
 *
 * Statuses follow the gate like the JUnit report (shared/ci-status.ts), with a warning as `other`. CTRF requires
 * integer milliseconds, so durations are rounded; the run's start/stop are epoch milliseconds.
 */
import type { ReportedCheck, VerificationReport } from '../model.js';
import { ciMessage, ciStatus } from './shared/ci-status.js';
import { summarizeEvidence } from './shared/evidence-summary.js';
import type { ReportWriter } from './types.js';

export const CTRF_SPEC_VERSION = '0.1.0';

export type CtrfStatus = 'passed' | 'failed' | 'skipped' | 'pending' | 'other';

export interface CtrfTest {
  readonly name: string;
  readonly status: CtrfStatus;
  readonly duration: number;
  readonly suite: readonly string[];
  readonly message?: string;
  readonly trace?: string;
  readonly tags: readonly string[];
  readonly extra: {
    readonly id: string;
    readonly requirement: string;
    readonly gate: ReportedCheck['gate'];
    /** the check's own status before the gate was applied (warned, failed…) */
    readonly status: ReportedCheck['status'];
    readonly policyNote?: string;
    /** the third-party engine that decided the check, its version, and its name for the check */
    readonly engine?: string;
    readonly engineVersion?: string;
    readonly engineCheck?: string;
  };
}

export interface CtrfReport {
  readonly reportFormat: 'CTRF';
  readonly specVersion: string;
  readonly timestamp: string;
  readonly generatedBy: string;
  readonly results: {
    readonly tool: { readonly name: string; readonly version: string };
    readonly summary: {
      readonly tests: number;
      readonly passed: number;
      readonly failed: number;
      readonly skipped: number;
      readonly pending: number;
      readonly other: number;
      readonly suites: number;
      readonly start: number;
      readonly stop: number;
      readonly duration: number;
      readonly extra: { readonly verdict: VerificationReport['verdict']; readonly reasons: readonly string[]; readonly blocking: number };
    };
    readonly tests: readonly CtrfTest[];
  };
  readonly extra: { readonly runId: string; readonly target: VerificationReport['target'] };
}

function ctrfStatus(check: ReportedCheck): CtrfStatus {
  const status = ciStatus(check);
  return status === 'warned' ? 'other' : status;
}

function epochMs(iso: string): number {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? 0 : time;
}

function ctrfTest(check: ReportedCheck): CtrfTest {
  const status = ctrfStatus(check);
  const message = ciMessage(check);
  const evidence = status === 'failed' ? summarizeEvidence(check.evidence) : [];
  const tags = [
    check.severity,
    check.area,
    ...(check.posture ? ['posture'] : []),
    ...(check.gate === 'none' ? [] : [check.gate]),
    ...(check.engine ? [`engine:${check.engine.name}`] : []),
  ];
  return {
    name: `${check.id} ${check.title}`,
    status,
    duration: Math.max(0, Math.round(check.durationMs)),
    suite: [check.area],
    ...(message ? { message } : {}),
    ...(evidence.length > 0 ? { trace: evidence.join('\n') } : {}),
    tags,
    extra: {
      id: check.id,
      requirement: check.requirement,
      gate: check.gate,
      status: check.status,
      ...(check.policyNote ? { policyNote: check.policyNote } : {}),
      ...(check.engine ? { engine: check.engine.name, engineCheck: check.engine.check } : {}),
      ...(check.engineVersion ? { engineVersion: check.engineVersion } : {}),
    },
  };
}

export function buildCtrf(report: VerificationReport): CtrfReport {
  const tests = report.checks.map(ctrfTest);
  const count = (status: CtrfStatus): number => tests.filter((t) => t.status === status).length;
  const start = epochMs(report.timing.startedAt);
  const stop = Math.max(start, epochMs(report.timing.finishedAt));
  return {
    reportFormat: 'CTRF',
    specVersion: CTRF_SPEC_VERSION,
    timestamp: report.timing.finishedAt,
    generatedBy: `${report.tool.name} ${report.tool.version}`,
    results: {
      tool: { name: 'toolbridge-verify', version: report.tool.version },
      summary: {
        tests: tests.length,
        passed: count('passed'),
        failed: count('failed'),
        skipped: count('skipped'),
        pending: 0,
        other: count('other'),
        suites: new Set(report.checks.map((c) => c.area)).size,
        start,
        stop,
        duration: Math.max(0, Math.round(report.timing.durationMs)),
        extra: { verdict: report.verdict, reasons: report.reasons, blocking: report.summary.blocking },
      },
      tests,
    },
    extra: { runId: report.runId, target: report.target },
  };
}

export const ctrfWriter: ReportWriter = {
  id: 'ctrf',
  fileName: 'ctrf.json',
  render: (report) => `${JSON.stringify(buildCtrf(report), null, 2)}\n`,
};
