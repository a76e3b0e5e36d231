/**
 * The proxy's cost against its limit (`npm run bench`), on the local stack, in one run. Calls arrive at a fixed rate
 * well below saturation (open loop: latency from each call's scheduled start) on three sides, in rounds whose order
 * rotates so drift on a shared machine falls on every side alike:
 *
 *  - proxy: MCP tool calls to the proxy (a process of its own, built and run as the image runs it);
 *  - pass-through: the identical Go requests through a bare Node forwarder in a process of its own
 *    (stand-ins/pass-through): the same HTTP hop with nothing else, the limit for a Node proxy;
 *  - direct: the identical Go requests to the Go API stand-in.
 *
 * Per round: CPU per call of the proxy and of the pass-through (their own processes, from /proc) and their ratio,
 * and the latency each adds over direct. Reported as the median of the rounds with the spread (min–max), so two
 * runs can be compared by whether they agree within it. Each side's VUs make their handshakes before its clock
 * starts, so the measured window holds tool calls only.
 *
 * Measured against the proxy's own URL, not through the TLS edge: the edge stands in for Fly's, which is not part of
 * the proxy; every side crosses the same number of hops from the load generator.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { materializeTarget } from '../../framework/target/target.js';
import { startLoadStack, type LoadStack } from '../../stand-ins/local-stack/process-stack.js';
import { buildProxy, proxyBuildDir, startPassThroughProcess, type ProxyProcess } from '../../stand-ins/local-stack/proxy-process.js';
import type { EngineOptions, EngineResult } from '../runner/engine.js';
import { runInWorker } from '../runner/run.js';
import { mintUsers } from '../runner/users.js';
import { mergeHistograms, type Distribution } from '../results/histogram.js';
import { DEFAULTS, WORKFLOW, type LoadUser } from '../scenario/scenario.js';
import type { BenchArgs } from '../cli/args.js';

export const BENCH_TARGETS = {
  /** proxy CPU per call ≤ 1.5 × the pass-through's */
  cpuRatio: 1.5,
  /** proxy p95 − direct p95, at the bench's rate */
  addedP95Ms: 2,
  goRequestsPerToolCall: 1.0,
  proxyPeakRssMb: 120,
} as const;

export const SIDES = ['proxy', 'passThrough', 'direct'] as const;
export type Side = (typeof SIDES)[number];

/** The median of the rounds and their spread. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface RoundResult {
  readonly round: number;
  readonly order: readonly Side[];
  readonly latencyMs: Readonly<Record<Side, { readonly p50: number; readonly p95: number; readonly p99: number }>>;
  /** CPU ms per call of the proxy's and the pass-through's own processes */
  readonly cpuMsPerCall: { readonly proxy: number | null; readonly passThrough: number | null };
}

export interface SideStats {
  readonly calls: number;
  readonly errors: number;
  readonly dropped: number;
  readonly throughputRps: number;
  /** all rounds' histograms merged */
  readonly latencyMs: Distribution;
}

export interface BenchResult {
  readonly command: string;
  readonly startedAt: string;
  readonly machine: Record<string, unknown>;
  readonly config: Record<string, unknown>;
  readonly sides: Readonly<Record<Side, SideStats>>;
  readonly rounds: readonly RoundResult[];
  readonly cpuMsPerCall: { readonly proxy: Spread | null; readonly passThrough: Spread | null };
  /** proxy CPU per call ÷ pass-through CPU per call, per round */
  readonly cpuRatio: Spread | null;
  /** proxy − direct, per round */
  readonly addedMs: { readonly p50: Spread; readonly p95: Spread; readonly p99: Spread };
  /** pass-through − direct, per round: what the hop itself costs */
  readonly passThroughAddedMs: { readonly p50: Spread; readonly p95: Spread; readonly p99: Spread };
  readonly goRequestsPerToolCall: number;
  readonly proxyPeakRssMb: number | null;
  readonly targets: readonly { readonly name: string; readonly target: string; readonly measured: number | null; readonly ok: boolean }[];
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('no values to spread');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median: round(median, 3), min: round(sorted[0]!, 3), max: round(sorted.at(-1)!, 3) };
}

/** Round r's order: the three sides rotated by r, reversed every other round, so each side runs first, middle and last. */
export function roundOrder(r: number): Side[] {
  const rotated = SIDES.map((_, i) => SIDES[(i + r) % SIDES.length]!);
  return r % 2 === 1 ? rotated.reverse() : rotated;
}

