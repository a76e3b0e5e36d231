/**
 * Every `npm run verify` line the docs show, extracted from their own code blocks and run through the real CLI with
 * `--dry-run` in a stub environment (the variables the line or its workflow step sets, or, for a bare
 * `--target env` as in CI, the whole set): a line that names a deployment verifies that deployment, never the
 * in-process stand-in, and the README's plain `npm run verify` verifies the local stack.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateEdgeCertificates } from '../../stand-ins/edge/certificates.js';
import { TARGET_ENV_VARS } from '../../framework/target/spec.js';
import { documentedCommands, shellWords, type DocumentedCommand } from './documented-commands.js';

const execFileP = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');

const dir = mkdtempSync(join(tmpdir(), 'tbv-doc-commands-'));
const caFile = join(dir, 'ca.pem');
writeFileSync(caFile, generateEdgeCertificates().caPem);

/** A valid stand-in value for each target variable; the documented URL is kept when it is a real one. */
function stub(name: string, documented: string | undefined): string {
  const literal = documented !== undefined && /^https?:\/\/[\w.-]+(:\d+)?$/.test(documented) ? documented : undefined;
  switch (name) {
    case 'MCP_BASE_URL':
      return literal ?? 'https://stub-proxy.example.test';
    case 'GO_API_BASE_URL':
      return literal ?? 'https://stub-go-api.example.test';
    case 'MCP_HTTP_BASE_URL':
      return literal ?? 'http://stub-proxy.example.test';
    case 'METRICS_URL':
      return 'http://127.0.0.1:9091/metrics';
    case 'MCP_CA_CERT':
      return caFile;
    case 'JWT_PRIVATE_KEY':
      return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    case 'TENANT_HEADER_SECRET':
    case 'JWT_SECRET':
      return 's'.repeat(64);
    default:
      return `stub-${name.toLowerCase()}`;
  }
}

function expectedKind(command: DocumentedCommand): 'env' | 'file' | 'local' {
  const flag = command.args[command.args.indexOf('--target') + 1];
  if (command.args.includes('--target')) return flag === 'env' ? 'env' : flag?.endsWith('.json') ? 'file' : 'local';
  return Object.keys(command.assigns).some((name) => TARGET_ENV_VARS.includes(name)) ? 'env' : 'local';
}

/** The `env:NAME` references of a target file (its tenants' too), each with a stand-in value. */
function fileReferences(command: DocumentedCommand): Record<string, string> {
  const path = command.args[command.args.indexOf('--target') + 1]!;
  const references = [...readFileSync(join(ROOT, path), 'utf8').matchAll(/"env:([A-Z_][A-Z0-9_]*)"/g)].map((m) => m[1]!);
  return Object.fromEntries(references.map((name) => [name, /PRIVATE_KEY/.test(name) ? stub('JWT_PRIVATE_KEY', undefined) : /SECRET/.test(name) ? stub('JWT_SECRET', undefined) : `stub-${name.toLowerCase()}`]));
}

function stubEnvironment(command: DocumentedCommand): Record<string, string> {
  if (expectedKind(command) === 'file') return fileReferences(command);
  const assigned = Object.keys(command.assigns).filter((name) => TARGET_ENV_VARS.includes(name));
  // a bare `--target env` line takes its variables from the CI job's environment: give it the whole required set
  const names = assigned.length > 0 ? assigned : expectedKind(command) === 'env' ? ['MCP_BASE_URL', 'GO_API_BASE_URL', 'TENANT_ID', 'TENANT_HEADER_SECRET', 'JWT_SECRET'] : [];
  return Object.fromEntries(names.map((name) => [name, stub(name, command.assigns[name])]));
}

async function dryRun(command: DocumentedCommand, env: Record<string, string>) {
  try {
    const { stdout, stderr } = await execFileP(TSX, ['verify/cli/verify.ts', ...command.args, '--dry-run'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const COMMANDS = documentedCommands(ROOT);

describe.concurrent('documented verify commands', () => {
  it('are found in the runbook, README, CI guide, lab configurations and example workflow', () => {
    const files = new Set(COMMANDS.map((c) => c.where.split(':')[0]));
    for (const file of ['README.md', 'docs/DEPLOYMENT-FLYIO.md', 'docs/ci-gating.md', 'docs/configurations.md', '.github/workflows/deploy-and-promote.yml']) {
      expect(files, file).toContain(file);
    }
    expect(COMMANDS.filter((c) => expectedKind(c) === 'env').length).toBeGreaterThanOrEqual(8);
  });

  it.each(COMMANDS.map((c) => [c.where, c] as const))('%s selects the target it names', { timeout: 90_000 }, async (_, command) => {
    const env = stubEnvironment(command);
    const kind = expectedKind(command);
    const result = await dryRun(command, env);
    expect(result.stderr, command.text).not.toMatch(/Usage:/);
    expect(result.code, `${command.text}\n${result.stderr}`).toBe(0);
    expect(result.stdout.split('\n')[0], command.text).toMatch(new RegExp(`^target ${kind}: `));
    if (kind === 'env') expect(result.stdout).toContain(`proxy      ${env.MCP_BASE_URL!.replace(/\/mcp$/, '')}`);
  });

  it('a runbook command copied without --target still verifies the deployment it names, and says why', async () => {
    const runbook = COMMANDS.find((c) => c.where.startsWith('docs/DEPLOYMENT-FLYIO.md'))!;
    const withoutTarget = { ...runbook, args: runbook.args.filter((a, i, all) => a !== '--target' && all[i - 1] !== '--target') };
    const result = await dryRun(withoutTarget, stubEnvironment(runbook));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^target env: the deployment named by the environment \(chosen by target variables in the environment\)/);
  });

  it('--target local with target variables set runs locally but says so loudly, naming them', async () => {
    const result = await dryRun({ where: 'test', text: '', assigns: {}, args: ['--target', 'local'] }, { MCP_BASE_URL: 'https://x.example.test', TENANT_ID: 't' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^target local: /);
    expect(result.stderr).toMatch(/NOTICE: --target local verifies the in-process Go API stand-in and proxy, NOT the deployment named by MCP_BASE_URL, TENANT_ID/);
  });

  it('an incomplete set of target variables is exit 2, naming each missing one', async () => {
    const result = await dryRun({ where: 'test', text: '', assigns: {}, args: [] }, { MCP_BASE_URL: 'https://x.example.test' });
    expect(result.code).toBe(2);
    for (const name of ['GO_API_BASE_URL', 'TENANT_ID', 'TENANT_HEADER_SECRET', 'JWT_SECRET']) expect(result.stderr).toContain(name);
    expect(result.stderr).toMatch(/GO_API_BASE_URL: is not set \(required\)/);
  });

  it('splits shell words as a shell does for the documented forms', () => {
    expect(shellWords(`A="x y" B=$(openssl rand -hex 32) npm run verify -- --target env & # comment`)).toEqual(['A=x y', 'B=$(openssl rand -hex 32)', 'npm', 'run', 'verify', '--', '--target', 'env']);
  });
});
