/**
 * One proxy app per tenant (the seed's naming: toolbridge-tenant-<id>): the tenant id rules, the tenant's Fly
 * configuration written from fly.production.toml, its verification target file, and the onboarding plan with
 * freshly generated secrets. Pure: the CLI (cli.ts) reads the template, writes the files and prints the plan.
 */
import { randomBytes } from 'node:crypto';

export const TENANT_APP_PREFIX = 'toolbridge-tenant-';
/** Fly app names are DNS labels: 63 characters at most, the prefix included. */
export const MAX_TENANT_ID_LENGTH = 63 - TENANT_APP_PREFIX.length;

export const tenantAppName = (tenantId: string) => `${TENANT_APP_PREFIX}${tenantId}`;

/** What is wrong with a tenant id, each problem in words; empty when it is a good one. */
export function tenantIdProblems(tenantId: string): string[] {
  const problems: string[] = [];
  if (tenantId === '') return ['is empty'];
  if (tenantId.length > MAX_TENANT_ID_LENGTH) {
    problems.push(`is ${tenantId.length} characters long; at most ${MAX_TENANT_ID_LENGTH}, so that ${TENANT_APP_PREFIX}<id> is a Fly app name (63)`);
  }
  if (/[A-Z]/.test(tenantId)) {
    const lower = tenantId.toLowerCase();
    problems.push(`has upper-case letters; Fly app names are lower case${tenantIdProblems(lower).length === 0 ? ` (try "${lower}")` : ''}`);
  }
  const bad = [...new Set(tenantId.replace(/[A-Za-z0-9-]/g, ''))];
  if (bad.length > 0) problems.push(`has ${bad.map((c) => JSON.stringify(c)).join(', ')}: only lower-case letters, digits and single hyphens are allowed`);
  if (/^-|-$/.test(tenantId)) problems.push('starts or ends with a hyphen');
  if (tenantId.includes('--')) problems.push('has two hyphens in a row');
  return problems;
}

export interface TenantOptions {
  readonly tenantId: string;
  readonly region: string;
  /** the tenant's Go API app (its secrets must match the proxy's) */
  readonly goApp: string;
  readonly goApiUrl: string;
  /** RS256 tokens from this key set instead of a generated HS256 secret */
  readonly jwksUrl: string | undefined;
  readonly issuer: string | undefined;
  readonly audience: string | undefined;
}

/** Replaces the single line matching `pattern`; a template that no longer has exactly one such line is an error. */
function replaceLine(text: string, pattern: RegExp, line: string, what: string): string {
  const matches = text.match(new RegExp(pattern.source, 'gm')) ?? [];
  if (matches.length !== 1) throw new Error(`fly.production.toml has ${matches.length} ${what} lines; the tenant template needs exactly one`);
  return text.replace(new RegExp(pattern.source, 'm'), line);
}

const quoted = (value: string) => JSON.stringify(value);

