/**
 * The FastMCP target's Python: a virtual environment with requirements.lock installed, created once per lock file
 * under node_modules/.cache (so a changed lock gets a fresh environment) and reused after that.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

/** The environment's python, installing it first when the lock file changed or nothing is there yet. */
export function ensurePythonEnv(): string {
  const lock = readFileSync(REQUIREMENTS_LOCK);
  const dir = join(CACHE, createHash('sha256').update(lock).digest('hex').slice(0, 16));
  const python = join(dir, 'bin', 'python');
  const ready = join(dir, '.installed');
  if (existsSync(ready)) return python;
  installVenv(dir, REQUIREMENTS_LOCK);
  writeFileSync(ready, new Date().toISOString());
  return python;
}
