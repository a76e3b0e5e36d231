/**
 * `npm run engines [-- name …]`: installs the pinned engines into .engines/ (TBV_ENGINES_DIR). Schemathesis into a
 * virtual environment from engines/schemathesis/requirements.lock; the MCP conformance suite and its Node.js with
 * `npm ci` from engines/mcp-conformance/package-lock.json. testssl.sh comes from the system's packages: this only
 * says whether it is there. Re-running replaces what is installed.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ENGINE_NAMES } from '../model/types.js';
import { INSTALL_COMMANDS, PINS, enginesDir, locateTestssl } from './locate.js';
import { installVenv } from './python-venv.js';

const Names = z.array(z.enum(ENGINE_NAMES)).default([]);

function installConformance(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) cpSync(join(PINS, 'mcp-conformance', file), join(dir, file));
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
}

function main(): void {
  const parsed = Names.safeParse(process.argv.slice(2));
  if (!parsed.success) {
    console.error(`npm run engines -- ${ENGINE_NAMES.map((n) => `[${n}]`).join(' ')}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    process.exit(2);
  }
  const wanted = parsed.data.length > 0 ? parsed.data : ENGINE_NAMES;
  const root = enginesDir();
  for (const name of wanted) {
    if (name === 'schemathesis') installVenv(join(root, 'schemathesis'), join(PINS, 'schemathesis', 'requirements.lock'), 'inherit');
    if (name === 'mcp-conformance') installConformance(join(root, 'mcp-conformance'));
    if (name === 'testssl.sh') {
      const found = locateTestssl();
      console.log(found ? `testssl.sh: ${found.command}` : `testssl.sh is not installed: ${INSTALL_COMMANDS['testssl.sh']}`);
      continue;
    }
    console.log(`${name}: installed in ${join(root, name)}`);
  }
}

main();
