/**
 * The proxy-overhead benchmark (`npm run bench`) on the local stack, in one run. The same virtual users and the same
 * operations, once through the proxy and once against the Go API directly, in alternating phases (ABBA…, so drift on
 * a shared machine falls on both sides alike); writes <out>/bench.json and prints it against the targets.
 *
 * Measured against the proxy's own URL, not through the TLS edge: the edge stands in for Fly's, which is not part of
 * the proxy, and the direct calls reach the stand-in over plain loopback HTTP too, so both sides cross the same
 * number of hops from the load generator.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { materializeTarget } from '../../framework/target/target.js';
import { startLoadStack, type LoadStack } from '../../stand-ins/local-stack/process-stack.js';
import { buildProxy } from '../../stand-ins/local-stack/proxy-process.js';
import { mergeHistograms, type Distribution, type EngineOptions, type EngineResult } from '../runner/engine.js';
import { runInWorker } from '../runner/run.js';
import { mintUsers } from '../runner/users.js';
import { DEFAULTS, WORKFLOW, type LoadUser, type ScenarioName } from '../scenario/scenario.js';
import type { BenchArgs } from '../cli/args.js';

/** Inside the repository (git-ignored), so the compiled proxy resolves node_modules and package.json like dist/ does. */
const PROXY_BUILD_DIR = fileURLToPath(new URL('../../reports/out/.build/proxy', import.meta.url));

export const BENCH_TARGETS = {
  ratioP95: 1.25,
  addedP50Ms: 2,
  goRequestsPerToolCall: 1.0,
  proxyPeakRssMb: 120,
} as const;

/** one scenario's phases, accumulated */
interface Side {
  calls: number;
  errors: number;
  seconds: number;
  /** CPU of this process (load generator and stand-in with its database) during the side's phases */
  harnessCpuMs: number;
  readonly histograms: string[];
}

export interface BenchResult {
  readonly command: string;
  readonly startedAt: string;
  readonly machine: Record<string, unknown>;
  readonly config: Record<string, unknown>;
  readonly proxy: ScenarioStats & { readonly cpuMsPerCall: number | null; readonly goRequests: number };
  readonly direct: ScenarioStats;
  readonly ratioP95: number;
  readonly addedP50Ms: number;
  readonly addedP95Ms: number;
  readonly proxyPeakRssMb: number | null;
  readonly goRequestsPerToolCall: number;
  readonly targets: readonly { readonly name: string; readonly target: string; readonly measured: number | null; readonly ok: boolean }[];
}

interface ScenarioStats {
  readonly calls: number;
  readonly errors: number;
  readonly throughputRps: number;
  /** CPU per call of the bench process itself: the load generator plus the stand-in and its database */
  readonly harnessCpuMsPerCall: number;
  readonly latencyMs: Distribution;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

function machine(): Record<string, unknown> {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model ?? 'unknown',
    memoryGb: round(totalmem() / 2 ** 30, 1),
    loadAverage1mAtStart: round(loadavg()[0] ?? 0),
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    note: 'shared machine: the load generator (a worker thread), the Go API stand-in (PGlite) and the proxy compete for the same cores',
  };
}

function stats(side: Side): ScenarioStats {
  const { distribution } = mergeHistograms(side.histograms);
  return {
    calls: side.calls,
    errors: side.errors,
    throughputRps: round(side.calls / side.seconds),
    harnessCpuMsPerCall: side.calls > 0 ? round(side.harnessCpuMs / side.calls, 3) : 0,
    latencyMs: distribution,
  };
}

