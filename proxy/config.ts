/**
 * Proxy configuration from the environment, validated once at start-up. Upstream's variable names are kept where
 * they exist; a bad or missing value stops the process with one message naming every problem.
 */
import { z } from 'zod';

export interface JwtSettings {
  readonly hs256Secret: string | undefined;
  readonly jwksUrl: string | undefined;
  readonly issuer: string | undefined;
  readonly audience: string | undefined;
  readonly algorithms: readonly string[];
  readonly clockToleranceS: number;
}

export interface ProxyConfig {
  readonly host: string;
  readonly port: number;
  readonly goApiBaseUrl: string;
  readonly tenantId: string;
  readonly tenantSecret: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly jwt: JwtSettings;
  /**
   * Public base URL of this proxy (e.g. https://toolbridge-mcp-staging.fly.dev). Never taken from a request: when
   * unset, the proxy must listen on loopback and is its own origin there (see publicBaseUrl).
   */
  readonly publicUrl: string | undefined;
  /**
   * OAuth authorization servers to publish in the protected-resource metadata. Empty: the proxy is not
   * OAuth-discoverable (no metadata document, a plain Bearer challenge); callers get tokens out of band.
   */
  readonly authorizationServers: readonly string[];
  /** Host header values /mcp accepts besides the public URL's host and loopback names (host[:port]) */
  readonly allowedHosts: readonly string[];
  /** browser origins allowed besides the proxy's own */
  readonly allowedOrigins: readonly string[];
  readonly maxBodyBytes: number;
  readonly goTimeoutMs: number;
  readonly goConnections: number;
  /** how long SIGTERM/SIGINT wait for in-flight calls (keep below Fly's kill_timeout) */
  readonly shutdownGraceMs: number;
  readonly hstsMaxAgeS: number;
  /**
   * Where Prometheus metrics are served (GET /metrics), on a listener of their own so they are never public by
   * accident; undefined: not served.
   */
  readonly metrics: { readonly host: string; readonly port: number } | undefined;
}

const MIN_SECRET_LENGTH = 32;
/** Loopback unless told otherwise: off loopback the proxy needs TOOLBRIDGE_PUBLIC_URL (see crossFieldProblems). */
const DEFAULT_HOST = '127.0.0.1';

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const list = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const httpUrl = (what: string) =>
  z
    .url({ protocol: /^https?$/, error: `${what} must be an http(s) URL` })
    .transform((v) => v.replace(/\/+$/, ''));

