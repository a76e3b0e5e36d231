/**
 * Command-line flags of `npm run load` and `npm run bench`, validated with zod; every problem is a usage error
 * (exit 2).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { selectTarget, type TargetSelection } from '../../verify/run/select.js';
import { FaultList, type GoApiFaults } from '../../stand-ins/go-api/faults.js';
import { BOUNDS, DEFAULTS, SCENARIO_NAMES, parseDuration, type ScenarioName } from '../scenario/scenario.js';
import { MAX_RATE_PER_VU } from '../runner/engine.js';
import { parseShard, shardVus, type Shard } from '../runner/schedule.js';

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
  --rate <n>                open loop: n calls per second whatever the answers take (k6 constant-arrival-rate),
                            drawn from the --vus pool (at most ${MAX_RATE_PER_VU} per VU); latency runs from each call's
                            scheduled start, and a call that finds every VU busy is dropped and fails the run
  --shard <i/N>             run shard i of N of a run against a shared target (env or a target file): the VUs
                            and arrivals dealt round-robin (k6 execution segments with k6); writes
                            load-part-<i>-of-<N>.json for \`npm run load -- merge\`
  --warmup <d>              unmeasured warm-up first (default 5s on the local stack, which was just booted;
                            0 on a deployed target)
  --out <dir>               where load-summary.json goes (default reports/out)
  --go-faults <list>        local target only: start the stand-in with faults, e.g. fixedLatencyMs=250
  --verify                  run the verification suites first; the verification report gets a load section
  --ci                      plain output (default when CI is set or stdout is not a terminal)
  -h, --help                show this help

Merging a sharded run (or k6 instances' --out json files):
  npm run load -- merge [--out <dir>] [--report <verification-report.json>] <part or k6 json> …
                            adds the histograms and counters into one load-summary.json and judges the thresholds
                            on the merged data; --report folds it into that report's load section and rewrites
                            the report files into --out

Exit codes: 0 thresholds passed, 99 a threshold was breached (as k6), 1 verification gate failed (--verify),
2 usage or configuration error, 3 target unreachable.`;

/** The bench's defaults: 150 calls/s is about 60 % of what the closed loop of 50 users makes on two shared cores. */
export const BENCH_DEFAULTS = { ratePerS: 150, duration: '50s', rounds: 5 } as const;

