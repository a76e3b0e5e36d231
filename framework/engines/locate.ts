/**
 * Where the third-party engines live and how to install them. Schemathesis (PyPI) and the MCP conformance suite
 * (npm, with the Node.js ≥ 22 it needs) are pinned in engines/ and installed by `npm run engines` into .engines/
 * (or TBV_ENGINES_DIR); testssl.sh is Debian's package (or TESTSSL_BIN). Lookups never install anything: a missing
 * engine skips its checks with the command that installs it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineName } from '../model/types.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PINS = join(ROOT, 'engines');

/**
 * Tools `npm run engines` also installs that decide no check: they validate our own output (the SARIF writer's
 * tests, the k6-operator TestRun manifest's test).
 */
export const VALIDATOR_NAMES = ['sarif-multitool', 'k6-operator-crd', 'actionlint', 'promtool'] as const;

/** actionlint, built from the Go module proxy by `go install` (it is a Go program, not an npm package). */
export const ACTIONLINT_MODULE = { path: 'github.com/rhysd/actionlint/cmd/actionlint', version: 'v1.7.12' } as const;

/** The k6-operator release whose TestRun CRD the manifest in load/k6-operator/ is validated against (Go module proxy). */
export const K6_OPERATOR_MODULE = { path: 'github.com/grafana/k6-operator', version: 'v1.5.0', crd: 'config/crd/bases/k6.io_testruns.yaml' } as const;
export type Installable = EngineName | (typeof VALIDATOR_NAMES)[number];

export const INSTALL_COMMANDS: Readonly<Record<Installable, string>> = {
  schemathesis: 'npm run engines -- schemathesis (a pinned PyPI virtual environment; needs python3 with venv and pip)',
  'testssl.sh': 'apt-get install testssl.sh (Debian), or TESTSSL_BIN=/path/to/testssl.sh',
  'mcp-conformance': 'npm run engines -- mcp-conformance (the pinned @modelcontextprotocol/conformance with its own Node.js 22)',
  'sarif-multitool': "npm run engines -- sarif-multitool (Microsoft's SARIF validator, the pinned @microsoft/sarif-multitool)",
  actionlint: `npm run engines -- actionlint (go install ${ACTIONLINT_MODULE.path}@${ACTIONLINT_MODULE.version}; needs Go)`,
  promtool: 'apt-get install prometheus (Debian; promtool comes with it), or PROMTOOL_BIN=/path/to/promtool',
  'k6-operator-crd': `npm run engines -- k6-operator-crd (the TestRun CRD of ${K6_OPERATOR_MODULE.path}@${K6_OPERATOR_MODULE.version}, by go mod download; needs Go)`,
};

export function enginesDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.TBV_ENGINES_DIR ?? join(ROOT, '.engines'));
}

export interface Located {
  readonly command: string;
  /** arguments that come before the engine's own (e.g. the script a Node binary runs) */
  readonly prefix: readonly string[];
}

export function locateSchemathesis(env: NodeJS.ProcessEnv = process.env): Located | undefined {
  const bin = join(enginesDir(env), 'schemathesis', 'bin', 'schemathesis');
  return existsSync(bin) ? { command: bin, prefix: [] } : undefined;
}

export function locateConformance(env: NodeJS.ProcessEnv = process.env): Located | undefined {
  const modules = join(enginesDir(env), 'mcp-conformance', 'node_modules');
  const node = join(modules, '.bin', 'node');
  const cli = join(modules, '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
  return existsSync(node) && existsSync(cli) ? { command: node, prefix: [cli] } : undefined;
}

/** The validator's self-contained binary for this platform (its package carries one per operating system). */
export function sarifMultitoolBinary(env: NodeJS.ProcessEnv = process.env): string {
  const executable = process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool';
  return join(enginesDir(env), 'sarif-multitool', 'node_modules', '@microsoft', `sarif-multitool-${process.platform}`, executable);
}

export function locateSarifMultitool(env: NodeJS.ProcessEnv = process.env): Located | undefined {
  const bin = sarifMultitoolBinary(env);
  return existsSync(bin) ? { command: bin, prefix: [] } : undefined;
}

/** The installed TestRun CustomResourceDefinition (YAML), when there is one. */
export function locateK6OperatorCrd(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = join(enginesDir(env), 'k6-operator-crd', 'k6.io_testruns.yaml');
  return existsSync(file) ? file : undefined;
}

function onPath(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function locateTestssl(env: NodeJS.ProcessEnv = process.env): Located | undefined {
  const explicit = env.TESTSSL_BIN;
  if (explicit) return existsSync(explicit) ? { command: explicit, prefix: [] } : undefined;
  const found = onPath('testssl') ?? onPath('testssl.sh');
  return found ? { command: found, prefix: [] } : undefined;
}

export function locateActionlint(env: NodeJS.ProcessEnv = process.env): Located | undefined {
  const bin = join(enginesDir(env), 'actionlint', 'actionlint');
  return existsSync(bin) ? { command: bin, prefix: [] } : undefined;
}

export function locatePromtool(env: NodeJS.ProcessEnv = process.env): Located | undefined {
  const explicit = env.PROMTOOL_BIN;
  if (explicit) return existsSync(explicit) ? { command: explicit, prefix: [] } : undefined;
  const found = onPath('promtool');
  return found ? { command: found, prefix: [] } : undefined;
}
