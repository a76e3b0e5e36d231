/**
 * The canonical verification record (`verification-report.json`). Every other report is derived from it.
 * Its JSON Schema is committed in `reports/schema/` and versioned with REPORT_SCHEMA_VERSION.
 */
import type { CheckResult } from '../framework/model/types.js';

export const REPORT_SCHEMA_VERSION = '1.5.0';
export const REPORT_SCHEMA_ID = `https://toolbridge.dev/schemas/verification-report/${REPORT_SCHEMA_VERSION}.json`;

/** How a check's outcome counts towards the verdict. */
export type GateEffect =
  /** passed, warned or skipped: does not block */
  | 'none'
  /** failed and blocks the release */
  | 'blocking'
  /** failed, but listed in the baseline of expected failures */
  | 'expected-failure'
  /** listed in the baseline as an expected failure, yet it did not fail: blocks until the baseline is updated */
  | 'baseline-stale';

export interface ReportedCheck extends CheckResult {
  readonly gate: GateEffect;
  /** set when a policy changed the raw outcome, e.g. "policy: warn (was failed)" */
  readonly policyNote?: string;
}

export interface LoadSection {
  readonly engine: 'k6' | 'builtin';
  readonly vus: number;
  readonly durationS: number;
  readonly requests: number;
  readonly errors: number;
  readonly rps: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number };
  readonly thresholds: readonly { readonly name: string; readonly ok: boolean }[];
  /** closed: virtual users with think time (the default); open: a constant arrival rate, latency from each call's scheduled start */
  readonly mode?: 'closed' | 'open';
  /** open mode: calls scheduled per second */
  readonly arrivalRatePerS?: number;
  /** open mode: scheduled calls that did not start because every virtual user was busy */
  readonly droppedIterations?: number;
  /** merged from this many shards' histograms */
  readonly shards?: number;
  /** the proxy's resident memory over the run (local stack only, where the proxy is a process of its own) */
  readonly proxyMemory?: ProxyMemoryTrend;
}

export interface ProxyMemoryTrend {
  readonly startRssMb: number;
  readonly endRssMb: number;
  readonly peakRssMb: number;
  /** least-squares slope of RSS, MB per minute (after the first minute of runs longer than two: start-up growth is not a leak) */
  readonly slopeMbPerMin: number;
  readonly samples: number;
}

/** A run that stopped before every selected check ran: too slow to be worth finishing, or out of time. */
export interface RunAborted {
  readonly reason: string;
  /** `pace`: the target was far slower than the latency gate; `deadline`: --timeout passed */
  readonly stage: 'pace' | 'deadline';
  /** selected checks that did not run */
  readonly notRun: number;
}

export interface VerificationReport {
  readonly $schema: string;
  readonly schemaVersion: string;
  readonly runId: string;
  readonly verdict: 'passed' | 'failed';
  /** why the verdict is what it is, one line each */
  readonly reasons: readonly string[];
  readonly target: {
    /** local: the in-process stand-in; env / file: a deployment described by variables or a target file */
    readonly kind: 'local' | 'env' | 'file';
    /** what chose it: the --target flag, target variables in the environment, or the default */
    readonly selectedBy: 'flag' | 'environment' | 'default';
    readonly name: string;
    readonly proxyUrl: string;
    readonly mcpUrl: string;
    readonly goApiUrl: string;
    readonly local: boolean;
    /** what the user must know about the choice, e.g. --target local while target variables are set */
    readonly notices: readonly string[];
    /** the MCP transport: asked for, found at the start of the run, and how (absent when no run reached the proxy) */
    readonly mcp?: {
      readonly requested: 'auto' | 'http' | 'sse';
      readonly transport: 'http' | 'sse';
      readonly url: string;
      readonly detection: readonly { readonly transport: 'http' | 'sse'; readonly url: string; readonly outcome: string }[];
      /** the endpoint's serverInfo (initialize): which proxy answered */
      readonly server?: { readonly name: string; readonly version: string };
    };
  };
  readonly tool: { readonly name: string; readonly version: string; readonly node: string; readonly platform: string; readonly versions: Readonly<Record<string, string>> };
  readonly timing: { readonly startedAt: string; readonly finishedAt: string; readonly durationMs: number };
  readonly selection: { readonly suites: readonly string[]; readonly checks: readonly string[] };
  readonly policy: { readonly source: string | null };
  readonly baseline: { readonly source: string | null; readonly expectedFailures: readonly string[] };
  /** counts by status; `blocking` counts every check that blocks the verdict (gate blocking or baseline-stale) */
  readonly summary: { readonly total: number; readonly passed: number; readonly failed: number; readonly warned: number; readonly skipped: number; readonly blocking: number };
  readonly checks: readonly ReportedCheck[];
  readonly load?: LoadSection;
  readonly aborted?: RunAborted;
}
