/**
 * One Schemathesis run against the target's Go API with the contract's OpenAPI document: users of its own (one per
 * operation by default, each with a live sync session and live items for its item operations; the hooks in
 * schemathesis/ sign every request), bounded by examples per operation and by time, its JUnit report read into
 * findings. The users are wiped when the check that started the run ends.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CheckFailure } from '../../framework/model/assert.js';
import type { CheckContext, RunSettings } from '../../framework/checks/context.js';
import { INSTALL_COMMANDS, locateSchemathesis, type Located } from '../../framework/engines/locate.js';
import { engineVersionOf, inWorkDir, runEngineProcess, VERSION_TIMEOUT_MS } from '../../framework/engines/process.js';
import { sharedRun } from '../../framework/engines/shared-run.js';
import { isLoopback } from '../../framework/target/spec.js';
import { ENTITIES } from '../../contract/entities.js';
import { openApiDocument } from '../../contract/openapi/document.js';
import { restPath } from '../../contract/routes.js';
import type { GoUser } from '../../framework/clients/go-user.js';
import { seedItem } from '../shared/go-direct.js';
import { DEFAULT_POLICY, type FuzzSettings } from '../../framework/model/policy.js';
import { readSchemathesisJunit, type SchemathesisReport } from './junit-findings.js';
import { readRequestLog, securedOperations, type OperationAnswers } from './request-log.js';

const HOOKS_DIR = fileURLToPath(new URL('./schemathesis/', import.meta.url));

/**
 * A run against a Go API on this machine is bound by its two cores, one against a deployment by round trips: at
 * 50 ms each, 2 workers do not get through the default budget (measured in docs/benchmarks.md).
 */
export function defaultWorkers(goApiUrl: string): number {
  return isLoopback(goApiUrl) ? 2 : 8;
}

const REQUEST_TIMEOUT_S = 10;
/** opening a session and seeding items for each fuzz user, reading the report */
const SETUP_ALLOWANCE_MS = 60_000;

/** The run's budget: the policy's, else the default one. */
function budgetOf(settings: RunSettings): FuzzSettings {
  return settings.fuzz ?? DEFAULT_POLICY.fuzz;
}

/**
 * A check judged on the run waits for the version query, the users' sessions and the run, which is killed at the
 * budget's `maxTimeS`: the check's own limit must come later, or the gate would give up (and wipe the fuzz users)
 * while Schemathesis is still sending their requests.
 */
export function schemathesisCheckTimeLimitMs(settings: RunSettings): number {
  return VERSION_TIMEOUT_MS + SETUP_ALLOWANCE_MS + budgetOf(settings).maxTimeS * 1000;
}

/** The check kinds that need OpenAPI links and the stateful phase, which the contract does not describe. */
const STATEFUL_ONLY = ['use_after_free', 'ensure_resource_availability', 'object_level_authorization'];

export interface SchemathesisRun extends SchemathesisReport {
  /** `METHOD /path` of every operation the run was asked to fuzz */
  readonly selected: readonly string[];
  readonly version: string;
  readonly seed: number;
  readonly durationMs: number;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  /** the operations of `selected` that need credentials */
  readonly secured: ReadonlySet<string>;
  /** what the API answered each operation, from the hooks' request log */
  readonly answers: ReadonlyMap<string, OperationAnswers>;
  /** lines of the summary's Warnings section (rate limited, missing authentication, missing test data …) */
  readonly warnings: readonly string[];
  /** `N generated` from the summary */
  readonly generated: number | undefined;
  /** the command, without credentials (they travel in the environment) */
  readonly command: string;
  readonly stderrTail: string;
  /** why the JUnit report could not be read (a run killed while writing it) */
  readonly unreadable?: string;
}

const NO_REPORT: SchemathesisReport = { operations: [], findings: [], errors: [] };

function readReport(file: string | undefined): { report: SchemathesisReport; unreadable?: string } {
  if (!file) return { report: NO_REPORT, unreadable: 'no JUnit report was written' };
  try {
    return { report: readSchemathesisJunit(readFileSync(file, 'utf8')) };
  } catch (error) {
    return { report: NO_REPORT, unreadable: `its JUnit report is not readable XML (${error instanceof Error ? error.message : String(error)})` };
  }
}

