/**
 * `npm run tenant -- new <tenant-id> [options]`: writes the tenant's Fly configuration and verification target,
 * then prints the onboarding plan with freshly generated secrets (printed once, never written to disk).
 * Exit codes: 0 written, 2 usage error (a bad tenant id, a bad option, files already there without --force).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { REPO_ROOT } from '../proxy-facts.js';
import { generateTenantSecrets, onboardingPlan, renderTenantConfig, tenantIdProblems, tenantTarget, type TenantOptions } from './tenant.js';

export const TENANT_USAGE = `Usage: npm run tenant -- new <tenant-id> [options]

Writes <out>/<tenant-id>/fly.toml (the app toolbridge-tenant-<tenant-id>, configured as fly.production.toml) and
<out>/<tenant-id>/target.json (for npm run verify -- --target), adds the tenant to <out>/tenants.json (every tenant:
verified together, isolation probed between them), then prints the fly commands that create the app, set its
secrets and deploy it. The secrets are generated now and printed once; they are never written to disk.

Options:
  --region <code>       Fly region (default: fly.production.toml's primary_region)
  --go-app <name>       the tenant's Go API app, whose secrets must match (default toolbridge-api-<tenant-id>)
  --go-api-url <url>    its URL (default https://<go-app>.fly.dev)
  --jwks-url <url>      verify RS256 tokens from this key set (default: a generated HS256 secret)
  --issuer <iss>        required token issuer
  --audience <aud>      required token audience
  --out <dir>           where tenant folders go (default deploy/tenants)
  --force               replace the tenant's files if they exist
  -h, --help            show this help`;

export class TenantUsageError extends Error {}

/** Every tenant of a folder in one target file: `npm run verify -- --target <out>/tenants.json` gates them all. */
export const TENANTS_FILE = 'tenants.json';

const httpsUrl = (flag: string) => z.url({ protocol: /^https$/, error: `${flag} must be an https:// URL` }).transform((v) => v.replace(/\/+$/, ''));

const Flags = z.object({
  region: z.string().regex(/^[a-z]{3}$/, '--region must be a Fly region code, e.g. ord, ams, syd').optional(),
  'go-app': z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, '--go-app must be a Fly app name (lower-case letters, digits, hyphens)').optional(),
  'go-api-url': httpsUrl('--go-api-url').optional(),
  'jwks-url': httpsUrl('--jwks-url').optional(),
  issuer: z.string().min(1).optional(),
  audience: z.string().min(1).optional(),
  out: z.string().min(1).default('deploy/tenants'),
  force: z.boolean().default(false),
  help: z.boolean().default(false),
});

export interface TenantCommand {
  readonly help: boolean;
  readonly options: TenantOptions;
  readonly outDir: string;
  readonly force: boolean;
}

/** The command line, checked; every problem at once in a TenantUsageError. */
export function parseTenantArgs(argv: readonly string[], productionTemplate: string): TenantCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        region: { type: 'string' },
        'go-app': { type: 'string' },
        'go-api-url': { type: 'string' },
        'jwks-url': { type: 'string' },
        issuer: { type: 'string' },
        audience: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new TenantUsageError(error instanceof Error ? error.message : String(error));
  }
  const flags = Flags.safeParse(parsed.values);
  const problems = flags.success ? [] : flags.error.issues.map((i) => i.message);
  if (flags.success && flags.data.help) return { help: true, options: undefined as never, outDir: '', force: false };
  const [command, tenantId, ...extra] = parsed.positionals;
  if (command !== 'new') problems.push(command === undefined ? 'say what to do: new <tenant-id>' : `unknown command "${command}" (known: new)`);
  if (tenantId === undefined) problems.push('the tenant id is missing: npm run tenant -- new <tenant-id>');
  else problems.push(...tenantIdProblems(tenantId).map((p) => `tenant id "${tenantId}" ${p}`));
  if (extra.length > 0) problems.push(`unexpected arguments: ${extra.join(' ')}`);
  if (problems.length > 0 || !flags.success) throw new TenantUsageError(problems.join('\n'));
  const goApp = flags.data['go-app'] ?? `toolbridge-api-${tenantId}`;
  const region = flags.data.region ?? /^primary_region = "([a-z]+)"$/m.exec(productionTemplate)?.[1] ?? 'ord';
  return {
    help: false,
    force: flags.data.force,
    outDir: flags.data.out,
    options: {
      tenantId: tenantId!,
      region,
      goApp,
      goApiUrl: flags.data['go-api-url'] ?? `https://${goApp}.fly.dev`,
      jwksUrl: flags.data['jwks-url'],
      issuer: flags.data.issuer,
      audience: flags.data.audience,
    },
  };
}

/** The tenants file of `dir` with `target` in it (replacing a tenant of the same name), as `verify --target` reads it. */
function withTenant(tenantsFile: string, target: Record<string, string>): string {
  const current = existsSync(tenantsFile) ? (JSON.parse(readFileSync(tenantsFile, 'utf8')) as { tenants?: Record<string, string>[] }) : {};
  const tenants = [...(current.tenants ?? []).filter((t) => t.name !== target.name), target].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  return `${JSON.stringify({ ...current, tenants }, null, 2)}\n`;
}

/** Runs the command: files written, plan returned (the caller prints it). */
export function runTenantCommand(command: TenantCommand, cwd: string, productionTemplate: string): string {
  const dir = resolve(cwd, command.outDir, command.options.tenantId);
  const config = join(dir, 'fly.toml');
  const target = join(dir, 'target.json');
  if (!command.force && (existsSync(config) || existsSync(target))) {
    throw new TenantUsageError(`${relative(cwd, dir)} already holds tenant ${command.options.tenantId}'s files; pass --force to replace them`);
  }
  const tenantsFile = resolve(cwd, command.outDir, TENANTS_FILE);
  const tenantsText = withTenant(tenantsFile, tenantTarget(command.options));
  mkdirSync(dir, { recursive: true });
  writeFileSync(config, renderTenantConfig(productionTemplate, command.options));
  writeFileSync(target, `${JSON.stringify(tenantTarget(command.options), null, 2)}\n`);
  writeFileSync(tenantsFile, tenantsText);
  return onboardingPlan(command.options, generateTenantSecrets(command.options), {
    config: relative(cwd, config),
    target: relative(cwd, target),
    tenants: relative(cwd, tenantsFile),
  });
}

function main(): number {
  const template = readFileSync(join(REPO_ROOT, 'fly.production.toml'), 'utf8');
  try {
    const command = parseTenantArgs(process.argv.slice(2), template);
    if (command.help) {
      process.stdout.write(`${TENANT_USAGE}\n`);
      return 0;
    }
    process.stdout.write(runTenantCommand(command, process.cwd(), template));
    return 0;
  } catch (error) {
    if (!(error instanceof TenantUsageError)) throw error;
    process.stderr.write(`npm run tenant: ${error.message.split('\n').join('\nnpm run tenant: ')}\n\n${TENANT_USAGE}\n`);
    return 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) process.exitCode = main();
