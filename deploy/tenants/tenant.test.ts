import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import { targetFromFile, targetsFromFile } from '../../framework/target/spec.js';
import { checkFlyConfig, flyEnv, TENANT_EXPECTATIONS } from '../fly-config.js';
import { REPO_ROOT } from '../proxy-facts.js';
import { startFlyMachine } from '../testing/fly-machine.js';
import { MAX_TENANT_ID_LENGTH, renderTenantConfig, tenantIdProblems, type TenantOptions } from './tenant.js';

const run = promisify(execFile);
const PRODUCTION = readFileSync(join(REPO_ROOT, 'fly.production.toml'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'tbv-tenant-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `npm run tenant -- …` as an operator runs it, from the repository root. */
async function tenant(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'tenant', '--', ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const HEX_SECRET = /\b[0-9a-f]{64}\b/g;

describe('tenant ids', () => {
  it.each(['acme', 'acme-corp', 'a1', '7eleven', 'x'.repeat(MAX_TENANT_ID_LENGTH)])('accepts %j', (id) => {
    expect(tenantIdProblems(id)).toEqual([]);
  });

  it.each([
    ['', /is empty/],
    ['Acme', /upper-case letters; Fly app names are lower case \(try "acme"\)/],
    ['acme_corp', /has "_": only lower-case letters, digits and single hyphens/],
    ['acme.corp', /has "\."/],
    ['acme corp', /has " "/],
    ['-acme', /starts or ends with a hyphen/],
    ['acme-', /starts or ends with a hyphen/],
    ['acme--corp', /two hyphens in a row/],
    ['x'.repeat(MAX_TENANT_ID_LENGTH + 1), /at most 45, so that toolbridge-tenant-<id> is a Fly app name/],
    ['../etc', /has "\.", "\/"/],
  ])('refuses %j', (id, problem) => {
    expect(tenantIdProblems(id).join('; ')).toMatch(problem);
  });
});

describe('npm run tenant -- new acme', () => {
  it('writes the config and target, and prints the exact plan with fresh secrets that are on no disk', async () => {
    const out = join(scratch, 'plan');
    const result = await tenant('new', 'acme', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const plan = result.stdout;
    expect(plan).toContain('fly apps create toolbridge-tenant-acme\n');
    const secrets = [...new Set(plan.match(HEX_SECRET))];
    expect(secrets).toHaveLength(2); // the tenant header secret and the HS256 secret, each used twice
    const [headerSecret, jwtSecret] = [/TOOLBRIDGE_TENANT_HEADER_SECRET=([0-9a-f]{64})/.exec(plan)![1]!, /TOOLBRIDGE_JWT_HS256_SECRET=([0-9a-f]{64})/.exec(plan)![1]!];
    expect(headerSecret).not.toBe(jwtSecret);
    expect(plan).toContain(`fly secrets set --stage -a toolbridge-tenant-acme \\\n  TOOLBRIDGE_TENANT_ID=acme \\\n  TOOLBRIDGE_TENANT_HEADER_SECRET=${headerSecret} \\\n  TOOLBRIDGE_JWT_HS256_SECRET=${jwtSecret}\n`);
    expect(plan).toContain(`fly secrets set -a toolbridge-api-acme \\\n  TENANT_HEADER_SECRET=${headerSecret} \\\n  JWT_HS256_SECRET=${jwtSecret}\n`);
    expect(plan).toMatch(/fly deploy --config \S*acme\/fly\.toml --image registry\.fly\.io\/toolbridge-mcp-staging:/);
    expect(plan).toMatch(/npm run verify -- --target \S*acme\/target\.json/);
    // the steps come in the order an operator must run them
    const order = ['fly apps create', 'fly secrets set --stage', 'fly secrets set -a toolbridge-api-acme', 'fly deploy', 'npm run verify'].map((step) => plan.indexOf(step));
    expect(order).toEqual([...order].sort((a, b) => a - b));

    expect(readdirSync(join(out, 'acme')).sort()).toEqual(['fly.toml', 'target.json']);
    for (const file of ['acme/fly.toml', 'acme/target.json', 'tenants.json']) {
      const text = readFileSync(join(out, file), 'utf8');
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    expect(plan).toMatch(/npm run verify -- --target \S*tenants\.json/);
    // and a second run draws new secrets (nothing was kept to reuse)
    const again = await tenant('new', 'acme', '--out', out, '--force');
    expect(again.code).toBe(0);
    for (const secret of secrets) expect(again.stdout).not.toContain(secret);
  });

  it('writes a fly.toml that passes production\'s checks against the real proxy, under the tenant\'s name', async () => {
    const out = join(scratch, 'config');
    expect((await tenant('new', 'acme', '--out', out, '--region', 'ams')).code).toBe(0);
    const doc = parse(readFileSync(join(out, 'acme', 'fly.toml'), 'utf8')) as Record<string, any>;
    expect(doc.app).toBe('toolbridge-tenant-acme');
    expect(doc.primary_region).toBe('ams');
    expect(flyEnv(doc)).toMatchObject({ TOOLBRIDGE_PUBLIC_URL: 'https://toolbridge-tenant-acme.fly.dev', TOOLBRIDGE_GO_API_BASE_URL: 'https://toolbridge-api-acme.fly.dev' });
    const machine = await startFlyMachine(doc, TENANT_EXPECTATIONS);
    try {
      expect(await checkFlyConfig(doc, machine.ctx)).toEqual([]);
      expect((await checkFlyConfig({ ...doc, app: 'acme-proxy' }, machine.ctx)).map((f) => f.id)).toContain('FLY001');
    } finally {
      await machine.proxy.close();
    }
    // everything but the tenant's own lines is production's, comments included
    const production = PRODUCTION.slice(PRODUCTION.search(/^app = /m)).split('\n');
    const tenantLines = readFileSync(join(out, 'acme', 'fly.toml'), 'utf8').split('\n');
    const changed = production.filter((line) => !tenantLines.includes(line));
    expect(changed.map((line) => line.trim().split(' ')[0])).toEqual(['app', 'primary_region', 'TOOLBRIDGE_GO_API_BASE_URL', 'TOOLBRIDGE_PUBLIC_URL']);
  });

  it('writes a target file verify reads, with the secrets as env: references', async () => {
    const out = join(scratch, 'target');
    expect((await tenant('new', 'globex', '--out', out, '--jwks-url', 'https://login.globex.example/.well-known/jwks.json', '--issuer', 'https://login.globex.example/', '--audience', 'toolbridge')).code).toBe(0);
    const file = join(out, 'globex', 'target.json');
    const spec = targetFromFile(file, { TENANT_GLOBEX_HEADER_SECRET: 'h'.repeat(64), TENANT_GLOBEX_JWT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----', TENANT_GLOBEX_JWT_KID: 'k1' }, 'run');
    expect(spec).toMatchObject({ name: 'globex', proxyUrl: 'https://toolbridge-tenant-globex.fly.dev', tenantId: 'globex', issuer: 'https://login.globex.example/', audience: 'toolbridge', jwt: { kind: 'rs256', kid: 'k1' } });
    const config = parse(readFileSync(join(out, 'globex', 'fly.toml'), 'utf8')) as Record<string, unknown>;
    expect(flyEnv(config)).toMatchObject({ TOOLBRIDGE_JWKS_URL: 'https://login.globex.example/.well-known/jwks.json', TOOLBRIDGE_JWT_ISSUER: 'https://login.globex.example/', TOOLBRIDGE_JWT_AUDIENCE: 'toolbridge' });
  });

  it.each([
    [['new', 'Acme Corp'], /tenant id "Acme Corp" has upper-case letters[\s\S]*has " "/],
    [['new'], /the tenant id is missing/],
    [['create', 'acme'], /unknown command "create"/],
    [['new', 'acme', '--region', 'Chicago'], /--region must be a Fly region code/],
    [['new', 'acme', '--jwks-url', 'http://insecure.example/jwks'], /--jwks-url must be an https:\/\/ URL/],
    [['new', 'acme', '--colour', 'blue'], /Unknown option '--colour'/],
  ])('refuses %j with a clear message and exit 2, writing nothing', async (args, message) => {
    const out = join(scratch, 'refused');
    const result = await tenant(...args, '--out', out);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('keeps every tenant of the folder in tenants.json, which verify reads as several tenants', async () => {
    const out = join(scratch, 'many');
    for (const args of [['new', 'acme'], ['new', 'globex', '--region', 'ams'], ['new', 'acme', '--go-api-url', 'https://api.acme.example', '--force']]) {
      expect((await tenant(...args, '--out', out)).code).toBe(0);
    }
    const env = { TENANT_ACME_HEADER_SECRET: 'a'.repeat(64), TENANT_ACME_JWT_SECRET: 'b'.repeat(64), TENANT_GLOBEX_HEADER_SECRET: 'c'.repeat(64), TENANT_GLOBEX_JWT_SECRET: 'd'.repeat(64) };
    const specs = targetsFromFile(join(out, 'tenants.json'), env, 'run');
    expect(specs.map((s) => [s.name, s.goApiUrl])).toEqual([
      ['acme', 'https://api.acme.example'],
      ['globex', 'https://toolbridge-api-globex.fly.dev'],
    ]);
  });

  it('refuses to overwrite a tenant without --force', async () => {
    const out = join(scratch, 'twice');
    expect((await tenant('new', 'acme', '--out', out)).code).toBe(0);
    const second = await tenant('new', 'acme', '--out', out);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/already holds tenant acme's files; pass --force/);
    expect(second.stdout).toBe('');
  });
});

describe('the tenants committed under deploy/tenants/', () => {
  const committed = readdirSync(join(REPO_ROOT, 'deploy/tenants'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

  it.each(committed)("%s: its fly.toml passes production's checks against the real proxy, and its target file reads", async (name) => {
    const doc = parse(readFileSync(join(REPO_ROOT, 'deploy/tenants', name, 'fly.toml'), 'utf8')) as Record<string, unknown>;
    expect(doc.app).toBe(`toolbridge-tenant-${name}`);
    const machine = await startFlyMachine(doc, TENANT_EXPECTATIONS);
    try {
      expect(await checkFlyConfig(doc, machine.ctx)).toEqual([]);
    } finally {
      await machine.proxy.close();
    }
    const target = JSON.parse(readFileSync(join(REPO_ROOT, 'deploy/tenants', name, 'target.json'), 'utf8')) as Record<string, string>;
    expect(target).toMatchObject({ name, tenantId: name, mcpBaseUrl: `https://toolbridge-tenant-${name}.fly.dev` });
    for (const [key, value] of Object.entries(target)) if (/secret|key/i.test(key)) expect(value, key).toMatch(/^env:[A-Z_]+$/);
  });

  it('include the onboarding guide\'s example', () => {
    expect(committed).toContain('acme');
  });
});

describe('the tenant template', () => {
  it('refuses a production template it can no longer edit line by line', () => {
    const options: TenantOptions = { tenantId: 'acme', region: 'ord', goApp: 'g', goApiUrl: 'https://g.fly.dev', jwksUrl: undefined, issuer: undefined, audience: undefined };
    expect(() => renderTenantConfig(PRODUCTION.replace(/^ {2}TOOLBRIDGE_PUBLIC_URL = .*$/m, ''), options)).toThrow(/0 TOOLBRIDGE_PUBLIC_URL lines/);
  });
});
