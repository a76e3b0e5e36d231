/**
 * How the local stack is wired, for every way it is started (in-process for `verify` and the proofs, with the proxy
 * in a process of its own for `load` and `bench`): freshly generated secrets shared by both sides, production mode,
 * issuer and audience enforced by the proxy; and the target the harness sees.
 */
import type { TargetSpec } from '../../framework/target/spec.js';
import { describeFaults, type GoApiFaults } from '../go-api/faults.js';
import { randomSecret } from '../identities/tokens.js';

export interface StackSecrets {
  readonly jwtSecret: string;
  readonly tenantId: string;
  readonly tenantSecret: string;
  readonly issuer: string;
  readonly audience: string;
}

/** The Go API requires iss = https://<AUTH0_DOMAIN>/ when AUTH0 is on; the same issuer is used in both modes. */
const AUTH0_DOMAIN = 'auth.toolbridge.local';

export function newStackSecrets(overrides: Partial<StackSecrets> = {}): StackSecrets {
  return {
    jwtSecret: randomSecret(),
    tenantId: 'local-tenant',
    tenantSecret: randomSecret(),
    issuer: `https://${AUTH0_DOMAIN}/`,
    audience: 'toolbridge-mcp',
    ...overrides,
  };
}

/** The stand-in's environment, as the real Go API is configured; `jwksUrl` turns on AUTH0 (RS256 callers). */
export function goApiEnvironment(secrets: StackSecrets, options: { readonly jwksUrl?: string; readonly faults?: GoApiFaults } = {}): Record<string, string> {
  return {
    HTTP_ADDR: '127.0.0.1:0',
    JWT_HS256_SECRET: secrets.jwtSecret,
    TENANT_HEADER_SECRET: secrets.tenantSecret,
    STANDIN_FAULTS: describeFaults(options.faults ?? {}).join(','),
    ...(options.jwksUrl ? { AUTH0_DOMAIN, AUTH0_AUDIENCE: secrets.audience, JWKS_URL: options.jwksUrl } : {}),
  };
}

/** The proxy's environment on loopback; `publicUrl` when it stands behind the TLS edge, `jwksUrl` for RS256 callers. */
export function proxyEnvironment(
  secrets: StackSecrets,
  options: { readonly goApiUrl: string; readonly jwksUrl?: string; readonly publicUrl?: string },
): Record<string, string> {
  return {
    TOOLBRIDGE_HOST: '127.0.0.1',
    TOOLBRIDGE_PORT: '0',
    TOOLBRIDGE_GO_API_BASE_URL: options.goApiUrl,
    TOOLBRIDGE_TENANT_ID: secrets.tenantId,
    TOOLBRIDGE_TENANT_HEADER_SECRET: secrets.tenantSecret,
    ...(options.jwksUrl ? { TOOLBRIDGE_JWKS_URL: options.jwksUrl } : { TOOLBRIDGE_JWT_HS256_SECRET: secrets.jwtSecret }),
    TOOLBRIDGE_JWT_ISSUER: secrets.issuer,
    TOOLBRIDGE_JWT_AUDIENCE: secrets.audience,
    TOOLBRIDGE_LOG_LEVEL: 'info',
    TOOLBRIDGE_SHUTDOWN_GRACE_MS: '5000',
    // metrics on a listener of their own, as in production (fly.production.toml)
    TOOLBRIDGE_METRICS_PORT: '0',
    ...(options.publicUrl ? { TOOLBRIDGE_PUBLIC_URL: options.publicUrl } : {}),
  };
}

export interface StackParts {
  readonly secrets: StackSecrets;
  /** where callers reach the proxy (the edge, when there is one) */
  readonly publicUrl: string;
  readonly goApiUrl: string;
  readonly edge?: { readonly httpUrl: string; readonly caPem: string } | undefined;
  readonly jwks?: { readonly privateKeyPem: string; readonly kid: string } | undefined;
  /** the proxy's Prometheus endpoint, when it serves one */
  readonly metricsUrl?: string | undefined;
}

/** The stack as a target of the harness. */
export function localTargetSpec(parts: StackParts, runId: string): TargetSpec {
  const { secrets, publicUrl, edge, jwks } = parts;
  return {
    name: 'local',
    proxyUrl: publicUrl,
    mcpUrl: `${publicUrl}/mcp`,
    goApiUrl: parts.goApiUrl,
    tenantId: secrets.tenantId,
    tenantSecret: secrets.tenantSecret,
    jwt: jwks ? { kind: 'rs256', privateKeyPem: jwks.privateKeyPem, kid: jwks.kid } : { kind: 'hs256', secret: secrets.jwtSecret },
    issuer: secrets.issuer,
    audience: secrets.audience,
    runId,
    local: true,
    ...(edge ? { httpUrl: edge.httpUrl, caCertPem: edge.caPem } : {}),
    ...(parts.metricsUrl ? { metricsUrl: parts.metricsUrl } : {}),
  };
}