export function summaryWarnings(stdout: string): string[] {
  const section = /\nWarnings:\n([\s\S]*?)(?:\n\n|$)/.exec(stdout)?.[1] ?? '';
  return section
    .split('\n')
    .map((line) => line.replace(/^\s*\S*\s*⚠️?\s*/u, '').trim())
    .filter((line) => line.length > 0);
}

/** Operations that must act as one user: the sync session routes; every other operation gets its own. */
function userGroup(label: string): string {
  return label.includes(' /v1/sync/sessions') ? 'sessions' : label;
}

/**
 * Users with live sessions, and which one each operation is sent as: one user per group of operations (at most
 * `maxUsers`, then round robin over the groups).
 */
async function users(ctx: CheckContext, operations: readonly string[], maxUsers: number | undefined) {
  // the target's default token lifetime (10 min) is shorter than the longest run the policy allows (15 min)
  const validForS = Math.ceil(schemathesisCheckTimeLimitMs(ctx.settings) / 1000);
  // Schemathesis reuses ids it saw created: a session must be read and deleted by the user who opened it
  const groups = [...new Set(operations.map(userGroup))];
  const count = Math.min(maxUsers ?? groups.length, groups.length);
  const assignment = Object.fromEntries(operations.map((label) => [label, groups.indexOf(userGroup(label)) % count]));
  // side by side: one round trip's worth of setup per user, not per run, against a distant deployment
  const all = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const user = await ctx.user(`fuzz${i + 1}`, { expiresInS: validForS });
      const session = await user.openSession();
      const mine = operations.filter((label) => assignment[label] === i);
      return { token: user.token, session: session.id, epoch: String(session.epoch), items: await seededItems(ctx, user, mine) };
    }),
  );
  return { TB_FUZZ_USERS: JSON.stringify(all), TB_FUZZ_ASSIGNMENT: JSON.stringify(assignment) };
}

/**
 * One live item of each entity whose item operations (`/v1/<entity>/{uid}…`) the user is sent, by the entity's
 * path: the hooks put its uid into part of those cases, so they reach an existing item instead of a 404. An API
 * that refuses the seeding is still fuzzed, with generated uids only (the run check judges what it answered).
 */
async function seededItems(ctx: CheckContext, user: GoUser, operations: readonly string[]): Promise<Record<string, string>> {
  const items: Record<string, string> = {};
  for (const entity of ENTITIES) {
    const itemRoute = restPath(entity, 'get');
    if (!operations.some((label) => label.split(' ')[1]!.startsWith(itemRoute))) continue;
    try {
      items[entity.path] = (await seedItem(user, entity, 'fuzzed')).item.uid;
    } catch (error) {
      ctx.note(`no ${entity.singular} to fuzz ${itemRoute} with (${error instanceof Error ? error.message : String(error)}): generated uids only`);
    }
  }
  return items;
}

type OpenApiDocument = ReturnType<typeof openApiDocument>;

/** `METHOD /path` of the operations a run covers: the policy's selection (operationIds), or all of them. */
function fuzzedOperations(document: OpenApiDocument, settings: FuzzSettings): string[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, { operationId?: string }>)
      .filter(([, op]) => !settings.operations || settings.operations.includes(op.operationId ?? ''))
      .map(([method]) => `${method.toUpperCase()} ${path}`),
  );
}

