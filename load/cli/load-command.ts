/**
 * `npm run load`: resolve the target (booting the local stack if asked), check it is reachable, give every virtual
 * user an identity of its own, run the scenario with k6 (when it is on PATH) or the built-in runner, write the summary,
 * clean up, and exit as k6 does: 0 thresholds passed, 99 breached. With --verify the verification suites run first
 * and the verification report gets a load section.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { REPORT_SCHEMA_VERSION, type LoadSection, type VerificationReport } from '../../reports/model.js';
import { writeReports } from '../../reports/writers/index.js';
import { createReportValidator } from '../../reports/schema/report-validator.js';
import { Progress } from '../../verify/cli/progress.js';
import { BaselineError } from '../../verify/run/baseline.js';
import { PolicyError } from '../../framework/model/policy.js';
import { ConfigurationError, runVerification } from '../../verify/run/verify-run.js';
import { preflight } from '../../framework/target/preflight.js';
import { TargetConfigError, isLoopback, targetFromEnv, targetFromFile, type TargetSpec } from '../../framework/target/spec.js';
import { materializeTarget } from '../../framework/target/target.js';
import { startLoadStack, type LoadStack } from '../../stand-ins/local-stack/process-stack.js';
import { buildProxy, proxyBuildDir } from '../../stand-ins/local-stack/proxy-process.js';
import type { EngineOptions, EngineResult } from '../runner/engine.js';
import { runInWorker } from '../runner/run.js';
import { mintUsers, wipeUsers } from '../runner/users.js';
import { sampleMemory } from '../runner/memory-trend.js';
import { shardVus, type Shard } from '../runner/schedule.js';
import { partFromK6Json } from '../results/k6-json.js';
import { PART_FORMAT, PartError, readPart, type LoadPart } from '../results/part.js';
import { mergeParts } from '../results/merge.js';
import { findK6, runK6 } from './k6.js';
import { breachedThresholds, renderSummary, type LoadSummary, type ThresholdResult } from '../scenario/results.js';
import { DEFAULTS, parseDuration } from '../scenario/scenario.js';
import { EXIT, LOAD_USAGE, UsageError, parseLoadArgs, parseMergeArgs, type LoadArgs } from './args.js';

export interface CommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTty: boolean;
}

export const SUMMARY_FILE = 'load-summary.json';

interface Resolved {
  readonly spec: TargetSpec;
  readonly stack?: LoadStack;
}

async function resolveTarget(args: LoadArgs, env: CommandIo['env'], runId: string, log: (line: string) => void): Promise<Resolved> {
  if (args.target === 'local') {
    // the proxy as the image runs it (compiled, NODE_ENV=production), so its latency and memory are the image's
    log('building the proxy (tsc -p tsconfig.build.json)');
    await buildProxy(proxyBuildDir('load'));
    log('booting the local stack: Go API stand-in (PGlite), the proxy in a process of its own, the TLS edge');
    const stack = await startLoadStack({
      runId,
      edge: true,
      goFaults: args.goFaults,
      workDir: resolve(args.out, 'load'),
      proxyRuntime: { kind: 'compiled', outDir: proxyBuildDir('load') },
    });
    return { spec: stack.spec, stack };
  }
  if (args.target === 'env') return { spec: targetFromEnv(env, runId) };
  if (args.target.endsWith('.json')) return { spec: targetFromFile(args.target, env, runId) };
  throw new UsageError(`--target must be "local", "env" or a .json file, got "${args.target}"`);
}

export interface LoadRun {
  readonly summary: LoadSummary;
  /** the built-in runner's details (absent with k6) */
  readonly engine?: EngineResult;
  /** k6's exit code (0 passed, 99 thresholds breached, anything else an error of its own) */
  readonly k6ExitCode?: number;
}

