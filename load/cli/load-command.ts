/**
 * `npm run load`: resolve the target (booting the local stack if asked), check it is reachable, give every virtual
 * user an identity of its own, run the scenario with k6 (when it is on PATH) or the built-in runner, write the summary,
 * clean up, and exit as k6 does: 0 thresholds passed, 99 breached. With --verify the verification suites run first
 * and the verification report gets a load section.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { LoadSection, VerificationReport } from '../../reports/model.js';
import { writeReports } from '../../reports/writers/index.js';
import { Progress } from '../../verify/cli/progress.js';
import { BaselineError } from '../../verify/run/baseline.js';
import { PolicyError } from '../../framework/model/policy.js';
import { ConfigurationError, runVerification } from '../../verify/run/verify-run.js';
import { preflight } from '../../framework/target/preflight.js';
import { TargetConfigError, isLoopback, targetFromEnv, targetFromFile, type TargetSpec } from '../../framework/target/spec.js';
import { materializeTarget } from '../../framework/target/target.js';
import { startLoadStack, type LoadStack } from '../../stand-ins/local-stack/process-stack.js';
import type { EngineOptions, EngineResult } from '../runner/engine.js';
import { runInWorker } from '../runner/run.js';
import { mintUsers, wipeUsers } from '../runner/users.js';
import { findK6, runK6 } from './k6.js';
import { breachedThresholds, renderSummary, type LoadSummary } from '../scenario/results.js';
import { DEFAULTS, parseDuration } from '../scenario/scenario.js';
import { EXIT, LOAD_USAGE, UsageError, parseLoadArgs, type LoadArgs } from './args.js';

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
    log('booting the local stack: Go API stand-in (PGlite), the proxy in a process of its own, the TLS edge');
    const stack = await startLoadStack({
      runId,
      edge: true,
      goFaults: args.goFaults,
      workDir: resolve(args.out, 'load'),
      proxyRuntime: { kind: 'tsx' },
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
async function runScenario(args: LoadArgs, spec: TargetSpec, runId: string, io: CommandIo, log: (line: string) => void): Promise<LoadRun> {
  const k6 = args.engine === 'builtin' ? undefined : findK6(io.env.PATH);
  if (args.engine === 'k6' && !k6) throw new UsageError('--engine k6: no k6 on PATH (https://grafana.com/docs/k6/latest/set-up/install-k6/)');
  const target = materializeTarget(spec);
  const validForS = Math.ceil(args.durationMs / 1000) + 900;
  const users = await mintUsers(target, args.vus, 'load-vu', validForS);
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
  };
  try {
    if (args.warmupMs > 0) {
      // a freshly booted stack compiles its hot paths during the first seconds; a deployment under test does not
      log(`warming up for ${args.warmupMs / 1000} s (not measured)`);
      await runInWorker({ ...engineOptions, durationMs: args.warmupMs });
    }
    if (k6) {
      log(`running ${args.scenario} with k6 (${k6}): ${args.vus} VUs for ${args.duration}`);
      const result = await runK6({
        k6,
        scenario: args.scenario,
        vus: args.vus,
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
      return { summary: result.summary, k6ExitCode: result.exitCode };
    }
    log(`running ${args.scenario} with the built-in runner (no k6 on PATH): ${args.vus} VUs for ${args.durationMs / 1000} s`);
    const engine = await runInWorker(
      { ...engineOptions, durationMs: args.durationMs, progressEveryMs: 5000 },
      (p) => log(`${String(p.elapsedS).padStart(5)} s  ${p.calls} calls  ${p.errors} errors  ${p.rps} calls/s  p95 so far ${p.p95Ms} ms`),
    );
    await mkdir(resolve(args.out), { recursive: true });
    await writeFile(summaryPath, `${JSON.stringify(engine.summary, null, 2)}\n`, 'utf8');
    return { summary: engine.summary, engine };
  } finally {
    if (!spec.local) {
      // every run uses its own users; on a shared deployment, take their data away again
      const failed = await wipeUsers(spec, users);
      if (failed > 0) log(`cleanup: ${failed} of ${users.length} users could not be wiped`);
    }
  }
}

function describeBreaches(run: LoadRun): string[] {
  const measured = new Map((run.engine?.thresholds ?? []).map((t) => [t.name, t.actual]));
  return breachedThresholds(run.summary).map((name) => {
    const actual = measured.get(name);
    return `threshold breached: ${name}${actual !== undefined ? ` (measured ${Math.round(actual * 10000) / 10000})` : ''}`;
  });
}

export async function runLoadCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  let args: LoadArgs;
  try {
    args = parseLoadArgs(argv, io.env, io.isTty);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`load: ${error.message}\n\n${LOAD_USAGE}\n`);
    return EXIT.usage;
  }
  if (args.help) {
    io.out(`${LOAD_USAGE}\n`);
    return EXIT.passed;
  }
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
      run = await runScenario(args, spec, runId, io, log);
    } finally {
      await stack?.close();
    }

    if (run.engine) {
      io.out(`\n${renderSummary(run.summary, args.scenario)}`);
      for (const sample of run.engine.errorSamples.slice(0, 5)) io.out(`  error ×${sample.count}: ${sample.reason}\n`);
      if (run.engine.stoppedEarly) io.out(`  stopped early: ${run.engine.stoppedEarly}\n`);
    }
    for (const line of describeBreaches(run)) io.err(`load: ${line}\n`);
    io.out(`wrote ${resolve(args.out, SUMMARY_FILE)}\n`);

    const breached = breachedThresholds(run.summary);
    // with k6, k6's own verdict is the gate (its exit code); the summary reports it
    const k6Failure = run.k6ExitCode !== undefined && run.k6ExitCode !== EXIT.passed && run.k6ExitCode !== EXIT.thresholds ? run.k6ExitCode : undefined;
    const thresholdsFailed = run.k6ExitCode !== undefined ? run.k6ExitCode === EXIT.thresholds : breached.length > 0;
    if (run.k6ExitCode !== undefined && (run.k6ExitCode === EXIT.thresholds) !== breached.length > 0 && k6Failure === undefined) {
      io.err(`load: k6 exited with ${run.k6ExitCode} but the summary lists ${breached.length} breached thresholds; k6's exit code decides\n`);
    }
    if (report) {
      const load: LoadSection = run.summary;
      const withLoad: VerificationReport = {
        ...report,
        load,
        verdict: report.verdict === 'passed' && !thresholdsFailed && k6Failure === undefined ? 'passed' : 'failed',
        reasons: [...report.reasons, ...breached.map((name) => `load threshold breached: ${name}`)],
      };
      const files = await writeReports(withLoad, resolve(args.out));
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
