/**
 * Runs the official MCP conformance suite's server scenarios that apply to a stateless, tools-only proxy against
 * the target, through a loopback front that adds a valid token (bearer-front.ts), and reads each scenario's
 * checks.json. One run per target serves every conformance check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CheckFailure } from '../../framework/model/assert.js';
import type { CheckContext } from '../../framework/checks/context.js';
import { INSTALL_COMMANDS, locateConformance, type Located } from '../../framework/engines/locate.js';
import { engineVersionOf, inWorkDir, runEngineProcess, VERSION_TIMEOUT_MS } from '../../framework/engines/process.js';
import { sharedRun } from '../../framework/engines/shared-run.js';
import { mcpEndpointOf } from '../../framework/target/spec.js';
import { startBearerFront } from './bearer-front.js';
import { APPLICABLE_SCENARIOS } from './scenarios.js';

const ConformanceCheck = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  status: z.enum(['SUCCESS', 'FAILURE', 'WARNING', 'INFO', 'SKIPPED']),
  errorMessage: z.string().nullish(),
  specReferences: z.array(z.looseObject({ id: z.string(), url: z.string().optional() })).optional(),
  details: z.unknown().optional(),
});
export type ConformanceCheck = z.infer<typeof ConformanceCheck>;

export interface ScenarioOutcome {
  readonly scenario: string;
  readonly checks: readonly ConformanceCheck[];
  /** why the scenario produced no checks.json (crash, timeout), when it did not */
  readonly problem?: string;
}

export interface ConformanceRun {
  readonly version: string;
  readonly scenarios: readonly ScenarioOutcome[];
  /** the server scenarios the pinned suite lists (`conformance list --server`) */
  readonly listed: readonly string[];
}

const SCENARIO_TIMEOUT_MS = 60_000;
const LIST_TIMEOUT_MS = 30_000;

/** A check judged on the run waits for the version and list queries and each scenario, all bounded, and a little more. */
export const CONFORMANCE_CHECK_TIME_LIMIT_MS = VERSION_TIMEOUT_MS + LIST_TIMEOUT_MS + APPLICABLE_SCENARIOS.size * SCENARIO_TIMEOUT_MS + 15_000;

export function listedScenarios(output: string): string[] {
  const server = output.split(/\n\s*\n|Client scenarios/)[0] ?? '';
  return [...server.matchAll(/^\s*-\s+(\S+)/gm)].map((m) => m[1]!);
}

async function runScenario(engine: Located, scenario: string, url: string, work: string): Promise<ScenarioOutcome> {
  const out = join(work, scenario);
  const result = await runEngineProcess(engine, ['server', '--url', url, '--scenario', scenario, '--output-dir', out], { timeoutMs: SCENARIO_TIMEOUT_MS });
  const dir = readdirSync(out, { withFileTypes: true }).find((entry) => entry.isDirectory());
  const file = dir ? join(out, dir.name, 'checks.json') : undefined;
  try {
    if (!file) throw new Error('no checks.json');
    return { scenario, checks: z.array(ConformanceCheck).parse(JSON.parse(readFileSync(file, 'utf8'))) };
  } catch (error) {
    const why = result.timedOut ? `killed after ${SCENARIO_TIMEOUT_MS} ms` : `exit ${result.code}: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ')}`;
    return { scenario, checks: [], problem: `${error instanceof Error ? error.message : String(error)} (${why})` };
  }
}

async function run(ctx: CheckContext, engine: Located): Promise<ConformanceRun> {
  const version = await engineVersionOf(engine, ['--version'], /^(\d+\.\d+\.\S+)/m);
  const listed = listedScenarios((await runEngineProcess(engine, ['list', '--server'], { timeoutMs: LIST_TIMEOUT_MS })).stdout);
  const token = await ctx.target.mintToken(ctx.target.newSubject('conformance'));
  const front = await startBearerFront(mcpEndpointOf(ctx.target).url, token, ctx.target.caCertPem);
  try {
    return await inWorkDir('conformance', undefined, async (work) => {
      const scenarios: ScenarioOutcome[] = [];
      for (const scenario of APPLICABLE_SCENARIOS.keys()) scenarios.push(await runScenario(engine, scenario, front.url, work.path));
      return { version, scenarios, listed };
    });
  } finally {
    await front.close();
  }
}

/** The run for this target; skips the check when the suite (or its Node.js) is not installed. */
export async function conformanceRun(ctx: CheckContext): Promise<ConformanceRun> {
  const engine = locateConformance();
  if (!engine) ctx.skip(`untestable: the MCP conformance suite is not installed: ${INSTALL_COMMANDS['mcp-conformance']}`);
  const result = await sharedRun('mcp-conformance', ctx.target, () => run(ctx, engine));
  ctx.engineVersion(result.version);
  return result;
}

/** The conformance suite's own outcome for one of its checks, as ours: pass, warn or fail with its message. */
export async function judgeConformanceCheck(ctx: CheckContext, scenario: string, checkId: string): Promise<void> {
  const run = await conformanceRun(ctx);
  const outcome = run.scenarios.find((s) => s.scenario === scenario);
  if (!outcome || outcome.problem) throw new CheckFailure(`scenario ${scenario} did not run: ${outcome?.problem ?? 'not started'}`);
  const checks = outcome.checks.filter((c) => c.id === checkId);
  if (checks.length === 0) throw new CheckFailure(`scenario ${scenario} reported no ${checkId} check (it reported ${outcome.checks.map((c) => c.id).join(', ') || 'nothing'})`);
  for (const check of outcome.checks) {
    ctx.note(`${check.id} ${check.status}${check.errorMessage ? `: ${check.errorMessage}` : ''}${check.details ? `\n${JSON.stringify(check.details).slice(0, 1500)}` : ''}`);
  }
  const failed = checks.find((c) => c.status === 'FAILURE');
  if (failed) throw new CheckFailure(`conformance ${checkId}: ${failed.errorMessage ?? failed.description ?? 'FAILURE'}`);
  const warned = checks.find((c) => c.status === 'WARNING');
  if (warned) ctx.warn(`conformance ${checkId}: ${warned.errorMessage ?? 'WARNING'}`);
  if (checks.every((c) => c.status === 'SKIPPED')) ctx.skip(`the conformance suite skipped ${checkId}`);
}