/** Runs the scenario against a resolved, reachable target and writes the summary file. */
async function runScenario(args: LoadArgs, spec: TargetSpec, stack: LoadStack | undefined, runId: string, io: CommandIo, log: (line: string) => void): Promise<LoadRun> {
  const k6 = args.engine === 'builtin' ? undefined : findK6(io.env.PATH);
  if (args.engine === 'k6' && !k6) throw new UsageError('--engine k6: no k6 on PATH (https://grafana.com/docs/k6/latest/set-up/install-k6/)');
  const target = materializeTarget(spec);
  const validForS = Math.ceil(args.durationMs / 1000) + 900;
  // a built-in shard needs identities for its own VUs only; k6 numbers VUs across instances, so each gets them all
  const users = await mintUsers(target, k6 || !args.shard ? args.vus : shardVus(args.vus, args.shard).length, 'load-vu', validForS);
  const summaryPath = resolve(args.out, SUMMARY_FILE);
  const engineOptions: EngineOptions = {
    scenario: args.scenario,
    vus: args.vus,
    durationMs: args.durationMs,
    thinkMs: args.thinkMs,
    gracefulStopMs: parseDuration(DEFAULTS.gracefulStop),
    target: {
      mcpUrl: spec.mcpUrl,
      goApiUrl: spec.goApiUrl,
      tenantId: spec.tenantId,
      ...(args.scenario === 'go-direct' ? { tenantSecret: spec.tenantSecret } : {}),
      ...(spec.caCertPem ? { caCertPem: spec.caCertPem } : {}),
    },
    users,
    ...(args.ratePerS !== undefined ? { arrivalRatePerS: args.ratePerS } : {}),
    ...(args.shard ? { shard: args.shard } : {}),
  };
  const shape = args.ratePerS !== undefined ? `${args.ratePerS} calls/s (open loop, up to ${args.vus} VUs)` : `${args.vus} VUs`;
  const shardNote = args.shard ? `, shard ${args.shard.index}/${args.shard.count}` : '';
  try {
    if (args.warmupMs > 0 && k6) {
      // a freshly booted stack compiles its hot paths during the first seconds; a deployment under test does not
      log(`warming up for ${args.warmupMs / 1000} s (not measured)`);
      await runInWorker({ ...engineOptions, durationMs: args.warmupMs });
    }
    if (k6) {
      log(`running ${args.scenario} with k6 (${k6}): ${shape} for ${args.duration}${shardNote}`);
      const result = await runK6({
        k6,
        scenario: args.scenario,
        vus: args.vus,
        ...(args.ratePerS !== undefined ? { ratePerS: args.ratePerS } : {}),
        ...(args.shard ? { shard: args.shard, samplesPath: resolve(args.out, `load-samples-${partName(args.shard)}.json.gz`) } : {}),
        // normalised (k6 and this CLI may read a bare number differently)
        duration: args.durationMs % 1000 === 0 ? `${args.durationMs / 1000}s` : `${args.durationMs}ms`,
        thinkMs: args.thinkMs,
        spec,
        users,
        summaryPath,
        workDir: resolve(args.out, 'load'),
        runId,
        env: io.env,
        log,
      });
      if (!result.summary) throw new Error(`k6 exited with ${result.exitCode} and wrote no summary to ${summaryPath}`);
      if (args.shard && result.samplesPath) {
        const part = { ...(await partFromK6Json(result.samplesPath)), shard: args.shard };
        await writePart(args.out, args.shard, part, log);
      }
      return { summary: result.summary, k6ExitCode: result.exitCode };
    }
    log(`running ${args.scenario} with the built-in runner (no k6 on PATH): ${shape} for ${args.durationMs / 1000} s${shardNote}`);
    // the local proxy is a process of its own: its memory over the run says whether it leaks
    const memory = stack ? sampleMemory(() => stack.proxy.memory()) : undefined;
    // the built-in runner warms up on the VUs and connections it then measures with: both ends are warm
    if (args.warmupMs > 0) log(`warming up for ${args.warmupMs / 1000} s (not measured), then measuring`);
    const engine = await runInWorker(
      { ...engineOptions, durationMs: args.durationMs, progressEveryMs: 5000, ...(args.warmupMs > 0 ? { warmupMs: args.warmupMs } : {}) },
      (p) => log(`${String(p.elapsedS).padStart(5)} s  ${p.calls} calls  ${p.errors} errors  ${p.rps} calls/s  p95 so far ${p.p95Ms} ms`),
    );
    const proxyMemory = memory?.stop();
    const summary: LoadSummary = proxyMemory ? { ...engine.summary, proxyMemory } : engine.summary;
    await mkdir(resolve(args.out), { recursive: true });
    await writeFile(summaryPath, `${JSON.stringify(summary, null, 2)}\n`, 'utf8');
    if (args.shard) await writePart(args.out, args.shard, engine.part, log);
    return { summary, engine };
  } finally {
    if (!spec.local) {
      // every run uses its own users; on a shared deployment, take their data away again
      const failed = await wipeUsers(spec, users);
      if (failed > 0) log(`cleanup: ${failed} of ${users.length} users could not be wiped`);
    }
  }
}

