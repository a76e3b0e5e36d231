/**
 * The FastMCP target's Python: a virtual environment with requirements.lock installed, created once per lock file
 * under node_modules/.cache (so a changed lock gets a fresh environment) and reused after that.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installVenv } from '../../framework/engines/python-venv.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REQUIREMENTS_LOCK = join(HERE, 'requirements.lock');
const CACHE = join(HERE, '..', '..', 'node_modules', '.cache', 'tbv-fastmcp');

export const PYTHON_INSTALL_HINT =
  'install Python 3.11+ with venv and pip (Debian: apt-get install python3 python3-venv python3-pip); the FastMCP packages then come from PyPI';

/** Whether `python3 -m venv` can work here at all (the test skips with PYTHON_INSTALL_HINT when not, except in CI). */
export function pythonAvailable(): boolean {
  try {
    execFileSync('python3', ['-c', 'import venv, ensurepip, sys; assert sys.version_info >= (3, 11)'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** An install that takes longer than this was abandoned (its process died): its lock may be taken over. */
const STALE_INSTALL_MS = 15 * 60_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `install` unless `ready` exists, one process at a time: test files run side by side, and two installs into
 * one directory would each remove what the other wrote.
 */
export function installOnce(lockPath: string, ready: string, install: () => void): void {
  mkdirSync(dirname(lockPath), { recursive: true });
  for (;;) {
    if (existsSync(ready)) return;
    let fd: number;
    try {
      fd = openSync(lockPath, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lockPath, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_INSTALL_MS) rmSync(lockPath, { force: true });
      else sleepSync(1_000);
      continue;
    }
    try {
      if (!existsSync(ready)) install();
      return;
    } finally {
      closeSync(fd);
      rmSync(lockPath, { force: true });
    }
  }
}

/** The environment's python, installing it first when the lock file changed or nothing is there yet. */
export function ensurePythonEnv(): string {
  const lock = readFileSync(REQUIREMENTS_LOCK);
  const dir = join(CACHE, createHash('sha256').update(lock).digest('hex').slice(0, 16));
  const ready = join(dir, '.installed');
  installOnce(`${dir}.lock`, ready, () => {
    installVenv(dir, REQUIREMENTS_LOCK);
    writeFileSync(ready, new Date().toISOString());
  });
  return join(dir, 'bin', 'python');
}
