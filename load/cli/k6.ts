/**
 * Running the scenario with k6: find the binary, hand it the target and the identities in a data file (mode 0600,
 * deleted afterwards; tokens and the tenant secret never appear on a command line or in the output), run the
 * scenario's script, read back the summary its handleSummary wrote.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TargetSpec } from '../../framework/target/spec.js';
import type { Shard } from '../runner/schedule.js';
import type { LoadSummary } from '../scenario/results.js';
import type { LoadUser, ScenarioName } from '../scenario/scenario.js';

/** The k6 script of each scenario. */
export const K6_SCRIPTS: Readonly<Record<ScenarioName, string>> = {
  mcp: fileURLToPath(new URL('../k6/mcp.ts', import.meta.url)),
  'go-direct': fileURLToPath(new URL('../k6/go-direct.ts', import.meta.url)),
};

/** The k6 executable on PATH, if any. */
export function findK6(path: string | undefined, platform: NodeJS.Platform = process.platform): string | undefined {
  const names = platform === 'win32' ? ['k6.exe', 'k6.cmd', 'k6'] : ['k6'];
  for (const dir of (path ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export interface K6RunOptions {
  readonly k6: string;
  readonly scenario: ScenarioName;
  readonly vus: number;
  /** as k6 takes it: 30s, 2m */
  readonly duration: string;
  readonly thinkMs: number;
  /** open loop: calls per second of the whole run */
  readonly ratePerS?: number;
  /** run this execution segment of the whole run, writing k6's samples to samplesPath */
  readonly shard?: Shard;
  readonly samplesPath?: string;
  readonly spec: TargetSpec;
  readonly users: readonly LoadUser[];
  /** where handleSummary writes the summary */
  readonly summaryPath: string;
  /** for the data file (and the edge's CA) */
  readonly workDir: string;
  readonly runId: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: (line: string) => void;
}

export interface K6RunResult {
  /** k6's exit code: 0 passed, 99 thresholds breached, anything else a k6 or script error */
  readonly exitCode: number;
  readonly summary: LoadSummary | undefined;
  /** k6's granular output (--out json), when asked for and written */
  readonly samplesPath?: string;
}

/** k6's execution segment of shard i/N, and the sequence all N instances share, so their segments partition the run. */
export function executionSegmentArgs(shard: Shard): string[] {
  const fraction = (n: number) => (n === 0 ? '0' : n === shard.count ? '1' : `${n}/${shard.count}`);
  const sequence = Array.from({ length: shard.count + 1 }, (_, n) => fraction(n)).join(',');
  return ['--execution-segment', `${fraction(shard.index - 1)}:${fraction(shard.index)}`, '--execution-segment-sequence', sequence];
}

export async function runK6(options: K6RunOptions): Promise<K6RunResult> {
  const { spec } = options;
  await mkdir(options.workDir, { recursive: true });
  const dataFile = resolve(options.workDir, `k6-data-${options.runId}.json`);
  const data = {
    mcpUrl: spec.mcpUrl,
    goApiUrl: spec.goApiUrl,
    tenantId: spec.tenantId,
    // only the direct scenario signs tenant headers itself
    ...(options.scenario === 'go-direct' ? { tenantSecret: spec.tenantSecret } : {}),
    users: options.users,
  };
  const extraEnv: Record<string, string> = {};
  const extraArgs: string[] = [];
  try {
    await writeFile(dataFile, JSON.stringify(data), { encoding: 'utf8', mode: 0o600 });
    if (spec.caCertPem) {
      // The local TLS edge's throwaway CA. Go (k6) reads extra roots from SSL_CERT_FILE on Linux; elsewhere the
      // platform verifier ignores it, so certificate checks are skipped, for the loopback local target only.
      if (process.platform === 'linux') {
        const caFile = resolve(options.workDir, 'edge-ca.pem');
        await writeFile(caFile, spec.caCertPem, 'utf8');
        extraEnv.SSL_CERT_FILE = caFile;
      } else if (spec.local) {
        extraArgs.push('--insecure-skip-tls-verify');
      }
    }
    await rm(options.summaryPath, { force: true });
    await mkdir(resolve(options.summaryPath, '..'), { recursive: true });
    const args = [
      'run',
      ...extraArgs,
      '-e', `TB_LOAD_DATA=${dataFile}`,
      '-e', `TB_VUS=${options.vus}`,
      '-e', `TB_DURATION=${options.duration}`,
      '-e', `TB_THINK_MS=${options.thinkMs}`,
      '-e', `TB_SUMMARY=${resolve(options.summaryPath)}`,
      ...(options.ratePerS !== undefined ? ['-e', `TB_RATE=${options.ratePerS}`] : []),
      ...(options.shard ? executionSegmentArgs(options.shard) : []),
      ...(options.samplesPath ? ['--out', `json=${options.samplesPath}`] : []),
      K6_SCRIPTS[options.scenario],
    ];
    options.log(`k6 ${args.filter((a) => a !== '-e').map((a) => (a.startsWith('TB_LOAD_DATA=') ? 'TB_LOAD_DATA=<data file>' : a)).join(' ')}`);
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.env)) if (value !== undefined) env[name] = value;
    const exitCode = await new Promise<number>((resolveExit, reject) => {
      const child = spawn(options.k6, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
      child.on('error', reject);
      child.on('exit', (code, signal) => resolveExit(code ?? (signal ? 128 : 1)));
    });
    const summary = existsSync(options.summaryPath) ? (JSON.parse(readFileSync(options.summaryPath, 'utf8')) as LoadSummary) : undefined;
    return { exitCode, summary, ...(options.samplesPath && existsSync(options.samplesPath) ? { samplesPath: options.samplesPath } : {}) };
  } finally {
    await rm(dataFile, { force: true });
  }
}