const intInRange = (min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? String(fallback) : v.trim()))
    .pipe(
      z
        .string()
        .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
        .transform(Number)
        .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`)),
    );

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = z
  .object({
    TOOLBRIDGE_HOST: optionalText.transform((v) => v ?? DEFAULT_HOST),
    TOOLBRIDGE_PORT: intInRange(0, 65535, 8001),
    TOOLBRIDGE_GO_API_BASE_URL: optionalText.pipe(httpUrl('TOOLBRIDGE_GO_API_BASE_URL').optional()),
    TOOLBRIDGE_TENANT_ID: optionalText.pipe(z.string({ error: 'is required (the X-TB-Tenant-ID sent to the Go API)' })),
    TOOLBRIDGE_TENANT_HEADER_SECRET: optionalText.pipe(
      z
        .string({ error: "is required and must equal the Go API's TENANT_HEADER_SECRET" })
        .min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters (generate with: openssl rand -hex 32)`),
    ),
    TOOLBRIDGE_LOG_LEVEL: z
      .string()
      .default('info')
      .transform((v) => (v.toLowerCase() === 'warning' ? 'warn' : v.toLowerCase()))
      .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
    TOOLBRIDGE_JWT_HS256_SECRET: optionalText.pipe(
      z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters (generate with: openssl rand -hex 32)`).optional(),
    ),
    TOOLBRIDGE_JWKS_URL: optionalText.pipe(httpUrl('TOOLBRIDGE_JWKS_URL').optional()),
    TOOLBRIDGE_JWT_ISSUER: optionalText,
    TOOLBRIDGE_JWT_AUDIENCE: optionalText,
    TOOLBRIDGE_JWT_ALGORITHMS: list,
    TOOLBRIDGE_JWT_CLOCK_TOLERANCE_S: intInRange(0, 300, 5),
    TOOLBRIDGE_JWT_TOKEN: optionalText,
    TOOLBRIDGE_PUBLIC_URL: optionalText.pipe(httpUrl('TOOLBRIDGE_PUBLIC_URL').optional()),
    TOOLBRIDGE_AUTHORIZATION_SERVERS: list,
    TOOLBRIDGE_ALLOWED_ORIGINS: list,
    TOOLBRIDGE_ALLOWED_HOSTS: list,
    TOOLBRIDGE_MAX_BODY_BYTES: intInRange(1024, 16 * 1024 * 1024, 1024 * 1024),
    TOOLBRIDGE_GO_TIMEOUT_MS: intInRange(100, 120_000, 10_000),
    TOOLBRIDGE_GO_CONNECTIONS: intInRange(1, 1024, 64),
    TOOLBRIDGE_SHUTDOWN_GRACE_MS: intInRange(0, 290_000, 20_000),
    TOOLBRIDGE_HSTS_MAX_AGE_S: intInRange(0, 63_072_000, 31_536_000),
    TOOLBRIDGE_METRICS_PORT: optionalText.pipe(
      z.string().regex(/^\d+$/, 'must be a port number (0-65535)').transform(Number).pipe(z.number().int().max(65535, 'must be at most 65535')).optional(),
    ),
    TOOLBRIDGE_METRICS_HOST: optionalText.transform((v) => v ?? DEFAULT_HOST),
  });

/**
 * Checks across variables, on the raw environment so they are reported together with per-variable problems
 * (zod skips refinements once a field fails).
 */
function crossFieldProblems(env: Readonly<Record<string, string | undefined>>): string[] {
  const set = (name: string) => (env[name] ?? '').trim() !== '';
  const problems: string[] = [];
  if (set('TOOLBRIDGE_JWT_TOKEN')) {
    problems.push(
      'TOOLBRIDGE_JWT_TOKEN: is not supported: every MCP caller must send its own bearer token (there is no shared-token or unauthenticated mode)',
    );
  }
  if (!set('TOOLBRIDGE_JWT_HS256_SECRET') && !set('TOOLBRIDGE_JWKS_URL')) {
    problems.push(
      'TOOLBRIDGE_JWT_HS256_SECRET: set TOOLBRIDGE_JWT_HS256_SECRET (HS256) or TOOLBRIDGE_JWKS_URL (RS256): the proxy never runs unauthenticated',
    );
  }
  const items = (name: string) => (env[name] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const alg of items('TOOLBRIDGE_JWT_ALGORITHMS')) {
    if (!/^(HS|RS|PS|ES)(256|384|512)$|^EdDSA$/.test(alg)) problems.push(`TOOLBRIDGE_JWT_ALGORITHMS: unsupported algorithm "${alg}"`);
  }
  const host = (env.TOOLBRIDGE_HOST ?? '').trim() || DEFAULT_HOST;
  if (!set('TOOLBRIDGE_PUBLIC_URL') && !isLoopbackHost(host)) {
    problems.push(
      `TOOLBRIDGE_PUBLIC_URL: is required when TOOLBRIDGE_HOST (${host}) is not a loopback address: the URL clients use ` +
        '(e.g. https://toolbridge-mcp-staging.fly.dev). The proxy never takes its own origin from request headers',
    );
  }
  for (const server of items('TOOLBRIDGE_AUTHORIZATION_SERVERS')) {
    if (!isHttpsUrl(server)) problems.push(`TOOLBRIDGE_AUTHORIZATION_SERVERS: "${server}" is not an https:// issuer URL (RFC 8414)`);
  }
  for (const allowed of items('TOOLBRIDGE_ALLOWED_HOSTS')) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(allowed)) problems.push(`TOOLBRIDGE_ALLOWED_HOSTS: "${allowed}" is not a host[:port]`);
  }
  const metricsPort = (env.TOOLBRIDGE_METRICS_PORT ?? '').trim();
  const port = (env.TOOLBRIDGE_PORT ?? '').trim() || '8001';
  if (metricsPort !== '' && metricsPort !== '0' && Number(metricsPort) === Number(port)) {
    problems.push(`TOOLBRIDGE_METRICS_PORT: must differ from TOOLBRIDGE_PORT (${port}): metrics are served on a port of their own, never next to /mcp`);
  }
  if (metricsPort === '' && set('TOOLBRIDGE_METRICS_HOST')) {
    problems.push('TOOLBRIDGE_METRICS_HOST: is set but TOOLBRIDGE_METRICS_PORT is not: metrics are served only on a configured port');
  }
  for (const origin of items('TOOLBRIDGE_ALLOWED_ORIGINS')) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) {
      problems.push(`TOOLBRIDGE_ALLOWED_ORIGINS: "${origin}" is not an origin (scheme://host[:port], no path)`);
    }
  }
  return problems;
}