async function run(ctx: CheckContext, engine: Located): Promise<SchemathesisRun> {
  const budget = budgetOf(ctx.settings);
  const seed = Math.floor(Math.random() * 2 ** 31);
  const version = await engineVersionOf(engine, ['--version'], /version\s+(\S+)/i);
  const document = openApiDocument();
  const selected = fuzzedOperations(document, budget);
  return inWorkDir('schemathesis', ctx.target.caCertPem, async (work) => {
    const schema = join(work.path, 'openapi.json');
    const requestLog = join(work.path, 'requests.tsv');
    writeFileSync(schema, JSON.stringify(document));
    const env: Record<string, string> = {
      PYTHONPATH: HOOKS_DIR,
      SCHEMATHESIS_HOOKS: 'toolbridge_hooks',
      TB_FUZZ_BASE_URL: ctx.target.goApiUrl,
      TB_FUZZ_TENANT_ID: ctx.target.tenantId,
      TB_FUZZ_TENANT_SECRET: ctx.target.tenantSecret,
      TB_FUZZ_REQUEST_LOG: requestLog,
      ...(await users(ctx, selected, budget.users)),
      ...(work.caFile ? { TB_FUZZ_CA_BUNDLE: work.caFile } : {}),
      NO_COLOR: '1',
    };
    const args = [
      'run', schema,
      '--url', ctx.target.goApiUrl,
      '--checks', 'all',
      '--exclude-checks', STATEFUL_ONLY.join(','),
      '--phases', 'examples,coverage,fuzzing',
      '--max-examples', String(budget.maxExamples),
      '--workers', String(budget.workers ?? defaultWorkers(ctx.target.goApiUrl)),
      '--request-timeout', String(REQUEST_TIMEOUT_S),
      '--generation-database', 'none',
      // a NUL in a payload is a documented 500 of the real API (PostgreSQL refuses it); the go-api suite covers it
      '--generation-allow-x00', 'false',
      '--seed', String(seed),
      '--no-color',
      '--report', 'junit',
      '--report-dir', work.path,
      ...(budget.operations ?? []).flatMap((operationId) => ['--include-operation-id', operationId]),
      ...(work.caFile ? ['--tls-verify', work.caFile] : []),
    ];
    const result = await runEngineProcess(engine, args, { env, cwd: work.path, timeoutMs: budget.maxTimeS * 1000 });
    const junit = readdirSync(work.path).find((name) => name.startsWith('junit') && name.endsWith('.xml'));
    const { report, unreadable } = readReport(junit && join(work.path, junit));
    return {
      ...report,
      selected,
      secured: new Set([...securedOperations(document)].filter((operation) => selected.includes(operation))),
      answers: readRequestLog(existsSync(requestLog) ? readFileSync(requestLog, 'utf8') : ''),
      version,
      seed,
      durationMs: result.durationMs,
      exitCode: result.code,
      timedOut: result.timedOut,
      warnings: summaryWarnings(result.stdout),
      generated: Number(/(\d+) generated/.exec(result.stdout)?.[1]) || undefined,
      command: `schemathesis ${args.map((a) => a.replace(work.path, '<work>')).join(' ')}`,
      stderrTail: result.stderr.trim().split('\n').slice(-5).join('\n'),
      ...(unreadable ? { unreadable } : {}),
    };
  });
}

/** The run for this target, started by whichever fuzz check asks first. Skips the check when Schemathesis is missing. */
export async function schemathesisRun(ctx: CheckContext): Promise<SchemathesisRun> {
  const engine = locateSchemathesis();
  if (!engine) ctx.skip(`untestable: Schemathesis is not installed: ${INSTALL_COMMANDS.schemathesis}`);
  const result = await sharedRun('schemathesis', ctx.target, () => run(ctx, engine));
  ctx.engineVersion(result.version);
  ctx.metric('seed', result.seed);
  ctx.metric('engineRunMs', result.durationMs);
  // a stopped run's findings are real, but what it did not reach is not evidence: no fuzz check passes on it
  if (result.timedOut) {
    throw new CheckFailure(
      `the Schemathesis run was stopped at its time bound of ${budgetOf(ctx.settings).maxTimeS} s (the policy's fuzz.maxTimeS) with ${result.operations.length} of ${result.selected.length} operations reported${result.unreadable ? ` (${result.unreadable})` : ''}; a distant or slow target needs a larger fuzz.maxTimeS or more fuzz.workers`,
    );
  }
  if (result.operations.length === 0) {
    throw new CheckFailure(`the Schemathesis run produced no results (exit ${result.exitCode}${result.unreadable ? `; ${result.unreadable}` : ''}): ${result.stderrTail || 'no output'}`);
  }
  return result;
}
