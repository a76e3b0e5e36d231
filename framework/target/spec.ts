/**
 * A target is configuration: where the proxy and the Go API are, and the secrets the verifier needs to act as
 * their clients. From environment variables (`--target env`), a JSON file (`--target ./staging.json`), or the
 * local stack (`--target local`, the default). Validated with zod; every problem is reported at once.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MCP_TRANSPORT_CHOICES, type DetectionAttempt, type McpEndpoint, type McpTransportChoice, type McpServerInfo } from '../model/mcp-endpoint.js';

export type JwtKeySpec =
  | { readonly kind: 'hs256'; readonly secret: string }
  | { readonly kind: 'rs256'; readonly privateKeyPem: string; readonly kid: string };

/** Everything a check needs to reach a target; serialisable, so it can be handed to test workers. */
export interface TargetSpec {
  readonly name: string;
  /** proxy base URL, e.g. https://toolbridge-mcp-staging.fly.dev */
  readonly proxyUrl: string;
  /** the Streamable HTTP endpoint, `${proxyUrl}/mcp` */
  readonly mcpUrl: string;
  /** the legacy HTTP+SSE endpoint (`${proxyUrl}/sse` unless MCP_BASE_URL named another) */
  readonly sseUrl?: string;
  /** the MCP transport asked for (MCP_TRANSPORT, `mcpTransport`, `--mcp-transport`); `auto` when absent */
  readonly mcpTransport?: McpTransportChoice;
  /** the transport and URL found at the start of the run (absent: Streamable HTTP on mcpUrl) */
  readonly mcpEndpoint?: McpEndpoint;
  /** how it was found */
  readonly mcpDetection?: readonly DetectionAttempt[];
  /** serverInfo of the MCP endpoint found at the start of the run */
  readonly mcpServer?: McpServerInfo;
  readonly goApiUrl: string;
  readonly tenantId: string;
  readonly tenantSecret: string;
  readonly jwt: JwtKeySpec;
  readonly issuer: string | undefined;
  readonly audience: string | undefined;
  /** unique per run: part of every JWT subject the run creates */
  readonly runId: string;
  /** true for the in-process local stack */
  readonly local: boolean;
  /** the proxy host over cleartext HTTP, for the HTTPS checks (absent when the proxy is not served over HTTPS) */
  readonly httpUrl?: string;
  /** an extra certificate authority to trust (the local edge's throwaway CA) */
  readonly caCertPem?: string;
  /**
   * the proxy's Prometheus endpoint (METRICS_URL), reachable from where the verifier runs: on Fly, through
   * `fly proxy 9091 -a <app>` or from inside the private network. Absent: the metrics checks that need it skip.
   */
  readonly metricsUrl?: string;
}

export class TargetConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid target configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'TargetConfigError';
  }
}

const url = (name: string) =>
  z.url({ protocol: /^https?$/, error: `${name} must be an http(s) URL` }).transform((v) => v.replace(/\/+$/, ''));

/** The shape shared by the environment and the config file (after `env:NAME` references are resolved). */
const RawTarget = z
  .object({
    name: z.string().min(1).default('env'),
    mcpBaseUrl: url('MCP_BASE_URL'),
    goApiBaseUrl: url('GO_API_BASE_URL'),
    tenantId: z.string({ error: 'TENANT_ID is required' }).min(1, 'TENANT_ID is required'),
    tenantHeaderSecret: z.string({ error: 'TENANT_HEADER_SECRET is required' }).min(1, 'TENANT_HEADER_SECRET is required'),
    jwtSecret: z.string().min(1).optional(),
    jwtPrivateKey: z.string().min(1).optional(),
    jwtKid: z.string().min(1).optional(),
    jwtIssuer: z.string().min(1).optional(),
    jwtAudience: z.string().min(1).optional(),
    mcpHttpBaseUrl: url('MCP_HTTP_BASE_URL').optional(),
    caCertFile: z.string().min(1).optional(),
    mcpTransport: z.enum(MCP_TRANSPORT_CHOICES, { error: 'MCP_TRANSPORT must be auto, http or sse' }).default('auto'),
    metricsUrl: url('METRICS_URL').optional(),
  });
type RawTarget = z.infer<typeof RawTarget>;

