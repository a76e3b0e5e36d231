/**
 * A Python virtual environment with a pinned lock file installed (no dependency resolution: the lock is complete),
 * for the engines (Schemathesis) and the FastMCP test target alike. Replaces whatever was at `dir`.
 */
import { execFileSync, type StdioOptions } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

export function installVenv(dir: string, lockFile: string, stdio: StdioOptions = 'pipe'): string {
  rmSync(dir, { recursive: true, force: true });
  execFileSync('python3', ['-m', 'venv', dir], { stdio });
  const python = join(dir, 'bin', 'python');
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '-r', lockFile], { stdio, timeout: 600_000 });
  return python;
}