function machine(): Record<string, unknown> {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model ?? 'unknown',
    memoryGb: round(totalmem() / 2 ** 30, 1),
    loadAverage1mAtStart: round(loadavg()[0] ?? 0),
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    note: 'shared machine: the load generator (a worker thread), the Go API stand-in (PGlite), the pass-through and the proxy compete for the same cores',
  };
}

export function evaluateTargets(result: Pick<BenchResult, 'cpuRatio' | 'addedMs' | 'goRequestsPerToolCall' | 'proxyPeakRssMb'>): BenchResult['targets'] {
  const ratio = result.cpuRatio?.median ?? null;
  return [
    { name: 'cpuRatio', target: `≤ ${BENCH_TARGETS.cpuRatio} × the pass-through's`, measured: ratio, ok: ratio !== null && ratio <= BENCH_TARGETS.cpuRatio },
    { name: 'addedP95Ms', target: `≤ ${BENCH_TARGETS.addedP95Ms} ms`, measured: result.addedMs.p95.median, ok: result.addedMs.p95.median <= BENCH_TARGETS.addedP95Ms },
    {
      name: 'goRequestsPerToolCall',
      target: BENCH_TARGETS.goRequestsPerToolCall.toFixed(1),
      measured: result.goRequestsPerToolCall,
      ok: Math.abs(result.goRequestsPerToolCall - BENCH_TARGETS.goRequestsPerToolCall) < 0.005,
    },
    {
      name: 'proxyPeakRssMb',
      target: `≤ ${BENCH_TARGETS.proxyPeakRssMb} MB`,
      measured: result.proxyPeakRssMb,
      ok: result.proxyPeakRssMb !== null && result.proxyPeakRssMb <= BENCH_TARGETS.proxyPeakRssMb,
    },
  ];
}

interface Accumulated {
  calls: number;
  errors: number;
  dropped: number;
  seconds: number;
  readonly histograms: string[];
}

async function proxyRuntime(args: BenchArgs, log: (line: string) => void): Promise<{ kind: 'tsx' } | { kind: 'compiled'; outDir: string }> {
  if (args.proxyBuild !== undefined) {
    const outDir = resolve(args.proxyBuild);
    if (!existsSync(join(outDir, 'proxy', 'main.js'))) throw new Error(`--proxy-build: ${outDir}/proxy/main.js does not exist`);
    log(`running the compiled proxy in ${outDir}`);
    return { kind: 'compiled', outDir };
  }
  if (args.proxyRuntime === 'tsx') return { kind: 'tsx' };
  log('building the proxy (tsc -p tsconfig.build.json)');
  await buildProxy(proxyBuildDir('bench'));
  return { kind: 'compiled', outDir: proxyBuildDir('bench') };
}