export function evaluateTargets(result: Pick<BenchResult, 'ratioP95' | 'addedP50Ms' | 'goRequestsPerToolCall' | 'proxyPeakRssMb'>): BenchResult['targets'] {
  return [
    { name: 'ratioP95', target: `≤ ${BENCH_TARGETS.ratioP95}`, measured: result.ratioP95, ok: result.ratioP95 <= BENCH_TARGETS.ratioP95 },
    { name: 'addedP50Ms', target: `≤ ${BENCH_TARGETS.addedP50Ms} ms`, measured: result.addedP50Ms, ok: result.addedP50Ms <= BENCH_TARGETS.addedP50Ms },
    {
      name: 'goRequestsPerToolCall',
      target: `${BENCH_TARGETS.goRequestsPerToolCall.toFixed(1)}`,
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

export async function runBench(args: BenchArgs, command: string, log: (line: string) => void): Promise<BenchResult> {
  const startedAt = new Date().toISOString();
  const workDir = resolve(args.out, 'bench');
  const runId = randomUUID().slice(0, 8);
  let runtime: { kind: 'tsx' } | { kind: 'compiled'; outDir: string } = { kind: 'tsx' };
  if (args.proxyBuild !== undefined) {
    const outDir = resolve(args.proxyBuild);
    if (!existsSync(join(outDir, 'proxy', 'main.js'))) throw new Error(`--proxy-build: ${outDir}/proxy/main.js does not exist`);
    log(`running the compiled proxy in ${outDir}`);
    runtime = { kind: 'compiled', outDir };
  } else if (args.proxyRuntime === 'compiled') {
    log('building the proxy (tsc -p tsconfig.build.json)');
    await buildProxy(PROXY_BUILD_DIR);
    runtime = { kind: 'compiled', outDir: PROXY_BUILD_DIR };
  }
  const profileDir = join(workDir, 'profile');
  log('starting the Go API stand-in (PGlite) and the proxy (its own process)');
  const stack: LoadStack = await startLoadStack({
    runId,
    edge: false,
    workDir,
    proxyRuntime: runtime,
    proxyNodeFlags: [...args.proxyNodeOptions, ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
  });
  try {
    const target = materializeTarget(stack.spec);
    const validForS = Math.ceil((args.warmupMs * 2 + args.durationMs * 2) / 1000) + 900;
    const users: Record<ScenarioName, LoadUser[]> = {
      mcp: await mintUsers(target, args.vus, 'bench-mcp', validForS),
      'go-direct': await mintUsers(target, args.vus, 'bench-go', validForS),
    };
    const engine = (scenario: ScenarioName, durationMs: number): EngineOptions => ({
      scenario,
      vus: args.vus,
      durationMs,
      thinkMs: args.thinkMs,
      gracefulStopMs: 10_000,
      target: { mcpUrl: `${stack.proxy.url}/mcp`, goApiUrl: stack.goApi.url, tenantId: target.tenantId, tenantSecret: target.tenantSecret },
      users: users[scenario],
    });
    const describe = (r: EngineResult) =>
      `${r.calls} calls, ${r.errors} errors, p50 ${r.latency.p50Ms} ms, p95 ${r.latency.p95Ms} ms, p99 ${r.latency.p99Ms} ms`;

    if (args.warmupMs > 0) {
      for (const scenario of ['mcp', 'go-direct'] as const) {
        log(`warm-up ${scenario} (${args.warmupMs / 1000} s)`);
        const warm = await runInWorker(engine(scenario, args.warmupMs));
        if (warm.errors > 0) log(`  warm-up errors: ${warm.errorSamples.map((e) => `${e.reason} ×${e.count}`).join('; ')}`);
      }
    }

    const sides: Record<ScenarioName, Side> = {
      mcp: { calls: 0, errors: 0, seconds: 0, harnessCpuMs: 0, histograms: [] },
      'go-direct': { calls: 0, errors: 0, seconds: 0, harnessCpuMs: 0, histograms: [] },
    };
    const phaseMs = Math.max(1000, Math.round(args.durationMs / args.rounds));
    let goRequests = 0;
    let proxyCpuMs = 0;
    let cpuKnown = true;
    let peakRssMb: number | null = stack.proxy.memory()?.peakRssMb ?? null;
    for (let round = 0; round < args.rounds; round++) {
      const order: ScenarioName[] = round % 2 === 0 ? ['mcp', 'go-direct'] : ['go-direct', 'mcp'];
      for (const scenario of order) {
        const goBefore = stack.goApi.stats.total;
        const cpuBefore = stack.proxy.cpuMs();
        const sampler = scenario === 'mcp' ? setInterval(() => (peakRssMb = stack.proxy.memory()?.peakRssMb ?? peakRssMb), 250) : undefined;
        const harnessCpuBefore = process.cpuUsage();
        const result = await runInWorker(engine(scenario, phaseMs));
        const harnessCpu = process.cpuUsage(harnessCpuBefore);
        clearInterval(sampler);
        const side = sides[scenario];
        side.harnessCpuMs += (harnessCpu.user + harnessCpu.system) / 1000;
        side.calls += result.calls;
        side.errors += result.errors;
        side.seconds += phaseMs / 1000;
        side.histograms.push(result.histogram);
        if (scenario === 'mcp') {
          goRequests += stack.goApi.stats.total - goBefore;
          const cpuAfter = stack.proxy.cpuMs();
          if (cpuBefore === undefined || cpuAfter === undefined) cpuKnown = false;
          else proxyCpuMs += cpuAfter - cpuBefore;
          peakRssMb = stack.proxy.memory()?.peakRssMb ?? peakRssMb;
        }
        log(`round ${round + 1} ${scenario === 'mcp' ? 'proxy ' : 'direct'}: ${describe(result)}`);
        if (result.errors > 0) log(`  errors: ${result.errorSamples.map((e) => `${e.reason} ×${e.count}`).join('; ')}`);
      }
    }

    const proxy = stats(sides.mcp);
    const direct = stats(sides['go-direct']);
    const core = {
      ratioP95: direct.latencyMs.p95Ms > 0 ? round(proxy.latencyMs.p95Ms / direct.latencyMs.p95Ms, 3) : 0,
      addedP50Ms: round(proxy.latencyMs.p50Ms - direct.latencyMs.p50Ms),
      goRequestsPerToolCall: proxy.calls > 0 ? round(goRequests / proxy.calls, 4) : 0,
      proxyPeakRssMb: peakRssMb,
    };
    return {
      command,
      startedAt,
      machine: machine(),
      config: {
        vus: args.vus,
        measuredSecondsPerScenario: round(sides.mcp.seconds, 1),
        rounds: args.rounds,
        warmupSeconds: args.warmupMs / 1000,
        thinkMs: args.thinkMs,
        workflow: WORKFLOW,
        listLimit: DEFAULTS.listLimit,
        proxyRuntime:
          args.proxyRuntime === 'compiled' ? `node (tsc output${args.proxyBuild ? ` in ${args.proxyBuild}` : ' of the working tree'}, NODE_ENV=production)` : 'node --import tsx',
        proxyNodeOptions: args.proxyNodeOptions.join(' ') || null,
        proxyLogLevel: 'info (JSON lines to a file)',
        database: 'PGlite (embedded PostgreSQL, in the stand-in process)',
        measuredAt: 'the proxy’s own URL (plain HTTP on loopback) vs the stand-in’s URL',
      },
      proxy: { ...proxy, cpuMsPerCall: cpuKnown && proxy.calls > 0 ? round(proxyCpuMs / proxy.calls, 3) : null, goRequests },
      direct,
      ...core,
      addedP95Ms: round(proxy.latencyMs.p95Ms - direct.latencyMs.p95Ms),
      targets: evaluateTargets(core),
    };
  } finally {
    await stack.close();
  }
}

export function renderBench(result: BenchResult): string {
  const row = (name: string, s: ScenarioStats) =>
    `  ${name.padEnd(7)} ${String(s.calls).padStart(7)} calls ${String(s.errors).padStart(4)} errors ${String(s.throughputRps).padStart(8)} calls/s` +
    `  p50 ${s.latencyMs.p50Ms} · p90 ${s.latencyMs.p90Ms} · p95 ${s.latencyMs.p95Ms} · p99 ${s.latencyMs.p99Ms} · max ${s.latencyMs.maxMs} ms`;
  return [
    '',
    `proxy overhead (${result.config.vus} VUs, ${result.config.measuredSecondsPerScenario} s per scenario, ${result.config.rounds} rounds)`,
    row('proxy', result.proxy),
    row('direct', result.direct),
    `  proxy CPU ${result.proxy.cpuMsPerCall ?? 'n/a'} ms per tool call`,
    `  generator and stand-in CPU per call: ${result.proxy.harnessCpuMsPerCall} ms (proxy side), ${result.direct.harnessCpuMsPerCall} ms (direct side)`,
    ...result.targets.map((t) => `  ${t.ok ? '✓' : '✗'} ${t.name.padEnd(22)} ${String(t.measured ?? 'n/a').padStart(8)}   target ${t.target}`),
    '',
  ].join('\n');
}