/** The tenant's fly.toml: production's, with its own app name, URL, region, Go API and token settings. */
export function renderTenantConfig(productionTemplate: string, options: TenantOptions): string {
  const app = tenantAppName(options.tenantId);
  const body = productionTemplate.slice(productionTemplate.search(/^app = /m));
  let text = replaceLine(body, /^app = .*$/, `app = ${quoted(app)}`, 'app');
  text = replaceLine(text, /^primary_region = .*$/, `primary_region = ${quoted(options.region)}`, 'primary_region');
  text = replaceLine(text, /^ {2}TOOLBRIDGE_PUBLIC_URL = .*$/, `  TOOLBRIDGE_PUBLIC_URL = ${quoted(`https://${app}.fly.dev`)}`, 'TOOLBRIDGE_PUBLIC_URL');
  text = replaceLine(text, /^ {2}TOOLBRIDGE_GO_API_BASE_URL = .*$/, `  TOOLBRIDGE_GO_API_BASE_URL = ${quoted(options.goApiUrl)}`, 'TOOLBRIDGE_GO_API_BASE_URL');
  const tokenSettings = [
    ...(options.jwksUrl ? [`  TOOLBRIDGE_JWKS_URL = ${quoted(options.jwksUrl)}`] : []),
    ...(options.issuer ? [`  TOOLBRIDGE_JWT_ISSUER = ${quoted(options.issuer)}`] : []),
    ...(options.audience ? [`  TOOLBRIDGE_JWT_AUDIENCE = ${quoted(options.audience)}`] : []),
  ];
  if (tokenSettings.length > 0) text = text.replace(/^\[env\]\n/m, `[env]\n${tokenSettings.join('\n')}\n`);
  const header = [
    `# Fly.io app of tenant ${options.tenantId}: the ToolBridge MCP proxy, configured as production (fly.production.toml).`,
    `# Written by \`npm run tenant -- new ${options.tenantId}\`; no secret lives in this file (they are set with`,
    '# `fly secrets set`, docs/TENANT-ONBOARDING.md). deploy/tenants/tenant.test.ts checks it with production\'s rules.',
    '',
  ];
  return `${header.join('\n')}${text}`;
}

/** The tenant's target file for `npm run verify -- --target`: URLs and ids, secrets only as env: references. */
export function tenantTarget(options: TenantOptions): Record<string, string> {
  const prefix = `TENANT_${options.tenantId.toUpperCase().replace(/-/g, '_')}`;
  return {
    name: options.tenantId,
    mcpBaseUrl: `https://${tenantAppName(options.tenantId)}.fly.dev`,
    goApiBaseUrl: options.goApiUrl,
    tenantId: options.tenantId,
    tenantHeaderSecret: `env:${prefix}_HEADER_SECRET`,
    ...(options.jwksUrl ? { jwtPrivateKey: `env:${prefix}_JWT_PRIVATE_KEY`, jwtKid: `env:${prefix}_JWT_KID` } : { jwtSecret: `env:${prefix}_JWT_SECRET` }),
    ...(options.issuer ? { jwtIssuer: options.issuer } : {}),
    ...(options.audience ? { jwtAudience: options.audience } : {}),
  };
}

export interface TenantSecrets {
  readonly tenantHeaderSecret: string;
  /** absent with a JWKS */
  readonly jwtSecret: string | undefined;
}

/** 256 random bits each, hex (what `openssl rand -hex 32` prints). */
export function generateTenantSecrets(options: Pick<TenantOptions, 'jwksUrl'>, random: (bytes: number) => Buffer = randomBytes): TenantSecrets {
  return { tenantHeaderSecret: random(32).toString('hex'), jwtSecret: options.jwksUrl ? undefined : random(32).toString('hex') };
}

/** The onboarding steps, in order, as commands to paste: the only place the generated secrets ever appear. */
export function onboardingPlan(
  options: TenantOptions,
  secrets: TenantSecrets,
  files: { readonly config: string; readonly target: string; readonly tenants: string },
): string {
  const app = tenantAppName(options.tenantId);
  const env = tenantTarget(options);
  const envName = (value: string | undefined) => value?.replace(/^env:/, '');
  const jwtProxy = secrets.jwtSecret ? ` \\\n  TOOLBRIDGE_JWT_HS256_SECRET=${secrets.jwtSecret}` : '';
  const jwtGo = secrets.jwtSecret ? ` \\\n  JWT_HS256_SECRET=${secrets.jwtSecret}` : '';
  return [
    `# Tenant ${options.tenantId}: app ${app} in ${options.region}, Go API ${options.goApp} (${options.goApiUrl})`,
    `# Wrote ${files.config} and ${files.target}, and added the tenant to ${files.tenants} (no secrets in any).`,
    '#',
    '# The secrets below were generated just now and are printed only here: nothing was written to disk.',
    '# Put them in your secret manager before you close this terminal.',
    '',
    '# 1. The app (its name is its URL: https://' + app + '.fly.dev)',
    `fly apps create ${app}`,
    '',
    "# 2. The proxy's secrets (staged: they apply with the first deploy)",
    `fly secrets set --stage -a ${app} \\\n  TOOLBRIDGE_TENANT_ID=${options.tenantId} \\\n  TOOLBRIDGE_TENANT_HEADER_SECRET=${secrets.tenantHeaderSecret}${jwtProxy}`,
    '',
    "# 3. The same values on the tenant's Go API: it verifies the tenant headers" + (secrets.jwtSecret ? ' and the tokens' : '') + ' with them',
    `fly secrets set -a ${options.goApp} \\\n  TENANT_HEADER_SECRET=${secrets.tenantHeaderSecret}${jwtGo}`,
    ...(options.jwksUrl ? ['', `# Tokens: RS256 from ${options.jwksUrl}; configure the Go API's AUTH0_* settings for the same issuer (contract §4).`] : []),
    '',
    '# 4. Deploy the image that passed the gate on staging (never a fresh build)',
    `fly deploy --config ${files.config} --image registry.fly.io/toolbridge-mcp-staging:<tag that passed>`,
    '',
    '# 5. Gate the tenant: the same verification as staging and production',
    `export ${envName(env.tenantHeaderSecret)}=${secrets.tenantHeaderSecret}`,
    ...(secrets.jwtSecret ? [`export ${envName(env.jwtSecret)}=${secrets.jwtSecret}`] : [`export ${envName(env.jwtPrivateKey)}=<PEM of a key the JWKS publishes> ${envName(env.jwtKid)}=<its kid>`]),
    `npm run verify -- --target ${files.target} --policy policy/staging.json`,
    `# and every tenant together, with isolation probed between them: npm run verify -- --target ${files.tenants}`,
    '',
  ].join('\n');
}
