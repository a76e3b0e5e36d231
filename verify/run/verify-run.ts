/**
 * One verification run, start to end: resolve the target (booting the local stack if asked), check it is
 * reachable, run the suites (timing-sensitive ones alone, last), gate the results, assemble the report.
 */
import { MCP_TRANSPORT_NAMES } from '../../framework/model/mcp-endpoint.js';
import type { McpTransportChoice } from '../../framework/model/mcp-endpoint.js';
import { detectTransport, withDetection } from '../../framework/clients/mcp-detection.js';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assembleReport } from '../../reports/assemble.js';
import type { RunAborted, VerificationReport } from '../../reports/model.js';
import { ISOLATED_SUITES, SUITES } from '../../suites/catalogue.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../framework/checks/context.js';
import type { CheckResult } from '../../framework/model/types.js';
import { startLocalTarget, type LocalTarget } from '../../stand-ins/local-stack/local-target.js';
import { measurePace, paceVerdict } from '../../framework/target/pace.js';
import { preflight, type Unreachable } from '../../framework/target/preflight.js';
import { selectTarget, TargetSelectionError, type TargetSelection } from './select.js';
import { targetFromEnv, targetFromFile, type TargetSpec } from '../../framework/target/spec.js';
import { DEFAULT_DEADLINE_MS, RunDeadline } from './deadline.js';
import { EMPTY_BASELINE, loadBaseline, type Baseline } from './baseline.js';
import { DEFAULT_POLICY, loadPolicy, wildcard, type Policy } from '../../framework/model/policy.js';
import { gate } from './verdict.js';
import { runSuites } from './vitest-runner.js';

const require = createRequire(import.meta.url);
const SUITES_DIR = fileURLToPath(new URL('../../suites/', import.meta.url));

export interface VerifyOptions {
  /** the --target flag; undefined lets the environment decide (see target/select.ts) */
  readonly target: string | undefined;
  readonly suites: readonly string[];
  readonly checks: readonly string[];
  readonly policyPath: string | undefined;
  readonly baselinePath: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly onResult?: (result: CheckResult) => void;
  readonly onStage?: (message: string) => void;
  /** told the resolved target (tests use it to know which secrets must never appear in a report) */
  readonly onTarget?: (spec: TargetSpec) => void;
  /** told which target was selected and why, before anything starts */
  readonly onSelection?: (selection: TargetSelection) => void;
  /** the whole run's deadline (default DEFAULT_DEADLINE_MS) */
  readonly deadlineMs?: number;
  /** stop early when the target is plainly slower than the latency gate (default true) */
  readonly failFast?: boolean;
  /** overrides the target's MCP transport choice (--mcp-transport) */
  readonly mcpTransport?: McpTransportChoice | undefined;
  /** each HTTP request and MCP call of a check (default 30 s) */
  readonly requestTimeoutMs?: number;
  /** one tenant of a target file with several (verify/run/tenants-run.ts): verified instead of resolving `target` */
  readonly tenant?: TargetSpec;
}

export type VerifyOutcome =
  | { readonly kind: 'report'; readonly report: VerificationReport }
  | { readonly kind: 'unreachable'; readonly problems: readonly Unreachable[] };