export const BENCH_USAGE = `Usage: npm run bench -- [options]

The proxy's cost against its limit, on the local stack, in one run: calls arrive at a fixed rate (open loop, well
below saturation) through the proxy, through a bare Node pass-through (the same HTTP hop to the Go API, nothing
else) and straight to the Go API, in alternating rounds. Reports CPU per call of the proxy and of the pass-through
and their ratio, and the latency the proxy adds (proxy − direct, p50/p95/p99), each as the median of the rounds
with their spread. Writes reports/out/bench.json.

Options:
  --rate <n>                calls per second on every side (default ${BENCH_DEFAULTS.ratePerS})
  --vus <n>                 the VU pool the arrivals draw from, one identity each (default ${DEFAULTS.vus})
  --duration <d>            measured time per side, split over the rounds (default ${BENCH_DEFAULTS.duration})
  --rounds <n>              alternations proxy / pass-through / direct, in rotating order (default and minimum
                            ${BENCH_DEFAULTS.rounds}, for a spread worth the name)
  --warmup <d>              warm-up per side before measuring (default 15s: V8 keeps optimising for a while)
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

const arrivalRate = z.coerce.number({ error: 'must be a number' }).positive('must be above 0').max(BOUNDS.maxVus * MAX_RATE_PER_VU);

/** An open loop draws on its VUs: each may make MAX_RATE_PER_VU calls/s at most, under the API's per-user limit. */
function requireVusFor(ratePerS: number, vus: number): void {
  if (ratePerS <= vus * MAX_RATE_PER_VU) return;
  throw new UsageError(
    `--rate: ${ratePerS}/s needs at least ${Math.ceil(ratePerS / MAX_RATE_PER_VU)} VUs (--vus): each user may make ${MAX_RATE_PER_VU} calls/s at most, under the API's per-user limit`,
  );
}

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
  /** open loop: calls per second (absent: closed loop) */
  readonly ratePerS?: number;
  readonly shard?: Shard;
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
  rate: arrivalRate.optional(),
  shard: z
    .string()
    .transform((text, ctx) => {
      try {
        return parseShard(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    })
    .optional(),
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
    rate: { type: 'string' },
    shard: { type: 'string' },
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
  if (a.rate !== undefined) requireVusFor(a.rate, a.vus);
  if (a.shard && a.verify) throw new UsageError('--shard: verify once, on the merged run (npm run load -- merge --report …), not per shard');
  if (a.shard && target === 'local') {
    throw new UsageError('--shard: shards must share one target, and the local stack is a target of this process only: use --target env or a target file');
  }
  if (a.shard && shardVus(a.vus, a.shard).length === 0) throw new UsageError(`--shard: shard ${a.shard.index}/${a.shard.count} has none of the ${a.vus} VUs; use fewer shards`);
  return {
    vus: a.vus,
    durationMs: durationMs.data,
    ...(a.rate !== undefined ? { ratePerS: a.rate } : {}),
    ...(a.shard ? { shard: a.shard } : {}),
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
  readonly ratePerS: number;
  readonly vus: number;
  readonly durationMs: number;
  readonly rounds: number;
  readonly warmupMs: number;
  readonly proxyRuntime: 'compiled' | 'tsx';
  readonly profile: boolean;
  readonly proxyNodeOptions: readonly string[];
  /** a compiled proxy to run instead of building the working tree */
  readonly proxyBuild: string | undefined;
  readonly out: string;
  readonly help: boolean;
}

const BenchSchema = z.object({
  rate: arrivalRate.default(BENCH_DEFAULTS.ratePerS),
  vus: positiveInt(BOUNDS.maxVus).default(DEFAULTS.vus),
  duration: duration(BOUNDS.maxDurationMs).default(parseDuration(BENCH_DEFAULTS.duration)),
  rounds: positiveInt(20).min(BENCH_DEFAULTS.rounds, `must be at least ${BENCH_DEFAULTS.rounds}: the spread of fewer rounds says little`).default(BENCH_DEFAULTS.rounds),
  warmup: z.string().default('15s'),
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
    rate: { type: 'string' },
    vus: { type: 'string' },
    duration: { type: 'string' },
    rounds: { type: 'string' },
    warmup: { type: 'string' },
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
  requireVusFor(a.rate, a.vus);
  if (a.duration / a.rounds < 2_000) throw new UsageError(`--duration: ${a.rounds} rounds need at least ${a.rounds * 2} s (2 s per phase)`);
  return {
    ratePerS: a.rate,
    vus: a.vus,
    durationMs: a.duration,
    rounds: a.rounds,
    warmupMs,
    proxyRuntime: a['proxy-runtime'],
    profile: a.profile,
    proxyNodeOptions: a['proxy-node-options'],
    proxyBuild: a['proxy-build'],
    out: a.out,
    help: a.help,
  };
}

export interface MergeArgs {
  readonly files: readonly string[];
  readonly out: string;
  /** a verification report to fold the merged load section into */
  readonly report?: string;
  readonly help: boolean;
}

export function parseMergeArgs(argv: readonly string[]): MergeArgs {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], strict: true, allowPositionals: true, options: { out: { type: 'string' }, report: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const values = z
    .object({ out: z.string().min(1).default('reports/out'), report: z.string().min(1).optional(), help: z.boolean().default(false) })
    .safeParse(parsed.values);
  if (!values.success) throw problems(values.error);
  if (!values.data.help && parsed.positionals.length === 0) throw new UsageError('merge: name the result files to merge (load-part-*.json, or k6 --out json files)');
  return { files: parsed.positionals, out: values.data.out, ...(values.data.report ? { report: values.data.report } : {}), help: values.data.help };
}
