/**
 * Runs an engine as a child process: bounded in time (the whole process group is killed), output kept up to a
 * limit, the exit code reported rather than thrown (engines exit non-zero when they find something).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Located } from './locate.js';

const OUTPUT_LIMIT = 4 * 1024 * 1024;

export interface EngineProcessResult {
  readonly code: number | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface EngineProcessOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly timeoutMs: number;
  /** written to the engine's standard input (closed at once otherwise) */
  readonly input?: string;
}

export function runEngineProcess(engine: Located, args: readonly string[], options: EngineProcessOptions): Promise<EngineProcessResult> {
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(engine.command, [...engine.prefix, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
    const out: string[] = [];
    const err: string[] = [];
    let size = 0;
    const keep = (into: string[]) => (chunk: Buffer) => {
      if (size >= OUTPUT_LIMIT) return;
      size += chunk.length;
      into.push(chunk.toString('utf8'));
    };
    child.stdout!.on('data', keep(out));
    child.stderr!.on('data', keep(err));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut, stdout: out.join(''), stderr: err.join(''), durationMs: Math.round(performance.now() - startedAt) });
    });
  });
}

export const VERSION_TIMEOUT_MS = 30_000;

/** The first line an engine prints for `--version`-like arguments, without its name. */
export async function engineVersionOf(engine: Located, args: readonly string[], pattern: RegExp): Promise<string> {
  const result = await runEngineProcess(engine, args, { timeoutMs: VERSION_TIMEOUT_MS });
  const match = pattern.exec(`${result.stdout}\n${result.stderr}`);
  return match?.[1] ?? 'unknown';
}

export interface WorkDir {
  readonly path: string;
  /** the target's extra CA (the local edge's) as a PEM file the engine can be pointed at, when it has one */
  readonly caFile: string | undefined;
}

/** A throwaway folder for one engine run (its reports, inputs and the target's CA), removed when `work` ends. */
export async function inWorkDir<T>(name: string, caCertPem: string | undefined, work: (dir: WorkDir) => Promise<T>): Promise<T> {
  const path = mkdtempSync(join(tmpdir(), `tbv-${name}-`));
  try {
    let caFile: string | undefined;
    if (caCertPem) {
      caFile = join(path, 'ca.pem');
      writeFileSync(caFile, caCertPem);
    }
    return await work({ path, caFile });
  } finally {
    rmSync(path, { recursive: true, force: true });
  }
}