/** A problem with the command line or the configuration: exit code 2. */
export class ConfigurationError extends Error {}

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Suite folders to run: `security` means every security area; unknown names are configuration errors. */
export function resolveSuites(requested: readonly string[]): string[] {
  if (requested.length === 0) return Object.keys(SUITES);
  const unknown = requested.filter((s) => !existsSync(`${SUITES_DIR}${s}`));
  if (unknown.length > 0) {
    throw new ConfigurationError(`unknown suite${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
  }
  return [...requested];
}

/** Checks of the selected suites: `security` covers `security/jwt` and the other areas below it. */
function selectedIds(suites: readonly string[]): string[] {
  return Object.entries(SUITES)
    .filter(([name]) => suites.some((suite) => name === suite || name.startsWith(`${suite}/`)))
    .flatMap(([, checks]) => checks.map((c) => c.id));
}

function validateCheckPatterns(patterns: readonly string[], suites: readonly string[]): void {
  const ids = selectedIds(suites);
  const unmatched = patterns.filter((pattern) => {
    const regex = wildcard(pattern);
    return !ids.some((id) => regex.test(id));
  });
  if (unmatched.length > 0) throw new ConfigurationError(`no check matches ${unmatched.join(', ')} in the selected suites (see --list)`);
}

/** The target as the user asked for it, resolved; configuration problems throw before anything starts. */
export function resolveSelection(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): TargetSelection {
  try {
    return selectTarget(flag, env);
  } catch (error) {
    if (error instanceof TargetSelectionError) throw new ConfigurationError(error.message);
    throw error;
  }
}

/** The spec of a remote target, validated (throws TargetConfigError naming every problem). */
export function remoteSpec(selection: TargetSelection, env: Readonly<Record<string, string | undefined>>, runId: string): TargetSpec | undefined {
  if (selection.kind === 'env') return targetFromEnv(env, runId);
  if (selection.kind === 'file') return targetFromFile(selection.source, env, runId);
  return undefined;
}

async function resolveTarget(selection: TargetSelection, options: VerifyOptions, runId: string): Promise<{ spec: TargetSpec; local?: LocalTarget }> {
  if (options.tenant) return { spec: { ...options.tenant, runId } };
  const remote = remoteSpec(selection, options.env, runId);
  if (remote) return { spec: remote };
  options.onStage?.('booting the local stack (Go API stand-in on PGlite + MCP proxy)');
  const local = await startLocalTarget(runId);
  return { spec: local.spec, local };
}

interface RunRecord {
  readonly runId: string;
  readonly startedAt: Date;
  readonly selection: TargetSelection;
  readonly spec: TargetSpec;
  readonly suites: readonly string[];
  readonly options: VerifyOptions;
  readonly policy: Policy;
  readonly baseline: Baseline;
}

function reportTarget(spec: TargetSpec, selection: TargetSelection): VerificationReport['target'] {
  return {
    kind: selection.kind,
    selectedBy: selection.selectedBy,
    name: spec.name,
    proxyUrl: spec.proxyUrl,
    mcpUrl: spec.mcpUrl,
    goApiUrl: spec.goApiUrl,
    local: spec.local,
    notices: [...selection.notices],
    ...(spec.mcpEndpoint
      ? { mcp: { requested: spec.mcpTransport ?? 'auto', ...spec.mcpEndpoint, detection: [...(spec.mcpDetection ?? [])], ...(spec.mcpServer ? { server: spec.mcpServer } : {}) } }
      : {}),
  };
}

function toolInfo(): VerificationReport['tool'] {
  return {
    name: 'toolbridge-verify',
    version: (require('../../package.json') as { version: string }).version,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    versions: {
      vitest: packageVersion('vitest'),
      '@modelcontextprotocol/sdk': packageVersion('@modelcontextprotocol/sdk'),
      zod: packageVersion('zod'),
      undici: packageVersion('undici'),
    },
  };
}

function report(run: RunRecord, results: readonly CheckResult[], errors: readonly string[], aborted: RunAborted | undefined): VerificationReport {
  return assembleReport({
    runId: run.runId,
    startedAt: run.startedAt,
    finishedAt: new Date(),
    target: reportTarget(run.spec, run.selection),
    tool: toolInfo(),
    selection: { suites: [...run.suites], checks: [...run.options.checks] },
    policySource: run.options.policyPath ?? null,
    baseline: { source: run.baseline.source, expectedFailures: [...run.baseline.expectedFailures] },
    gated: gate(results, run.policy, run.baseline),
    runnerErrors: errors,
    aborted,
  });
}

/** Checks the selection would run (for "N checks did not run" when a run stops early). */
function plannedCount(suites: readonly string[], patterns: readonly string[]): number {
  const regexes = patterns.map(wildcard);
  return selectedIds(suites).filter((id) => regexes.length === 0 || regexes.some((r) => r.test(id))).length;
}

export async function runVerification(options: VerifyOptions): Promise<VerifyOutcome> {
  const startedAt = new Date();
  const runId = randomUUID().slice(0, 8);
  const deadline = new RunDeadline(options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const policy: Policy = options.policyPath ? loadPolicy(options.policyPath) : DEFAULT_POLICY;
  const baseline: Baseline = options.baselinePath ? loadBaseline(options.baselinePath) : EMPTY_BASELINE;
  const suites = resolveSuites(options.suites);
  validateCheckPatterns(options.checks, suites);
  const selection = resolveSelection(options.target, options.env);
  options.onSelection?.(selection);

  const resolved = await resolveTarget(selection, options, runId);
  const { local } = resolved;
  let spec: TargetSpec = { ...resolved.spec, mcpTransport: options.mcpTransport ?? resolved.spec.mcpTransport ?? 'auto' };
  options.onTarget?.(spec);
  try {
    options.onStage?.(`checking that ${spec.name} is reachable`);
    const unreachable = await preflight(spec);
    if (unreachable.length > 0) return { kind: 'unreachable', problems: unreachable };
    options.onStage?.(`finding the MCP transport (${spec.mcpTransport})`);
    const detection = await detectTransport(spec, options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    if (!detection.endpoint) return { kind: 'unreachable', problems: detection.attempts.map((a) => ({ what: `MCP over ${MCP_TRANSPORT_NAMES[a.transport]}`, url: a.url, reason: a.outcome })) };
    spec = withDetection(spec, detection);
    const run: RunRecord = { runId, startedAt, selection, spec, suites, options, policy, baseline };

    const planned = plannedCount(suites, options.checks);
    if (options.failFast !== false && suites.includes('latency')) {
      const pace = paceVerdict(await measurePace(spec), policy.latency.p95Ms);
      if (pace.tooSlow) {
        const reason = `${pace.message}; stopped before running the ${planned} selected checks (--no-fail-fast runs them anyway)`;
        return { kind: 'report', report: report(run, [], [], { reason, stage: 'pace', notRun: planned }) };
      }
    }

    const settings = { latency: policy.latency, findingRules: policy.findings, fuzz: policy.fuzz, requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS };
    const results: CheckResult[] = [];
    const errors: string[] = [];
    const phases = [suites.filter((s) => !ISOLATED_SUITES.includes(s)), suites.filter((s) => ISOLATED_SUITES.includes(s))];
    for (const phase of phases.filter((p) => p.length > 0)) {
      if (deadline.passed) break;
      options.onStage?.(`running ${phase.join(', ')}`);
      const outcome = await runSuites({
        spec,
        settings,
        suites: phase,
        checks: options.checks,
        signal: deadline.signal,
        onResult: (result) => {
          results.push(result);
          options.onResult?.(result);
        },
      });
      errors.push(...outcome.errors);
    }
    const aborted = deadline.passed
      ? {
          reason: `the run reached its deadline of ${deadline.describe()} (--timeout) with ${planned - results.length} of ${planned} checks not run`,
          stage: 'deadline' as const,
          notRun: planned - results.length,
        }
      : undefined;
    return { kind: 'report', report: report(run, results, errors, aborted) };
  } finally {
    deadline.clear();
    if (local) {
      options.onStage?.('stopping the local stack');
      await local.close();
    }
  }
}