const ENV_NAMES: Record<keyof Omit<RawTarget, 'name'>, string> = {
  mcpBaseUrl: 'MCP_BASE_URL',
  goApiBaseUrl: 'GO_API_BASE_URL',
  tenantId: 'TENANT_ID',
  tenantHeaderSecret: 'TENANT_HEADER_SECRET',
  jwtSecret: 'JWT_SECRET',
  jwtPrivateKey: 'JWT_PRIVATE_KEY',
  jwtKid: 'JWT_KID',
  jwtIssuer: 'JWT_ISSUER',
  jwtAudience: 'JWT_AUDIENCE',
  mcpHttpBaseUrl: 'MCP_HTTP_BASE_URL',
  caCertFile: 'MCP_CA_CERT',
  mcpTransport: 'MCP_TRANSPORT',
  metricsUrl: 'METRICS_URL',
};

/** Every variable that describes an `env` target, in the order the docs list them. */
export const TARGET_ENV_VARS: readonly string[] = Object.values(ENV_NAMES);

/** Variables an `env` target cannot do without (plus JWT_SECRET or JWT_PRIVATE_KEY, checked across fields). */
const REQUIRED: readonly (keyof typeof ENV_NAMES)[] = ['mcpBaseUrl', 'goApiBaseUrl', 'tenantId', 'tenantHeaderSecret'];

/** Rules across fields, checked on the raw input so they are reported together with per-field problems. */
function crossFieldProblems(input: Record<string, unknown>, label: (key: string) => string): string[] {
  const has = (key: string) => typeof input[key] === 'string' && input[key] !== '';
  const problems: string[] = [];
  if (!has('jwtSecret') && !has('jwtPrivateKey')) {
    problems.push(`${label('jwtSecret')}: set JWT_SECRET (HS256) or JWT_PRIVATE_KEY with JWT_KID (RS256)`);
  }
  if (has('jwtPrivateKey') && !has('jwtKid')) problems.push(`${label('jwtKid')}: JWT_KID is required with JWT_PRIVATE_KEY`);
  if (has('jwtPrivateKey') && !String(input.jwtPrivateKey).includes('PRIVATE KEY')) {
    problems.push(`${label('jwtPrivateKey')}: JWT_PRIVATE_KEY must be a PKCS#8 PEM private key`);
  }
  return problems;
}

/** The cleartext twin of an https proxy URL (`http://host`, port 80), unless configured. */
function cleartextUrl(proxyUrl: string, configured: string | undefined): string | undefined {
  if (configured) return configured;
  const url = new URL(proxyUrl);
  return url.protocol === 'https:' ? `http://${url.hostname}` : undefined;
}

function readCaCert(path: string, label: string): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TargetConfigError([`${label}: cannot read the CA certificate file ${path} (${error instanceof Error ? error.message : String(error)})`]);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new TargetConfigError([`${label}: ${path} holds no PEM certificate`]);
  return pem;
}

function toSpec(raw: RawTarget, runId: string, label: (key: string) => string): TargetSpec {
  // MCP_BASE_URL may name the base, its Streamable HTTP endpoint (/mcp) or its SSE endpoint (/sse)
  const proxyUrl = raw.mcpBaseUrl.replace(/\/(mcp|sse)$/, '');
  const sseUrl = raw.mcpBaseUrl.endsWith('/sse') ? raw.mcpBaseUrl : `${proxyUrl}/sse`;
  const httpUrl = cleartextUrl(proxyUrl, raw.mcpHttpBaseUrl);
  const caCertPem = raw.caCertFile ? readCaCert(raw.caCertFile, label('caCertFile')) : undefined;
  return {
    name: raw.name,
    proxyUrl,
    mcpUrl: `${proxyUrl}/mcp`,
    sseUrl,
    mcpTransport: raw.mcpTransport,
    goApiUrl: raw.goApiBaseUrl,
    tenantId: raw.tenantId,
    tenantSecret: raw.tenantHeaderSecret,
    jwt: raw.jwtPrivateKey
      ? { kind: 'rs256', privateKeyPem: raw.jwtPrivateKey, kid: raw.jwtKid! }
      : { kind: 'hs256', secret: raw.jwtSecret! },
    issuer: raw.jwtIssuer,
    audience: raw.jwtAudience,
    runId,
    local: false,
    ...(httpUrl ? { httpUrl } : {}),
    ...(caCertPem ? { caCertPem } : {}),
    ...(raw.metricsUrl ? { metricsUrl: raw.metricsUrl } : {}),
  };
}

function parse(input: Record<string, unknown>, label: (path: string) => string, runId: string): TargetSpec {
  const parsed = RawTarget.safeParse(input);
  const missing = new Set<PropertyKey>(REQUIRED.filter((key) => input[key] === undefined || input[key] === ''));
  const problems = [
    ...[...missing].map((key) => `${label(String(key))}: is not set (required)`),
    ...(parsed.success ? [] : parsed.error.issues.filter((i) => !missing.has(i.path[0] ?? '')).map((i) => `${label(String(i.path[0] ?? ''))}: ${i.message}`)),
    ...crossFieldProblems(input, label),
  ];
  if (!parsed.success || problems.length > 0) throw new TargetConfigError(problems);
  return toSpec(parsed.data, runId, label);
}

