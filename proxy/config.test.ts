import { describe, expect, it } from 'vitest';
import { loadProxyConfig, ProxyConfigError, publicBaseUrl } from './config.js';

const VALID = {
  TOOLBRIDGE_TENANT_ID: 'acme',
  TOOLBRIDGE_TENANT_HEADER_SECRET: 't'.repeat(64),
  TOOLBRIDGE_JWT_HS256_SECRET: 'j'.repeat(64),
};

function problems(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadProxyConfig(env);
  } catch (error) {
    if (error instanceof ProxyConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('proxy config', () => {
  it('applies upstream-compatible defaults', () => {
    const config = loadProxyConfig(VALID);
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8001,
      goApiBaseUrl: 'http://localhost:8081',
      logLevel: 'info',
      maxBodyBytes: 1024 * 1024,
      shutdownGraceMs: 20_000,
      jwt: { algorithms: ['HS256'], clockToleranceS: 5, issuer: undefined, audience: undefined },
      authorizationServers: [],
    });
  });

  it('accepts upstream log level spellings', () => {
    expect(loadProxyConfig({ ...VALID, TOOLBRIDGE_LOG_LEVEL: 'INFO' }).logLevel).toBe('info');
    expect(loadProxyConfig({ ...VALID, TOOLBRIDGE_LOG_LEVEL: 'WARNING' }).logLevel).toBe('warn');
  });

  it('derives algorithms and authorization servers', () => {
    const config = loadProxyConfig({
      ...VALID,
      TOOLBRIDGE_JWKS_URL: 'https://auth.example/.well-known/jwks.json',
      TOOLBRIDGE_JWT_ISSUER: 'https://auth.example/',
      TOOLBRIDGE_GO_API_BASE_URL: 'http://go.internal:8081/',
    });
    expect(config.jwt.algorithms).toEqual(['HS256', 'RS256']);
    expect(config.authorizationServers).toEqual(['https://auth.example/']);
    expect(config.goApiBaseUrl).toBe('http://go.internal:8081');
  });

  it('names every problem at once', () => {
    const found = problems({
      TOOLBRIDGE_PORT: 'eighty',
      TOOLBRIDGE_TENANT_HEADER_SECRET: 'short',
      TOOLBRIDGE_GO_API_BASE_URL: 'ftp://nope',
      TOOLBRIDGE_LOG_LEVEL: 'loud',
      TOOLBRIDGE_JWT_TOKEN: 'shared',
      TOOLBRIDGE_ALLOWED_ORIGINS: 'https://ok.example,https://bad.example/path',
      TOOLBRIDGE_JWT_ALGORITHMS: 'none',
    });
    const text = found.join('\n');
    for (const name of [
      'TOOLBRIDGE_PORT',
      'TOOLBRIDGE_TENANT_ID',
      'TOOLBRIDGE_TENANT_HEADER_SECRET',
      'TOOLBRIDGE_GO_API_BASE_URL',
      'TOOLBRIDGE_LOG_LEVEL',
      'TOOLBRIDGE_JWT_TOKEN',
      'TOOLBRIDGE_JWT_HS256_SECRET',
      'TOOLBRIDGE_ALLOWED_ORIGINS',
      'TOOLBRIDGE_JWT_ALGORITHMS',
    ]) {
      expect(text).toContain(name);
    }
    expect(found.length).toBeGreaterThanOrEqual(9);
  });

  it('has no unauthenticated or shared-token mode', () => {
    const { TOOLBRIDGE_JWT_HS256_SECRET: _secret, ...noAuth } = VALID;
    expect(problems(noAuth).join()).toMatch(/never runs unauthenticated/);
    expect(problems({ ...VALID, TOOLBRIDGE_JWT_TOKEN: 'eyJ.shared.token' }).join()).toMatch(/own bearer token/);
  });

  it('refuses weak secrets and out-of-range numbers', () => {
    expect(problems({ ...VALID, TOOLBRIDGE_JWT_HS256_SECRET: 'secret' }).join()).toMatch(/at least 32 characters/);
    expect(problems({ ...VALID, TOOLBRIDGE_PORT: '70000' }).join()).toMatch(/at most 65535/);
    expect(problems({ ...VALID, TOOLBRIDGE_SHUTDOWN_GRACE_MS: '-1' }).join()).toMatch(/whole number/);
  });

  it('never echoes secret values in its messages', () => {
    const secret = 'do-not-print-me';
    const text = problems({ TOOLBRIDGE_TENANT_HEADER_SECRET: secret, TOOLBRIDGE_JWT_HS256_SECRET: secret }).join('\n');
    expect(text).not.toContain(secret);
  });

  it('never takes its own origin from requests: off loopback it needs TOOLBRIDGE_PUBLIC_URL', () => {
    expect(problems({ ...VALID, TOOLBRIDGE_HOST: '0.0.0.0' })).toEqual([expect.stringMatching(/^TOOLBRIDGE_PUBLIC_URL: is required when TOOLBRIDGE_HOST \(0\.0\.0\.0\) is not a loopback address/)]);
    expect(problems({ ...VALID, TOOLBRIDGE_HOST: '0.0.0.0', TOOLBRIDGE_PUBLIC_URL: 'https://mcp.example.com' })).toEqual([]);
    for (const host of ['127.0.0.1', '::1', 'localhost']) expect(problems({ ...VALID, TOOLBRIDGE_HOST: host }), host).toEqual([]);
    expect(publicBaseUrl(loadProxyConfig(VALID), 8123)).toBe('http://127.0.0.1:8123');
    expect(publicBaseUrl(loadProxyConfig({ ...VALID, TOOLBRIDGE_HOST: '::1' }), 8123)).toBe('http://[::1]:8123');
    expect(publicBaseUrl(loadProxyConfig({ ...VALID, TOOLBRIDGE_HOST: '0.0.0.0', TOOLBRIDGE_PUBLIC_URL: 'https://mcp.example.com/' }), 8123)).toBe('https://mcp.example.com');
  });

  it('is OAuth-discoverable only with an https authorization server', () => {
    expect(loadProxyConfig(VALID).authorizationServers).toEqual([]);
    expect(loadProxyConfig({ ...VALID, TOOLBRIDGE_JWT_ISSUER: 'toolbridge' }).authorizationServers).toEqual([]);
    expect(loadProxyConfig({ ...VALID, TOOLBRIDGE_JWT_ISSUER: 'https://auth.example.com/' }).authorizationServers).toEqual(['https://auth.example.com/']);
    expect(problems({ ...VALID, TOOLBRIDGE_AUTHORIZATION_SERVERS: 'http://auth.example.com,nope' })).toEqual([
      'TOOLBRIDGE_AUTHORIZATION_SERVERS: "http://auth.example.com" is not an https:// issuer URL (RFC 8414)',
      'TOOLBRIDGE_AUTHORIZATION_SERVERS: "nope" is not an https:// issuer URL (RFC 8414)',
    ]);
  });

  it('takes extra allowed hosts as host[:port]', () => {
    expect(loadProxyConfig({ ...VALID, TOOLBRIDGE_ALLOWED_HOSTS: 'MCP.Example.com, [::1]:8001' }).allowedHosts).toEqual(['mcp.example.com', '[::1]:8001']);
    expect(problems({ ...VALID, TOOLBRIDGE_ALLOWED_HOSTS: 'https://x.example' })).toEqual(['TOOLBRIDGE_ALLOWED_HOSTS: "https://x.example" is not a host[:port]']);
  });
});