export async function runBench(args: BenchArgs, command: string, log: (line: string) => void): Promise<BenchResult> {
  const startedAt = new Date().toISOString();
  const workDir = resolve(args.out, 'bench');
  const runtime = await proxyRuntime(args, log);
  log('starting the Go API stand-in (PGlite), the proxy and the pass-through (processes of their own)');
  const stack: LoadStack = await startLoadStack({
    runId: randomUUID().slice(0, 8),
    edge: false,
    workDir,
    proxyRuntime: runtime,
    proxyNodeFlags: [...args.proxyNodeOptions, ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(workDir, 'profile')}`] : [])],
  });
  let passThrough: ProxyProcess | undefined;
  try {
    passThrough = await startPassThroughProcess({ upstreamUrl: stack.goApi.url, logFile: join(workDir, 'pass-through.log') });
    const target = materializeTarget(stack.spec);
    const validForS = Math.ceil((args.warmupMs * 3 + args.durationMs * 3) / 1000) + 900;
    const users: Record<Side, LoadUser[]> = {
      proxy: await mintUsers(target, args.vus, 'bench-mcp', validForS),
      passThrough: await mintUsers(target, args.vus, 'bench-pass', validForS),
      direct: await mintUsers(target, args.vus, 'bench-go', validForS),
    };
    const processes: Partial<Record<Side, ProxyProcess>> = { proxy: stack.proxy, passThrough };
    const engine = (side: Side, durationMs: number): EngineOptions => ({
      scenario: side === 'proxy' ? 'mcp' : 'go-direct',
      vus: args.vus,
      durationMs,
      thinkMs: 0,
      arrivalRatePerS: args.ratePerS,
      handshakesFirst: true,
      gracefulStopMs: 10_000,
      target: {
        mcpUrl: `${stack.proxy.url}/mcp`,
        goApiUrl: side === 'passThrough' ? passThrough!.url : stack.goApi.url,
        tenantId: target.tenantId,
        tenantSecret: target.tenantSecret,
      },
      users: users[side],
    });
    const describe = (r: EngineResult) =>
      `${r.calls} calls, ${r.errors} errors, ${r.droppedIterations} dropped, p50 ${r.latency.p50Ms} ms, p95 ${r.latency.p95Ms} ms, p99 ${r.latency.p99Ms} ms`;

    if (args.warmupMs > 0) {
      for (const side of SIDES) {
        log(`warm-up ${side} (${args.warmupMs / 1000} s)`);
        const warm = await runInWorker(engine(side, args.warmupMs));
        if (warm.errors > 0) log(`  warm-up errors: ${warm.errorSamples.map((e) => `${e.reason} ×${e.count}`).join('; ')}`);
      }
    }

    const totals: Record<Side, Accumulated> = {
      proxy: { calls: 0, errors: 0, dropped: 0, seconds: 0, histograms: [] },
      passThrough: { calls: 0, errors: 0, dropped: 0, seconds: 0, histograms: [] },
      direct: { calls: 0, errors: 0, dropped: 0, seconds: 0, histograms: [] },
    };
    const phaseMs = Math.round(args.durationMs / args.rounds);
    const rounds: RoundResult[] = [];
    let goRequests = 0;
    let peakRssMb: number | null = stack.proxy.memory()?.peakRssMb ?? null;
    for (let r = 0; r < args.rounds; r++) {
      const order = roundOrder(r);
      const latency: Partial<Record<Side, { p50: number; p95: number; p99: number }>> = {};
      const cpu: { proxy: number | null; passThrough: number | null } = { proxy: null, passThrough: null };
      for (const side of order) {
        const measured = processes[side];
        let cpuAtClock: number | undefined;
        let goAtClock = 0;
        const sampler = side === 'proxy' ? setInterval(() => (peakRssMb = stack.proxy.memory()?.peakRssMb ?? peakRssMb), 250) : undefined;
        const result = await runInWorker(engine(side, phaseMs), undefined, () => {
          cpuAtClock = measured?.cpuMs();
          goAtClock = stack.goApi.stats.total;
        });
        clearInterval(sampler);
        const cpuAfter = measured?.cpuMs();
        if (side !== 'direct' && cpuAtClock !== undefined && cpuAfter !== undefined && result.calls > 0) cpu[side] = round((cpuAfter - cpuAtClock) / result.calls, 3);
        if (side === 'proxy') {
          goRequests += stack.goApi.stats.total - goAtClock;
          peakRssMb = stack.proxy.memory()?.peakRssMb ?? peakRssMb;
        }
        const total = totals[side];
        total.calls += result.calls;
        total.errors += result.errors;
        total.dropped += result.droppedIterations;
        total.seconds += phaseMs / 1000;
        total.histograms.push(result.histogram);
        latency[side] = { p50: result.latency.p50Ms, p95: result.latency.p95Ms, p99: result.latency.p99Ms };
        log(`round ${r + 1} ${side.padEnd(11)}: ${describe(result)}${cpu[side as 'proxy'] ? `, ${cpu[side as 'proxy']} ms CPU per call` : ''}`);
        if (result.errors > 0) log(`  errors: ${result.errorSamples.map((e) => `${e.reason} ×${e.count}`).join('; ')}`);
      }
      rounds.push({ round: r + 1, order, latencyMs: latency as RoundResult['latencyMs'], cpuMsPerCall: cpu });
    }

    const stats = (side: Side): SideStats => {
      const t = totals[side];
      return { calls: t.calls, errors: t.errors, dropped: t.dropped, throughputRps: round(t.calls / t.seconds), latencyMs: mergeHistograms(t.histograms).distribution };
    };
    const perRound = (pick: (r: RoundResult) => number | null) => {
      const values = rounds.map(pick).filter((v): v is number => v !== null);
      return values.length === rounds.length ? spreadOf(values) : null;
    };
    const added = (side: 'proxy' | 'passThrough', p: 'p50' | 'p95' | 'p99') => spreadOf(rounds.map((r) => r.latencyMs[side][p] - r.latencyMs.direct[p]));
    const proxyCalls = totals.proxy.calls;
    const core = {
      cpuRatio: perRound((r) => (r.cpuMsPerCall.proxy !== null && r.cpuMsPerCall.passThrough ? r.cpuMsPerCall.proxy / r.cpuMsPerCall.passThrough : null)),
      addedMs: { p50: added('proxy', 'p50'), p95: added('proxy', 'p95'), p99: added('proxy', 'p99') },
      goRequestsPerToolCall: proxyCalls > 0 ? round(goRequests / proxyCalls, 4) : 0,
      proxyPeakRssMb: peakRssMb,
    };
    return {
      command,
      startedAt,
      machine: machine(),
      config: {
        mode: 'open loop (constant arrival rate), latency from each call’s scheduled start',
        ratePerS: args.ratePerS,
        vus: args.vus,
        rounds: args.rounds,
        secondsPerPhase: phaseMs / 1000,
        measuredSecondsPerSide: round(totals.proxy.seconds, 1),
        warmupSeconds: args.warmupMs / 1000,
        workflow: WORKFLOW,
        listLimit: DEFAULTS.listLimit,
        proxyRuntime:
          args.proxyRuntime === 'compiled' ? `node (tsc output${args.proxyBuild ? ` in ${args.proxyBuild}` : ' of the working tree'}, NODE_ENV=production)` : 'node --import tsx',
        passThrough: 'node --import tsx stand-ins/pass-through/main.ts (node:http + undici Pool, the image’s NODE_ENV and NODE_OPTIONS)',
        proxyNodeOptions: args.proxyNodeOptions.join(' ') || null,
        proxyLogLevel: 'info (JSON lines to a file)',
        database: 'PGlite (embedded PostgreSQL, in the stand-in process)',
        measuredAt: 'the proxy’s and the pass-through’s own URLs (plain HTTP on loopback) vs the stand-in’s URL',
      },
      sides: { proxy: stats('proxy'), passThrough: stats('passThrough'), direct: stats('direct') },
      rounds,
      cpuMsPerCall: { proxy: perRound((r) => r.cpuMsPerCall.proxy), passThrough: perRound((r) => r.cpuMsPerCall.passThrough) },
      ...core,
      passThroughAddedMs: { p50: added('passThrough', 'p50'), p95: added('passThrough', 'p95'), p99: added('passThrough', 'p99') },
      targets: evaluateTargets(core),
    };
  } finally {
    await passThrough?.stop();
    await stack.close();
  }
}

const showSpread = (s: Spread | null, unit = '') => (s ? `${s.median}${unit} (${s.min}–${s.max})` : 'n/a');

export function renderBench(result: BenchResult): string {
  const row = (name: string, s: SideStats) =>
    `  ${name.padEnd(12)} ${String(s.calls).padStart(7)} calls ${String(s.errors).padStart(4)} errors ${String(s.dropped).padStart(3)} dropped` +
    `  p50 ${s.latencyMs.p50Ms} · p95 ${s.latencyMs.p95Ms} · p99 ${s.latencyMs.p99Ms} · max ${s.latencyMs.maxMs} ms`;
  return [
    '',
    `proxy cost at ${result.config.ratePerS} calls/s, open loop (${result.config.rounds} rounds of ${result.config.secondsPerPhase} s per side; median of rounds (min–max))`,
    row('proxy', result.sides.proxy),
    row('pass-through', result.sides.passThrough),
    row('direct', result.sides.direct),
    `  CPU per call: proxy ${showSpread(result.cpuMsPerCall.proxy, ' ms')} · pass-through ${showSpread(result.cpuMsPerCall.passThrough, ' ms')} · ratio ${showSpread(result.cpuRatio)}`,
    `  added by the proxy (− direct): p50 ${showSpread(result.addedMs.p50, ' ms')} · p95 ${showSpread(result.addedMs.p95, ' ms')} · p99 ${showSpread(result.addedMs.p99, ' ms')}`,
    `  added by the pass-through:     p50 ${showSpread(result.passThroughAddedMs.p50, ' ms')} · p95 ${showSpread(result.passThroughAddedMs.p95, ' ms')} · p99 ${showSpread(result.passThroughAddedMs.p99, ' ms')}`,
    ...result.targets.map((t) => `  ${t.ok ? '✓' : '✗'} ${t.name.padEnd(22)} ${String(t.measured ?? 'n/a').padStart(8)}   target ${t.target}`),
    '',
  ].join('\n');
}
