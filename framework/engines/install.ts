/**
 * `npm run engines [-- name …]`: installs the pinned engines into .engines/ (TBV_ENGINES_DIR). Schemathesis into a
 * virtual environment from engines/schemathesis/requirements.lock; the MCP conformance suite and its Node.js with
 * `npm ci` from engines/mcp-conformance/package-lock.json; Microsoft's SARIF validator (not a check engine: the
 * SARIF writer's tests run it) from engines/sarif-multitool; actionlint (the workflow files' test) by `go install`.
 * testssl.sh and promtool come from the system's packages: this only says whether they are there. Re-running replaces what is installed.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ENGINE_NAMES } from '../model/types.js';
import { ACTIONLINT_MODULE, INSTALL_COMMANDS, K6_OPERATOR_MODULE, PINS, VALIDATOR_NAMES, enginesDir, locatePromtool, locateTestssl, sarifMultitoolBinary } from './locate.js';
import { installVenv } from './python-venv.js';

const INSTALLABLE = [...ENGINE_NAMES, ...VALIDATOR_NAMES] as const;
const Names = z.array(z.enum(INSTALLABLE)).default([]);

/** `npm ci` of the pinned package.json and lock in engines/<name>/. */
function installNpmPins(name: string, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) cpSync(join(PINS, name, file), join(dir, file));
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
}

/** The TestRun CRD from the pinned k6-operator module (the Go module proxy serves its source, CRDs included). */
function installK6OperatorCrd(dir: string): void {
  const scratch = mkdtempSync(join(tmpdir(), 'tbv-k6-operator-'));
  try {
    const module = `${K6_OPERATOR_MODULE.path}@${K6_OPERATOR_MODULE.version}`;
    const info = JSON.parse(
      execFileSync('go', ['mod', 'download', '-json', module], { cwd: scratch, encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod', GO111MODULE: 'on' } }),
    ) as { Dir?: string; Error?: string };
    if (!info.Dir) throw new Error(`go mod download ${module}: ${info.Error ?? 'no directory'}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    cpSync(join(info.Dir, K6_OPERATOR_MODULE.crd), join(dir, 'k6.io_testruns.yaml'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** actionlint from the Go module proxy, built into `dir` (GOBIN). */
function installActionlint(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('go', ['install', `${ACTIONLINT_MODULE.path}@${ACTIONLINT_MODULE.version}`], {
    cwd: dir,
    stdio: 'inherit',
    env: { ...process.env, GOBIN: dir, GOFLAGS: '-mod=mod', GO111MODULE: 'on' },
  });
}

function main(): void {
  const parsed = Names.safeParse(process.argv.slice(2));
  if (!parsed.success) {
    console.error(`npm run engines -- ${INSTALLABLE.map((n) => `[${n}]`).join(' ')}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    process.exit(2);
  }
  const wanted = parsed.data.length > 0 ? parsed.data : INSTALLABLE;
  const root = enginesDir();
  for (const name of wanted) {
    if (name === 'schemathesis') installVenv(join(root, 'schemathesis'), join(PINS, 'schemathesis', 'requirements.lock'), 'inherit');
    if (name === 'mcp-conformance') installNpmPins(name, join(root, name));
    if (name === 'sarif-multitool') {
      installNpmPins(name, join(root, name));
      // its package makes the binary executable in an install script, which npm may be set not to run
      chmodSync(sarifMultitoolBinary(), 0o755);
    }
    if (name === 'k6-operator-crd') installK6OperatorCrd(join(root, name));
    if (name === 'actionlint') installActionlint(join(root, name));
    if (name === 'testssl.sh' || name === 'promtool') {
      const found = name === 'promtool' ? locatePromtool() : locateTestssl();
      console.log(found ? `${name}: ${found.command}` : `${name} is not installed: ${INSTALL_COMMANDS[name]}`);
      continue;
    }
    console.log(`${name}: installed in ${join(root, name)}`);
  }
}

main();
