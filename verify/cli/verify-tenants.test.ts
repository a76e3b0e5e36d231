/**
 * `npm run verify -- --target tenants.json` as a user runs it: two tenants (local stacks of their own) give one
 * report folder each and an index with one verdict per tenant, the isolation probes and the overall verdict.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dedicatedDatabase } from '../../stand-ins/go-api/testing/backends.js';
import { startLocalStack, type LocalStack } from '../../stand-ins/local-stack/stack.js';
import type { TenantIndex } from '../../reports/tenant-index.js';
import { runVerifyCli } from '../testing/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tbv-tenants-'));
const stacks: Record<string, LocalStack> = {};

beforeAll(async () => {
  for (const name of ['acme', 'globex']) {
    stacks[name] = await startLocalStack({ database: await dedicatedDatabase(`cli-tenant-${name}`), secrets: { tenantId: name, audience: `toolbridge-${name}` } });
  }
});
afterAll(async () => {
  for (const stack of Object.values(stacks)) await stack.close();
});

/** A tenants file naming the stacks, secrets as env: references; `edit` changes one tenant. */
function tenantsFile(name: string, edit: (tenant: Record<string, string>) => void = () => undefined): { file: string; env: Record<string, string> } {
  const env: Record<string, string> = {};
  const tenants = Object.entries(stacks).map(([tenant, stack]) => {
    const upper = tenant.toUpperCase();
    env[`${upper}_HEADER_SECRET`] = stack.secrets.tenantSecret;
    env[`${upper}_JWT_SECRET`] = stack.secrets.jwtSecret;
    const entry: Record<string, string> = {
      name: tenant,
      mcpBaseUrl: stack.publicUrl,
      goApiBaseUrl: stack.goApiUrl,
      tenantId: stack.secrets.tenantId,
      tenantHeaderSecret: `env:${upper}_HEADER_SECRET`,
      jwtSecret: `env:${upper}_JWT_SECRET`,
      jwtAudience: stack.secrets.audience,
    };
    edit(entry);
    return entry;
  });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ jwtIssuer: stacks.acme!.secrets.issuer, tenants }, null, 2));
  return { file, env };
}

const readIndex = (out: string) => JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as TenantIndex;

describe('verify with a target file of several tenants', () => {
  it('writes a report per tenant and an index: each tenant passed, isolation probed both ways, overall passed', { timeout: 180_000 }, async () => {
    const { file, env } = tenantsFile('two');
    const out = join(dir, 'out-two');
    const run = await runVerifyCli(['--target', file, '--suite', 'health', '--out', out], env, 170_000);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    for (const tenant of ['acme', 'globex']) {
      for (const report of ['verification-report.json', 'summary.md', 'junit.xml']) expect(existsSync(join(out, tenant, report)), `${tenant}/${report}`).toBe(true);
      const report = JSON.parse(readFileSync(join(out, tenant, 'verification-report.json'), 'utf8')) as { target: { name: string; proxyUrl: string }; verdict: string };
      expect(report.target).toMatchObject({ name: tenant, proxyUrl: stacks[tenant]!.publicUrl });
      expect(report.verdict).toBe('passed');
    }
    const index = readIndex(out);
    expect(index.verdict).toBe('passed');
    expect(index.tenants.map((t) => [t.name, t.verdict, t.reportFolder])).toEqual([
      ['acme', 'passed', 'acme'],
      ['globex', 'passed', 'globex'],
    ]);
    expect(index.isolation.map((p) => `${p.from}>${p.to} ${p.id} ${p.status}`).sort()).toEqual([
      'acme>globex SEC-TENANT-CROSS-DATA passed',
      'acme>globex SEC-TENANT-CROSS-TOKEN passed',
      'globex>acme SEC-TENANT-CROSS-DATA passed',
      'globex>acme SEC-TENANT-CROSS-TOKEN passed',
    ]);
    const markdown = readFileSync(join(out, 'index.md'), 'utf8');
    expect(markdown).toMatch(/^# Verification index: PASSED/);
    expect(markdown).toContain('| acme | PASSED |');
    // the index, like every report, holds no secret
    const everything = readFileSync(join(out, 'index.json'), 'utf8') + markdown;
    for (const secret of Object.values(env)) expect(everything).not.toContain(secret);
    expect(run.stdout).toMatch(/Tenants PASSED: acme passed, globex passed/);
  });

  it('fails overall, naming the tenant, when one tenant cannot be reached; the other is still verified', { timeout: 180_000 }, async () => {
    const { file, env } = tenantsFile('one-down', (tenant) => {
      if (tenant.name === 'globex') tenant.mcpBaseUrl = 'http://127.0.0.1:9';
    });
    const out = join(dir, 'out-one-down');
    const run = await runVerifyCli(['--target', file, '--suite', 'health', '--out', out], env, 170_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/tenant globex unreachable/);
    const index = readIndex(out);
    expect(index.verdict).toBe('failed');
    expect(index.tenants.map((t) => [t.name, t.verdict])).toEqual([
      ['acme', 'passed'],
      ['globex', 'unreachable'],
    ]);
    expect(index.reasons).toEqual(['tenant globex: unreachable']);
    expect(index.isolation).toEqual([]);
    expect(existsSync(join(out, 'acme', 'verification-report.json'))).toBe(true);
    expect(existsSync(join(out, 'globex'))).toBe(false);
  });

  it('refuses a tenants file with unnamed or duplicate tenants (exit 2), naming each problem', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ tenants: [{ mcpBaseUrl: 'https://a.example' }, { name: 'x', mcpBaseUrl: 'https://x.example' }, { name: 'x', mcpBaseUrl: 'nope' }] }));
    const run = await runVerifyCli(['--target', file, '--out', join(dir, 'out-bad')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/tenants\[0\]: name must name the tenant/);
    expect(run.stderr).toMatch(/tenants\[2\]\.mcpBaseUrl: MCP_BASE_URL must be an http\(s\) URL/);
  });

  it('--dry-run describes every tenant without running anything', async () => {
    const { file, env } = tenantsFile('dry');
    const run = await runVerifyCli(['--target', file, '--dry-run'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^target file: .*dry\.json/);
    expect(run.stdout).toMatch(/2 tenants, each verified as its own target/);
    expect(run.stdout).toMatch(new RegExp(`tenant acme\\n\\s+proxy\\s+${stacks.acme!.publicUrl.replace(/[.]/g, '\\.')}`));
    expect(run.stdout).toContain(`proxy      ${stacks.globex!.publicUrl}`);
  });
});