/** Addresses only this machine can reach: binding there needs no configured public URL. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

const isHttpsUrl = (value: string) => URL.canParse(value) && new URL(value).protocol === 'https:';

/**
 * The proxy's own base URL: the configured public URL, else the loopback address it listens on. It is what the
 * Origin check compares with and what the 401 challenge and the metadata document name.
 */
export function publicBaseUrl(config: Pick<ProxyConfig, 'publicUrl' | 'host'>, port: number): string {
  if (config.publicUrl) return config.publicUrl;
  const host = config.host.includes(':') ? `[${config.host.replace(/^\[|\]$/g, '')}]` : config.host;
  return `http://${host}:${port}`;
}

export class ProxyConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid proxy configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ProxyConfigError';
  }
}

function defaultAlgorithms(hs256Secret: string | undefined, jwksUrl: string | undefined): string[] {
  const algorithms: string[] = [];
  if (hs256Secret) algorithms.push('HS256');
  if (jwksUrl) algorithms.push('RS256');
  return algorithms;
}

export function loadProxyConfig(env: Readonly<Record<string, string | undefined>>): ProxyConfig {
  const parsed = EnvSchema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`)),
    ...crossFieldProblems(env),
  ];
  if (!parsed.success || problems.length > 0) throw new ProxyConfigError(problems);
  const e = parsed.data;
  const algorithms = e.TOOLBRIDGE_JWT_ALGORITHMS.length > 0 ? e.TOOLBRIDGE_JWT_ALGORITHMS : defaultAlgorithms(e.TOOLBRIDGE_JWT_HS256_SECRET, e.TOOLBRIDGE_JWKS_URL);
  // an issuer that is an https URL is an authorization server clients can discover (RFC 8414); any other issuer
  // string (or none) leaves the proxy not OAuth-discoverable rather than publishing metadata MCP clients cannot use
  const issuer = e.TOOLBRIDGE_JWT_ISSUER;
  const authorizationServers =
    e.TOOLBRIDGE_AUTHORIZATION_SERVERS.length > 0 ? e.TOOLBRIDGE_AUTHORIZATION_SERVERS : issuer && isHttpsUrl(issuer) ? [issuer] : [];
  return {
    host: e.TOOLBRIDGE_HOST,
    port: e.TOOLBRIDGE_PORT,
    goApiBaseUrl: e.TOOLBRIDGE_GO_API_BASE_URL ?? 'http://localhost:8081',
    tenantId: e.TOOLBRIDGE_TENANT_ID,
    tenantSecret: e.TOOLBRIDGE_TENANT_HEADER_SECRET,
    logLevel: e.TOOLBRIDGE_LOG_LEVEL,
    jwt: {
      hs256Secret: e.TOOLBRIDGE_JWT_HS256_SECRET,
      jwksUrl: e.TOOLBRIDGE_JWKS_URL,
      issuer: e.TOOLBRIDGE_JWT_ISSUER,
      audience: e.TOOLBRIDGE_JWT_AUDIENCE,
      algorithms,
      clockToleranceS: e.TOOLBRIDGE_JWT_CLOCK_TOLERANCE_S,
    },
    publicUrl: e.TOOLBRIDGE_PUBLIC_URL,
    authorizationServers,
    allowedOrigins: e.TOOLBRIDGE_ALLOWED_ORIGINS,
    allowedHosts: e.TOOLBRIDGE_ALLOWED_HOSTS.map((h) => h.toLowerCase()),
    maxBodyBytes: e.TOOLBRIDGE_MAX_BODY_BYTES,
    goTimeoutMs: e.TOOLBRIDGE_GO_TIMEOUT_MS,
    goConnections: e.TOOLBRIDGE_GO_CONNECTIONS,
    shutdownGraceMs: e.TOOLBRIDGE_SHUTDOWN_GRACE_MS,
    hstsMaxAgeS: e.TOOLBRIDGE_HSTS_MAX_AGE_S,
    metrics: e.TOOLBRIDGE_METRICS_PORT === undefined ? undefined : { host: e.TOOLBRIDGE_METRICS_HOST, port: e.TOOLBRIDGE_METRICS_PORT },
  };
}