const partName = (shard: Shard) => `${shard.index}-of-${shard.count}`;

async function writePart(out: string, shard: Shard, part: LoadPart, log: (line: string) => void): Promise<void> {
  const file = resolve(out, `load-part-${partName(shard)}.json`);
  await mkdir(resolve(out), { recursive: true });
  await writeFile(file, `${JSON.stringify(part)}\n`, 'utf8');
  log(`wrote ${file} (merge the shards with: npm run load -- merge <every load-part-*-of-${shard.count}.json>)`);
}

function describeBreaches(run: { readonly summary: LoadSummary; readonly thresholds?: readonly ThresholdResult[] }): string[] {
  const measured = new Map((run.thresholds ?? []).map((t) => [t.name, t.actual]));
  return breachedThresholds(run.summary).map((name) => {
    const actual = measured.get(name);
    return `threshold breached: ${name}${actual !== undefined ? ` (measured ${Math.round(actual * 10000) / 10000})` : ''}`;
  });
}

/** The report with its load section: a breached threshold (or a failed k6) fails the verdict, and says which. */
function withLoadSection(report: VerificationReport, load: LoadSection, loadPassed: boolean): VerificationReport {
  return {
    ...report,
    load,
    verdict: report.verdict === 'passed' && loadPassed ? 'passed' : 'failed',
    reasons: [...report.reasons, ...breachedThresholds(load).map((name) => `load threshold breached: ${name}`)],
  };
}

async function readReport(path: string): Promise<VerificationReport> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new PartError(`--report ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const verdict = createReportValidator()(document);
  if (!verdict.valid) throw new PartError(`--report ${path}: not a verification report of schema ${REPORT_SCHEMA_VERSION}: ${verdict.text.split('\n')[0]}`);
  return document as VerificationReport;
}

/** The flags, or the exit code: a usage error is printed with the usage (exit 2), --help prints it (exit 0). */
function parsedOrExit<T extends { readonly help: boolean }>(parse: () => T, io: CommandIo): T | { readonly exit: number } {
  let args: T;
  try {
    args = parse();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`load: ${error.message}\n\n${LOAD_USAGE}\n`);
    return { exit: EXIT.usage };
  }
  if (args.help) {
    io.out(`${LOAD_USAGE}\n`);
    return { exit: EXIT.passed };
  }
  return args;
}

/** `npm run load -- merge …`: shards' parts or k6 instances' samples into one summary, judged on the merged data. */
async function runMerge(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parsedOrExit(() => parseMergeArgs(argv), io);
  if ('exit' in args) return args.exit;
  try {
    // a part file is one JSON document; anything else is read as k6's NDJSON sample output
    const parts = await Promise.all(args.files.map(async (file) => ((await isPartFile(file)) ? readPart(file) : partFromK6Json(file))));
    const report = args.report ? await readReport(args.report) : undefined;
    const merged = mergeParts(parts, args.files);
    await mkdir(resolve(args.out), { recursive: true });
    const summaryPath = resolve(args.out, SUMMARY_FILE);
    await writeFile(summaryPath, `${JSON.stringify(merged.summary, null, 2)}\n`, 'utf8');
    io.out(renderSummary(merged.summary, parts[0]!.shape.scenario));
    const breaches = describeBreaches({ summary: merged.summary, thresholds: merged.thresholds });
    for (const line of breaches) io.err(`load: ${line}\n`);
    io.out(`wrote ${summaryPath}\n`);
    if (report) {
      const files = await writeReports(withLoadSection(report, merged.summary, breaches.length === 0), resolve(args.out));
      io.out(`wrote ${files.length} report files with the merged load section to ${resolve(args.out)}\n`);
      if (report.verdict === 'failed') return EXIT.failed;
    }
    return breaches.length > 0 ? EXIT.thresholds : EXIT.passed;
  } catch (error) {
    if (error instanceof PartError) {
      io.err(`load: merge: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** A part starts with its format field; a k6 output (maybe gigabytes of NDJSON) is not read whole to find out. */
async function isPartFile(file: string): Promise<boolean> {
  try {
    const handle = await open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(256), 0, 256, 0);
      const start = buffer.subarray(0, bytesRead).toString('utf8');
      return start.includes(`"format":"${PART_FORMAT}"`) || start.includes(`"format": "${PART_FORMAT}"`);
    } finally {
      await handle.close();
    }
  } catch {
    return true; // let readPart say why it cannot be read
  }
}

