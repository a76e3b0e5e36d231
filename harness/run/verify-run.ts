/**
 * One verification run, start to end: resolve the target (booting the local stack if asked), check it is
 * reachable, run the suites (timing-sensitive ones alone, last), gate the results, assemble the report.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REPORT_SCHEMA_ID, REPORT_SCHEMA_VERSION, type VerificationReport } from '../../reports/model.js';
import { ISOLATED_SUITES, SUITES } from '../../suites/catalogue.js';
import type { CheckResult } from '../checks/types.js';
import { startLocalTarget, type LocalTarget } from '../target/local.js';
import { preflight, type Unreachable } from '../target/preflight.js';
import { targetFromEnv, targetFromFile, type TargetSpec } from '../target/spec.js';
import { EMPTY_BASELINE, loadBaseline, type Baseline } from './baseline.js';
import { DEFAULT_POLICY, loadPolicy, type Policy } from './policy.js';
import { gate } from './verdict.js';
import { runSuites } from './vitest-runner.js';

const require = createRequire(import.meta.url);
const SUITES_DIR = fileURLToPath(new URL('../../suites/', import.meta.url));

export interface VerifyOptions {
  readonly target: string;
  readonly suites: readonly string[];
  readonly checks: readonly string[];
  readonly policyPath: string | undefined;
  readonly baselinePath: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly onResult?: (result: CheckResult) => void;
  readonly onStage?: (message: string) => void;
  /** told the resolved target (tests use it to know which secrets must never appear in a report) */
  readonly onTarget?: (spec: TargetSpec) => void;
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
    const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return !ids.some((id) => regex.test(id));
  });
  if (unmatched.length > 0) throw new ConfigurationError(`no check matches ${unmatched.join(', ')} in the selected suites (see --list)`);
}

async function resolveTarget(options: VerifyOptions, runId: string): Promise<{ spec: TargetSpec; local?: LocalTarget }> {
  if (options.target === 'local') {
    options.onStage?.('booting the local stack (Go API stand-in on PGlite + MCP proxy)');
    const local = await startLocalTarget(runId);
    return { spec: local.spec, local };
  }
  if (options.target === 'env') return { spec: targetFromEnv(options.env, runId) };
  if (options.target.endsWith('.json')) return { spec: targetFromFile(options.target, options.env, runId) };
  throw new ConfigurationError(`--target must be "local", "env" or a .json file, got "${options.target}"`);
}

export async function runVerification(options: VerifyOptions): Promise<VerifyOutcome> {
  const startedAt = new Date();
  const runId = randomUUID().slice(0, 8);
  const policy: Policy = options.policyPath ? loadPolicy(options.policyPath) : DEFAULT_POLICY;
  const baseline: Baseline = options.baselinePath ? loadBaseline(options.baselinePath) : EMPTY_BASELINE;
  const suites = resolveSuites(options.suites);
  validateCheckPatterns(options.checks, suites);

  const { spec, local } = await resolveTarget(options, runId);
  options.onTarget?.(spec);
  try {
    options.onStage?.(`checking that ${spec.name} is reachable`);
    const unreachable = await preflight(spec);
    if (unreachable.length > 0) return { kind: 'unreachable', problems: unreachable };

    const settings = { latency: policy.latency };
    const results: CheckResult[] = [];
    const errors: string[] = [];
    const phases = [suites.filter((s) => !ISOLATED_SUITES.includes(s)), suites.filter((s) => ISOLATED_SUITES.includes(s))];
    for (const phase of phases.filter((p) => p.length > 0)) {
      options.onStage?.(`running ${phase.join(', ')}`);
      const outcome = await runSuites({ spec, settings, suites: phase, checks: options.checks, ...(options.onResult ? { onResult: options.onResult } : {}) });
      results.push(...outcome.results);
      errors.push(...outcome.errors);
    }
    const gated = gate(results, policy, baseline);
    const reasons = [...gated.reasons, ...errors.map((e) => `runner error: ${e}`)];
    const verdict = gated.verdict === 'passed' && errors.length === 0 ? 'passed' : 'failed';
    const finishedAt = new Date();
    const count = (status: CheckResult['status']) => gated.checks.filter((c) => c.status === status).length;
    const report: VerificationReport = {
      $schema: REPORT_SCHEMA_ID,
      schemaVersion: REPORT_SCHEMA_VERSION,
      runId,
      verdict,
      reasons,
      target: { name: spec.name, proxyUrl: spec.proxyUrl, mcpUrl: spec.mcpUrl, goApiUrl: spec.goApiUrl, local: spec.local },
      tool: {
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
      },
      timing: { startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), durationMs: finishedAt.getTime() - startedAt.getTime() },
      selection: { suites, checks: [...options.checks] },
      policy: { source: options.policyPath ?? null },
      baseline: { source: baseline.source, expectedFailures: [...baseline.expectedFailures] },
      summary: {
        total: gated.checks.length,
        passed: count('passed'),
        failed: count('failed'),
        warned: count('warned'),
        skipped: count('skipped'),
        blocking: gated.checks.filter((c) => c.gate === 'blocking' || c.gate === 'baseline-stale').length,
      },
      checks: gated.checks,
    };
    return { kind: 'report', report };
  } finally {
    if (local) {
      options.onStage?.('stopping the local stack');
      await local.close();
    }
  }
}
