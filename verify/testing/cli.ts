/**
 * Runs the verify CLI as users do (`tsx verify/cli/verify.ts …`, CI=true), for tests; never throws on a non-zero exit.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runVerifyCli(args: readonly string[], env: Readonly<Record<string, string>> = {}, timeoutMs = 120_000): Promise<CliRun> {
  try {
    const { stdout, stderr } = await execFileP(TSX, ['verify/cli/verify.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true', ...env },
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