describe('metrics listener', () => {
  it('is off unless TOOLBRIDGE_METRICS_PORT is set, and on loopback unless told otherwise', () => {
    expect(loadProxyConfig(VALID).metrics).toBeUndefined();
    expect(loadProxyConfig({ ...VALID, TOOLBRIDGE_METRICS_PORT: '9091' }).metrics).toEqual({ host: '127.0.0.1', port: 9091 });
    expect(loadProxyConfig({ ...VALID, TOOLBRIDGE_METRICS_PORT: '9091', TOOLBRIDGE_METRICS_HOST: '::' }).metrics).toEqual({ host: '::', port: 9091 });
  });

  it.each([
    [{ TOOLBRIDGE_METRICS_PORT: '8001' }, /TOOLBRIDGE_METRICS_PORT: must differ from TOOLBRIDGE_PORT/],
    [{ TOOLBRIDGE_PORT: '9000', TOOLBRIDGE_METRICS_PORT: '9000' }, /TOOLBRIDGE_METRICS_PORT: must differ/],
    [{ TOOLBRIDGE_METRICS_PORT: 'nine' }, /TOOLBRIDGE_METRICS_PORT: must be a port number/],
    [{ TOOLBRIDGE_METRICS_PORT: '70000' }, /TOOLBRIDGE_METRICS_PORT: must be at most 65535/],
    [{ TOOLBRIDGE_METRICS_HOST: '::' }, /TOOLBRIDGE_METRICS_HOST: is set but TOOLBRIDGE_METRICS_PORT is not/],
  ])('refuses %j', (env, message) => {
    expect(problems({ ...VALID, ...env }).join('\n')).toMatch(message);
  });
});
