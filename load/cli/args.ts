/**
 * Command-line flags of `npm run load` and `npm run bench`, validated with zod; every problem is a usage error
 * (exit 2).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { selectTarget, type TargetSelection } from '../../verify/run/select.js';
import { FaultList, type GoApiFaults } from '../../stand-ins/go-api/faults.js';
import { BOUNDS, DEFAULTS, SCENARIO_NAMES, parseDuration, type ScenarioName } from '../scenario/scenario.js';

/** Exit codes: k6's 99 for a breached threshold, the verify CLI's 2 and 3 for configuration and reachability. */
export const EXIT = { passed: 0, failed: 1, usage: 2, unreachable: 3, thresholds: 99 } as const;

export class UsageError extends Error {}

export const LOAD_USAGE = `Usage: npm run load -- [options]

Runs the load scenario (50 virtual users by default, each with an identity of its own) against a target and gates on
its thresholds: p(95) of calls < 200 ms, failed requests < 1 %, checks > 99 %. Uses k6 when it is on PATH, the
built-in runner otherwise; both write the same summary.

Options:
  --vus <n>                 virtual users (default ${DEFAULTS.vus}, at most ${BOUNDS.maxVus})
  --duration <d>            how long, e.g. 30s, 2m (default ${DEFAULTS.duration}, at most 1h)
  --target <local|env|f.json>
                            local  boot the Go API stand-in, the proxy (a process of its own) and the TLS edge
                                   on loopback (default when no target variable is set; any set one
                                   selects env, as for verify)
                            env    MCP_BASE_URL, GO_API_BASE_URL, JWT_SECRET (or JWT_PRIVATE_KEY + JWT_KID),
                                   JWT_ISSUER, JWT_AUDIENCE, TENANT_ID, TENANT_HEADER_SECRET
                            f.json the same fields in camelCase ("env:NAME" values come from the environment)
  --scenario <mcp|go-direct>
                            mcp        tool calls through the proxy (default)
                            go-direct  the same operations against the Go API directly, for comparison
  --engine <auto|k6|builtin>
                            auto: k6 when it is on PATH, else the built-in runner (default auto)
  --think-ms <ms>           mean pause after each call (default ${DEFAULTS.thinkMs}; keeps each user under the API's
                            per-user rate limit of 10/s)
  --warmup <d>              unmeasured warm-up first (default 5s on the local stack, which was just booted;
                            0 on a deployed target)
  --out <dir>               where load-summary.json goes (default reports/out)
  --go-faults <list>        local target only: start the stand-in with faults, e.g. fixedLatencyMs=250
  --verify                  run the verification suites first; the verification report gets a load section
  --ci                      plain output (default when CI is set or stdout is not a terminal)
  -h, --help                show this help

Exit codes: 0 thresholds passed, 99 a threshold was breached (as k6), 1 verification gate failed (--verify),
2 usage or configuration error, 3 target unreachable.`;

export const BENCH_USAGE = `Usage: npm run bench -- [options]

The proxy-overhead benchmark on the local stack: the same virtual users and operations through the proxy and
against the Go API directly, in alternating phases of one run. Writes reports/out/bench.json.

Options:
  --vus <n>                 virtual users per phase (default ${DEFAULTS.vus})
  --duration <d>            measured time per scenario, split over the rounds (default ${DEFAULTS.duration})
  --rounds <n>              alternations proxy/direct (default 2, order ABBA…)
  --warmup <d>              warm-up per scenario before measuring (default 5s)
  --think-ms <ms>           mean pause after each call (default ${DEFAULTS.thinkMs})
  --proxy-runtime <compiled|tsx>
                            compiled: tsc output run by node, as the Docker image runs it (default)
  --proxy-build <dir>       run this compiled proxy (a tsc -p tsconfig.build.json output inside the repository,
                            e.g. dist) instead of building the working tree, to compare two versions
  --profile                 write a V8 CPU profile of the proxy to <out>/bench/profile
  --proxy-node-options=<s>  extra node flags for the proxy process, e.g. --proxy-node-options=--max-semi-space-size=4
                            (to try a runtime setting; the default measures the proxy as the image runs it)
  --out <dir>               default reports/out
  -h, --help                show this help`;