export async function runLoadCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  if (argv[0] === 'merge') return runMerge(argv.slice(1), io);
  const args = parsedOrExit(() => parseLoadArgs(argv, io.env, io.isTty), io);
  if ('exit' in args) return args.exit;
  const log = (line: string) => io.out(`› ${line}\n`);
  for (const notice of args.targetNotices) io.err(`load: NOTICE: ${notice}\n`);
  const runId = randomUUID().slice(0, 8);
  try {
    let report: VerificationReport | undefined;
    if (args.verify) {
      const sink = { write: (text: string) => (io.out(text), true) } as Pick<NodeJS.WritableStream, 'write'> as NodeJS.WritableStream;
      const progress = new Progress(sink, args.ci);
      const outcome = await runVerification({
        target: args.target,
        suites: [],
        checks: [],
        policyPath: undefined,
        baselinePath: undefined,
        env: io.env,
        onResult: (r) => progress.result(r),
        onStage: (m) => progress.stage(m),
      });
      if (outcome.kind === 'unreachable') {
        for (const p of outcome.problems) io.err(`load: target unreachable: ${p.what} at ${p.url}: ${p.reason}\n`);
        return EXIT.unreachable;
      }
      report = outcome.report;
      progress.summary(report, []);
    }

    const { spec, stack } = await resolveTarget(args, io.env, runId, log);
    let run: LoadRun;
    try {
      const loopback = [spec.mcpUrl, spec.goApiUrl].every(isLoopback);
      if (spec.local && !loopback) throw new Error('the local target must be on loopback');
      if (!spec.local) log(`target ${spec.name} as configured: ${spec.mcpUrl} and ${spec.goApiUrl}${loopback ? '' : ' (remote)'}`);
      const unreachable = await preflight(spec);
      if (unreachable.length > 0) {
        for (const p of unreachable) io.err(`load: target unreachable: ${p.what} at ${p.url}: ${p.reason}\n`);
        return EXIT.unreachable;
      }
      run = await runScenario(args, spec, stack, runId, io, log);
    } finally {
      await stack?.close();
    }

    if (run.engine) {
      io.out(`\n${renderSummary(run.summary, args.scenario)}`);
      for (const sample of run.engine.errorSamples.slice(0, 5)) io.out(`  error ×${sample.count}: ${sample.reason}\n`);
      if (run.engine.stoppedEarly) io.out(`  stopped early: ${run.engine.stoppedEarly}\n`);
    }
    for (const line of describeBreaches({ summary: run.summary, ...(run.engine ? { thresholds: run.engine.thresholds } : {}) })) io.err(`load: ${line}\n`);
    io.out(`wrote ${resolve(args.out, SUMMARY_FILE)}\n`);

    const breached = breachedThresholds(run.summary);
    // with k6, k6's own verdict is the gate (its exit code); the summary reports it
    const k6Failure = run.k6ExitCode !== undefined && run.k6ExitCode !== EXIT.passed && run.k6ExitCode !== EXIT.thresholds ? run.k6ExitCode : undefined;
    const thresholdsFailed = run.k6ExitCode !== undefined ? run.k6ExitCode === EXIT.thresholds : breached.length > 0;
    if (run.k6ExitCode !== undefined && (run.k6ExitCode === EXIT.thresholds) !== breached.length > 0 && k6Failure === undefined) {
      io.err(`load: k6 exited with ${run.k6ExitCode} but the summary lists ${breached.length} breached thresholds; k6's exit code decides\n`);
    }
    if (report) {
      const files = await writeReports(withLoadSection(report, run.summary, !thresholdsFailed && k6Failure === undefined), resolve(args.out));
      io.out(`wrote ${files.length} report files with a load section to ${resolve(args.out)}\n`);
      if (report.verdict === 'failed') return EXIT.failed;
    }
    if (k6Failure !== undefined) {
      io.err(`load: k6 failed with exit code ${k6Failure} (not a threshold breach: see its output above)\n`);
      return EXIT.failed;
    }
    return thresholdsFailed ? EXIT.thresholds : EXIT.passed;
  } catch (error) {
    if (error instanceof UsageError || error instanceof TargetConfigError || error instanceof ConfigurationError || error instanceof PolicyError || error instanceof BaselineError) {
      io.err(`load: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
