/**
 * The check model: what a verification check declares about itself and what one run of it produced.
 */

import type { McpTransportKind } from './mcp-endpoint.js';

export const AREAS = [
  'health',
  'go-api',
  'e2e',
  'latency',
  'security/jwt',
  'security/tenant',
  'security/skew',
  'security/isolation',
  'security/https',
  'security/transport',
  'fuzz',
  'conformance',
  'operations',
] as const;
export type Area = (typeof AREAS)[number];

/** The third-party engines whose verdicts checks can carry. */
export const ENGINE_NAMES = ['schemathesis', 'testssl.sh', 'mcp-conformance'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** A check whose verdict comes from a third-party engine (Schemathesis, testssl.sh, the MCP conformance suite). */
export interface EngineCheckRef {
  readonly name: EngineName;
  /** the engine's own id for what the check reports: a Schemathesis code (ST101), a testssl.sh finding id, a conformance check id */
  readonly check: string;
  /** the specification sections the engine cites for it */
  readonly references?: readonly { readonly id: string; readonly url?: string }[];
  /** repo-relative file that states what the engine holds the target to (the SARIF location of a check without security facts) */
  readonly location: string;
}

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type CheckStatus = 'passed' | 'failed' | 'warned' | 'skipped';

/** Security-specific facts, for reviewers and SARIF. */
export interface SecurityFacts {
  /** CVSS-like 0.0–10.0, SARIF `security-severity` */
  readonly score: number;
  /** e.g. CWE-347 */
  readonly cwe: string;
  readonly remediation: string;
  /** repo-relative file that governs the behaviour (SARIF location) */
  readonly location: string;
}

export interface CheckMeta {
  /** stable id, e.g. HEALTH-001 or GOAPI-NOTES-CRUD */
  readonly id: string;
  readonly title: string;
  readonly area: Area;
  readonly severity: Severity;
  /** the requirement verified: a contract section (`contract §9.4`) or a spec link */
  readonly requirement: string;
  /** what a correct target does, in one sentence (shown to reviewers) */
  readonly expected?: string;
  /** why it matters (security checks) */
  readonly rationale?: string;
  readonly security?: SecurityFacts;
  /**
   * A posture finding about the real API (e.g. "exp is optional"): when the target has the weakness, the check
   * reports `warned` rather than `failed` unless the policy says otherwise.
   */
  readonly posture?: boolean;
  /**
   * The MCP transports the check is about (absent: any). Against a target that speaks another, the check is skipped
   * as not applicable, saying so: e.g. Origin validation of Streamable HTTP POSTs, or HTTP+SSE session ids.
   */
  readonly transports?: readonly McpTransportKind[];
  /** set when a third-party engine decides the check: which one, and its name for the check */
  readonly engine?: EngineCheckRef;
}

export interface HttpEvidence {
  readonly kind: 'http';
  readonly label?: string;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly body?: string;
  };
  readonly response?: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
    readonly durationMs: number;
  };
  readonly error?: string;
}

export interface ToolEvidence {
  readonly kind: 'mcp';
  readonly label?: string;
  readonly tool: string;
  readonly arguments: unknown;
  readonly isError: boolean;
  readonly result: string;
  readonly durationMs: number;
}

export interface NoteEvidence {
  readonly kind: 'note';
  readonly text: string;
}

export type Evidence = HttpEvidence | ToolEvidence | NoteEvidence;

export type MetricValue = number | string | boolean | readonly number[] | Readonly<Record<string, number>>;

export interface CheckResult extends CheckMeta {
  readonly status: CheckStatus;
  readonly durationMs: number;
  /** failure, warning or skip reason */
  readonly message?: string;
  readonly evidence: readonly Evidence[];
  readonly metrics: Readonly<Record<string, MetricValue>>;
  /** the version of the engine that decided it (engine checks that ran it) */
  readonly engineVersion?: string;
}