const emptyToUndefined = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

/** `--target env`: the seed's variable names. */
export function targetFromEnv(env: Readonly<Record<string, string | undefined>>, runId: string): TargetSpec {
  const input = Object.fromEntries(Object.entries(ENV_NAMES).map(([key, name]) => [key, emptyToUndefined(env[name])]));
  return parse({ name: 'env', ...input }, (key) => ENV_NAMES[key as keyof typeof ENV_NAMES] ?? key, runId);
}

function readTargetDocument(path: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TargetConfigError([`${path}: cannot read a JSON target file (${error instanceof Error ? error.message : String(error)})`]);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new TargetConfigError([`${path}: must hold a JSON object`]);
  }
  return document as Record<string, unknown>;
}

/** `env:NAME` values read from the environment; every unset reference is a problem, named with `where`. */
function resolveReferences(fields: Record<string, unknown>, env: Readonly<Record<string, string | undefined>>, where: string, problems: string[]): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => {
      if (typeof value === 'string' && value.startsWith('env:')) {
        const name = value.slice(4);
        const fromEnv = emptyToUndefined(env[name]);
        if (fromEnv === undefined) problems.push(`${where}: ${key} refers to environment variable ${name}, which is not set`);
        return [key, fromEnv];
      }
      return [key, value];
    }),
  );
}

/**
 * `--target ./file.json`: the same fields in camelCase. Any string value `env:NAME` is read from the environment,
 * so secrets stay out of files. A file with `tenants` (an array of targets, each named) holds several deployments:
 * its other fields are defaults every tenant inherits. One target: an array of one.
 */
export function targetsFromFile(path: string, env: Readonly<Record<string, string | undefined>>, runId: string): TargetSpec[] {
  const { tenants, ...shared } = readTargetDocument(path);
  if (tenants === undefined) {
    const problems: string[] = [];
    const resolved = resolveReferences(shared, env, path, problems);
    if (problems.length > 0) throw new TargetConfigError(problems);
    return [parse(resolved, (key) => `${path}: ${key}`, runId)];
  }
  if (!Array.isArray(tenants) || tenants.length === 0 || tenants.some((t) => typeof t !== 'object' || t === null || Array.isArray(t))) {
    throw new TargetConfigError([`${path}: tenants must be a non-empty array of target objects`]);
  }
  const problems: string[] = [];
  const specs: TargetSpec[] = [];
  tenants.forEach((tenant: Record<string, unknown>, index) => {
    const where = `${path}: tenants[${index}]`;
    const merged = { ...shared, ...tenant };
    if (typeof merged.name !== 'string' || merged.name === 'env' || !/^[a-z0-9][a-z0-9._-]*$/.test(merged.name)) {
      problems.push(`${where}: name must name the tenant (lower-case letters, digits, ".", "_", "-"); it names its report folder`);
      return;
    }
    const unresolved = problems.length;
    const resolved = resolveReferences(merged, env, where, problems);
    if (problems.length > unresolved) return;
    try {
      specs.push(parse(resolved, (key) => `${where}.${key}`, runId));
    } catch (error) {
      if (!(error instanceof TargetConfigError)) throw error;
      problems.push(...error.problems);
    }
  });
  const names = specs.map((s) => s.name);
  for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) problems.push(`${path}: two tenants are named ${name}`);
  if (problems.length > 0) throw new TargetConfigError(problems);
  return specs;
}

/** Whether a target file describes several tenants (`tenants`), rather than one target. */
export function isTenantsFile(path: string): boolean {
  return 'tenants' in readTargetDocument(path);
}

/** A file that must hold one target (load, bench): several tenants are a configuration error. */
export function targetFromFile(path: string, env: Readonly<Record<string, string | undefined>>, runId: string): TargetSpec {
  const specs = targetsFromFile(path, env, runId);
  if (specs.length !== 1) throw new TargetConfigError([`${path}: holds ${specs.length} tenants (${specs.map((s) => s.name).join(', ')}); this command takes one target`]);
  return specs[0]!;
}

/** The MCP endpoint checks connect to: the one detected at the start of the run, else Streamable HTTP on mcpUrl. */
export function mcpEndpointOf(spec: Pick<TargetSpec, 'mcpEndpoint' | 'mcpUrl'>): McpEndpoint {
  return spec.mcpEndpoint ?? { transport: 'http', url: spec.mcpUrl };
}

/** Loopback hosts: the only places load and security probes go unless a remote target is configured. */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
