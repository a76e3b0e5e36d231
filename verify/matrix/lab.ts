/**
 * Starts one lab configuration the way a user does: each process through `npm run <script>`, in a process group of
 * its own, configured only by its environment (nothing inherited but PATH and HOME), and waits until it says it is
 * listening. Used by the configuration matrix test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unusedPorts } from '../../framework/testing/ports.js';
import { fill, type LabConfiguration, type LabProcess } from '../../fixtures/config-matrix/configurations.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 90_000;

export interface Running {
  readonly script: string;
  readonly child: ChildProcess;
  output(): string;
}

export interface Lab {
  readonly values: Readonly<Record<string, string>>;
  /** the environment of a process of the configuration, placeholders filled */
  envOf(process: LabProcess): Record<string, string>;
  readonly running: readonly Running[];
  stop(): Promise<void>;
}

function userEnv(vars: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', npm_config_update_notifier: 'false', ...vars };
}

function start(script: string, env: Record<string, string>, args: readonly string[] = []): Running {
  let output = '';
  const child = spawn('npm', ['run', '--silent', script, ...(args.length > 0 ? ['--', ...args] : [])], { cwd: ROOT, env: userEnv(env), detached: true });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { script, child, output: () => output };
}

function untilListening(running: Running): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${running.script} did not start within ${START_TIMEOUT_MS} ms:\n${running.output()}`)), START_TIMEOUT_MS);
    const check = () => {
      if (/listening/i.test(running.output())) {
        clearTimeout(timer);
        resolve();
      }
    };
    running.child.stdout?.on('data', check);
    running.child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${running.script} exited with ${code} before listening:\n${running.output()}`));
    });
    check();
  });
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      clearTimeout(hard);
      resolve();
    }
  });
}

/** Starts every server of the configuration (everything but `verify`), in order. */
export async function startLab(config: LabConfiguration, databaseUrl: string | undefined): Promise<Lab> {
  const dir = mkdtempSync(join(tmpdir(), `tbv-lab-${config.id}-`));
  const portNames = ['GO_PORT', 'PROXY_PORT', 'METRICS_PORT', 'EDGE_HTTPS_PORT', 'EDGE_HTTP_PORT', 'JWKS_PORT'];
  const ports = await unusedPorts(portNames.length);
  const values: Record<string, string> = {
    ...Object.fromEntries(portNames.map((name, i) => [name, String(ports[i])])),
    JWT_SECRET: randomBytes(32).toString('hex'),
    TENANT_SECRET: randomBytes(32).toString('hex'),
    KEY_FILE: join(dir, 'idp-key.pem'),
    CA_FILE: join(dir, 'edge-ca.pem'),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  const envOf = (p: LabProcess) => Object.fromEntries(Object.entries(p.env).map(([k, v]) => [k, fill(v, values, (path) => readFileSync(path, 'utf8'))]));
  const running: Running[] = [];
  const stop = async () => {
    for (const r of [...running].reverse()) await stopGroup(r.child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const p of config.processes.filter((p) => p.script !== 'verify')) {
      const r = start(p.script, envOf(p), p.args);
      running.push(r);
      await untilListening(r);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { values, envOf, running, stop };
}

export interface VerifyRun {
  readonly code: number | null;
  readonly output: string;
  readonly durationMs: number;
}

/** Runs the configuration's `npm run verify` line (plus `extraArgs`), to its end. */
export function runVerify(lab: Lab, process_: LabProcess, extraArgs: readonly string[]): Promise<VerifyRun> {
  const startedAt = Date.now();
  const r = start('verify', { ...lab.envOf(process_), CI: 'true' }, [...(process_.args ?? []), ...extraArgs]);
  return new Promise((resolve) => r.child.once('exit', (code) => resolve({ code, output: r.output(), durationMs: Date.now() - startedAt })));
}