const positiveInt = (max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(max, `must be at most ${max}`);

const duration = (max: number) =>
  z.string().transform((text, ctx) => {
    try {
      const ms = parseDuration(text);
      if (ms <= 0 || ms > max) throw new Error(`must be above 0 and at most ${max / 60_000} minutes`);
      return ms;
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  });

const thinkMs = z.coerce.number({ error: 'must be a number' }).min(0, 'must be 0 or more').max(BOUNDS.maxThinkMs, `must be at most ${BOUNDS.maxThinkMs}`);

export interface LoadArgs {
  readonly vus: number;
  readonly durationMs: number;
  /** the duration as given */
  readonly duration: string;
  readonly target: string;
  /** what the user must know about the choice of target (see verify/run/select.ts) */
  readonly targetNotices: readonly string[];
  readonly scenario: ScenarioName;
  readonly engine: 'auto' | 'k6' | 'builtin';
  readonly thinkMs: number;
  /** unmeasured warm-up before the run (default: 5 s on the freshly booted local stack, none on a deployment) */
  readonly warmupMs: number;
  readonly out: string;
  readonly goFaults: GoApiFaults;
  readonly verify: boolean;
  readonly ci: boolean;
  readonly help: boolean;
}

const LoadSchema = z.object({
  vus: positiveInt(BOUNDS.maxVus).default(DEFAULTS.vus),
  duration: z.string().default(DEFAULTS.duration),
  target: z.string().min(1).optional(),
  scenario: z.enum(SCENARIO_NAMES as [ScenarioName, ...ScenarioName[]], { error: `must be ${SCENARIO_NAMES.join(' or ')}` }).default('mcp'),
  engine: z.enum(['auto', 'k6', 'builtin'], { error: 'must be auto, k6 or builtin' }).default('auto'),
  'think-ms': thinkMs.default(DEFAULTS.thinkMs),
  warmup: z.string().optional(),
  out: z.string().min(1).default('reports/out'),
  'go-faults': z.string().optional(),
  verify: z.boolean().default(false),
  ci: z.boolean().default(false),
  help: z.boolean().default(false),
});

function parse(argv: readonly string[], options: Record<string, { type: 'string' | 'boolean'; short?: string }>): Record<string, unknown> {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function problems(error: z.ZodError): UsageError {
  return new UsageError([...new Set(error.issues.map((i) => `--${String(i.path[0] ?? '')}: ${i.message}`))].join('\n'));
}

const isCi = (flag: boolean, env: Readonly<Record<string, string | undefined>>, isTty: boolean) =>
  flag || !isTty || (env.CI !== undefined && env.CI !== '' && env.CI !== 'false');

export function parseLoadArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, isTty: boolean): LoadArgs {
  const values = parse(argv, {
    vus: { type: 'string' },
    duration: { type: 'string' },
    target: { type: 'string' },
    scenario: { type: 'string' },
    engine: { type: 'string' },
    'think-ms': { type: 'string' },
    warmup: { type: 'string' },
    out: { type: 'string' },
    'go-faults': { type: 'string' },
    verify: { type: 'boolean' },
    ci: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const parsed = LoadSchema.safeParse(values);
  if (!parsed.success) throw problems(parsed.error);
  const a = parsed.data;
  let selection: TargetSelection;
  try {
    selection = selectTarget(a.target, env);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const target = selection.kind === 'file' ? selection.source : selection.kind;
  const durationMs = duration(BOUNDS.maxDurationMs).safeParse(a.duration);
  if (!durationMs.success) throw new UsageError(`--duration: ${durationMs.error.issues.map((i) => i.message).join('; ')}`);
  const warmupMs = a.warmup === undefined ? (target === 'local' ? 5000 : 0) : warmup(a.warmup);
  let goFaults: GoApiFaults = {};
  if (a['go-faults'] !== undefined) {
    if (target !== 'local') throw new UsageError('--go-faults: only the local target has a stand-in to start with faults');
    const faults = FaultList.safeParse(a['go-faults']);
    if (!faults.success) throw new UsageError(`--go-faults: ${faults.error.issues.map((i) => i.message).join('; ')}`);
    goFaults = faults.data;
  }
  return {
    vus: a.vus,
    durationMs: durationMs.data,
    duration: a.duration.trim(),
    target,
    targetNotices: selection.notices,
    scenario: a.scenario,
    engine: a.engine,
    thinkMs: a['think-ms'],
    warmupMs,
    out: a.out,
    goFaults,
    verify: a.verify,
    ci: isCi(a.ci, env, isTty),
    help: a.help,
  };
}

function warmup(text: string): number {
  let ms: number;
  try {
    ms = text.trim() === '0' ? 0 : parseDuration(text);
  } catch (error) {
    throw new UsageError(`--warmup: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (ms > 10 * 60_000) throw new UsageError('--warmup: at most 10 minutes');
  return ms;
}

export interface BenchArgs {
  readonly vus: number;
  readonly durationMs: number;
  readonly rounds: number;
  readonly warmupMs: number;
  readonly thinkMs: number;
  readonly proxyRuntime: 'compiled' | 'tsx';
  readonly profile: boolean;
  readonly proxyNodeOptions: readonly string[];
  /** a compiled proxy to run instead of building the working tree */
  readonly proxyBuild: string | undefined;
  readonly out: string;
  readonly help: boolean;
}

const BenchSchema = z.object({
  vus: positiveInt(BOUNDS.maxVus).default(DEFAULTS.vus),
  duration: duration(BOUNDS.maxDurationMs).default(parseDuration(DEFAULTS.duration)),
  rounds: positiveInt(20).default(2),
  warmup: z.string().default('5s'),
  'think-ms': thinkMs.default(DEFAULTS.thinkMs),
  'proxy-runtime': z.enum(['compiled', 'tsx'], { error: 'must be compiled or tsx' }).default('compiled'),
  profile: z.boolean().default(false),
  'proxy-node-options': z
    .string()
    .default('')
    .transform((text) => text.split(/\s+/).filter(Boolean))
    .pipe(z.array(z.string().regex(/^--[a-z0-9-]+(=[\w.,/-]+)?$/, 'takes node flags like --max-semi-space-size=4'))),
  'proxy-build': z.string().min(1).optional(),
  out: z.string().min(1).default('reports/out'),
  help: z.boolean().default(false),
});

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const values = parse(argv, {
    vus: { type: 'string' },
    duration: { type: 'string' },
    rounds: { type: 'string' },
    warmup: { type: 'string' },
    'think-ms': { type: 'string' },
    'proxy-runtime': { type: 'string' },
    profile: { type: 'boolean' },
    'proxy-node-options': { type: 'string' },
    'proxy-build': { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const parsed = BenchSchema.safeParse(values);
  if (!parsed.success) throw problems(parsed.error);
  const a = parsed.data;
  const warmupMs = warmup(a.warmup);
  if (a['proxy-build'] !== undefined && a['proxy-runtime'] === 'tsx') throw new UsageError('--proxy-build: runs a compiled proxy; leave --proxy-runtime at compiled');
  return {
    vus: a.vus,
    durationMs: a.duration,
    rounds: a.rounds,
    warmupMs,
    thinkMs: a['think-ms'],
    proxyRuntime: a['proxy-runtime'],
    profile: a.profile,
    proxyNodeOptions: a['proxy-node-options'],
    proxyBuild: a['proxy-build'],
    out: a.out,
    help: a.help,
  };
}
