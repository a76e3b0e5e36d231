import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProxyConfig } from '../proxy/config.js';
import { startProxy, type ProxyHandle } from '../proxy/start.js';
import { SERVICE_NAME } from '../proxy/version.js';
import { checkFlyConfig, flyEnv, parseDurationMs, parseMemoryMb, proxyConfigFromFly, type FlyCheckContext, type FlyFinding } from './fly-config.js';
import { DUMMY_SECRETS, REPO_ROOT, proxyShutdownSignals } from './proxy-facts.js';
import { freePort } from './testing/net.js';

/** Parsed TOML; `any` so the mutations below can reach into nested tables. */
type Doc = Record<string, any>;

const TOML_TEXT = readFileSync(join(REPO_ROOT, 'fly.staging.toml'), 'utf8');
/** A fresh parse each time, so mutations never leak between cases. */
const flyToml = (): Doc => parse(TOML_TEXT) as Doc;

let proxy: ProxyHandle;
let ctx: FlyCheckContext;

beforeAll(async () => {
  // The proxy as a Machine of this app would configure it ([env] + secrets), except: an ephemeral loopback port
  // (internal_port is checked separately against the [env] value) and a Go URL on a closed local port, so the test
  // sends nothing to staging and /readyz reports the Go API as unreachable.
  const config = loadProxyConfig({
    ...flyEnv(flyToml()),
    ...DUMMY_SECRETS,
    TOOLBRIDGE_HOST: '127.0.0.1',
    TOOLBRIDGE_PORT: '0',
    TOOLBRIDGE_GO_API_BASE_URL: `http://127.0.0.1:${await freePort()}`,
    TOOLBRIDGE_LOG_LEVEL: 'silent',
  });
  proxy = await startProxy({ config });
  ctx = {
    handledSignals: proxyShutdownSignals(),
    secrets: DUMMY_SECRETS,
    // like Fly's checker: straight to the Machine, no credentials, redirects not followed
    probe: async (path, headers) => (await fetch(`${proxy.url}${path}`, { headers, redirect: 'manual' })).status,
    fileExists: (path) => existsSync(join(REPO_ROOT, path)),
  };
});

afterAll(async () => {
  await proxy?.close();
});

const ids = (findings: readonly FlyFinding[]) => [...new Set(findings.map((f) => f.id))].sort();

describe('fly.staging.toml against the real proxy', () => {
  it('passes every check', async () => {
    expect(await checkFlyConfig(flyToml(), ctx)).toEqual([]);
  });

  it('routes to the port loadProxyConfig resolves from [env]', () => {
    const doc = flyToml();
    expect(doc.http_service.internal_port).toBe(proxyConfigFromFly(doc, DUMMY_SECRETS).port);
    expect(doc.http_service.internal_port).toBe(8001);
  });

  it('health-checks a route the running proxy answers 200 without credentials', async () => {
    const [check] = flyToml().http_service.checks as Doc[];
    const response = await fetch(`${proxy.url}${check!.path}`, { redirect: 'manual' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { service: string }).service).toBe(SERVICE_NAME);
  });

  it('stops the Machine with a signal the proxy drains on, and waits longer than the drain', () => {
    const doc = flyToml();
    expect(proxyShutdownSignals()).toContain(doc.kill_signal);
    const drainMs = proxyConfigFromFly(doc, DUMMY_SECRETS).shutdownGraceMs;
    expect(drainMs).toBe(20_000);
    expect(parseDurationMs(doc.kill_timeout, 's')).toBeGreaterThan(drainMs);
  });

  it('keeps secrets out of [env]: they come from `fly secrets set`', () => {
    const env = flyEnv(flyToml());
    for (const name of Object.keys(env)) expect(name).not.toMatch(/SECRET|TOKEN|PASSWORD|KEY/i);
    for (const name of Object.keys(DUMMY_SECRETS)) expect(env).not.toHaveProperty(name);
  });
});

/** One defect each on a copy of the parsed file: the named check must fire. */
const MUTATIONS: readonly { id: string; defect: string; apply: (doc: Doc) => void }[] = [
  { id: 'FLY001', defect: 'no app name', apply: (d) => delete d.app },
  { id: 'FLY001', defect: 'no primary region', apply: (d) => delete d.primary_region },
  { id: 'FLY002', defect: 'default Dockerfile (does not exist)', apply: (d) => (d.build.dockerfile = 'Dockerfile') },
  { id: 'FLY003', defect: 'tenant secret in [env]', apply: (d) => (d.env.TOOLBRIDGE_TENANT_HEADER_SECRET = 'f'.repeat(64)) },
  { id: 'FLY003', defect: 'JWT secret in [env]', apply: (d) => (d.env.TOOLBRIDGE_JWT_HS256_SECRET = 'not-really-secret-but-named-so-0123456789') },
  { id: 'FLY003', defect: 'credentials inside a URL', apply: (d) => (d.env.TOOLBRIDGE_GO_API_BASE_URL = 'https://admin:hunter2@toolbridge-api-staging.fly.dev') },
  { id: 'FLY003', defect: 'a non-string [env] value', apply: (d) => (d.env.TOOLBRIDGE_PORT = 8001) },
  { id: 'FLY004', defect: 'an [env] value the proxy rejects', apply: (d) => (d.env.TOOLBRIDGE_LOG_LEVEL = 'loud') },
  { id: 'FLY005', defect: 'internal_port differs', apply: (d) => (d.http_service.internal_port = 8080) },
  { id: 'FLY005', defect: '[env] moves the proxy to another port', apply: (d) => (d.env.TOOLBRIDGE_PORT = '9000') },
  { id: 'FLY006', defect: 'proxy bound to loopback', apply: (d) => (d.env.TOOLBRIDGE_HOST = '127.0.0.1') },
  { id: 'FLY007', defect: 'no health check', apply: (d) => delete d.http_service.checks },
  { id: 'FLY007', defect: 'checks /readyz (503 while Go is down)', apply: (d) => (d.http_service.checks[0].path = '/readyz') },
  { id: 'FLY007', defect: 'checks /mcp (needs POST and a token)', apply: (d) => (d.http_service.checks[0].path = '/mcp') },
  { id: 'FLY007', defect: 'checks a path the proxy does not serve', apply: (d) => (d.http_service.checks[0].path = '/health') },
  { id: 'FLY007', defect: 'POST check', apply: (d) => (d.http_service.checks[0].method = 'POST') },
  { id: 'FLY007', defect: 'timeout not shorter than interval', apply: (d) => (d.http_service.checks[0].timeout = '20s') },
  { id: 'FLY007', defect: 'no grace period', apply: (d) => delete d.http_service.checks[0].grace_period },
  { id: 'FLY007', defect: 'check sends credentials', apply: (d) => (d.http_service.checks[0].headers = { Authorization: 'Bearer x' }) },
  { id: 'FLY008', defect: 'kill_signal the proxy ignores', apply: (d) => (d.kill_signal = 'SIGQUIT') },
  { id: 'FLY009', defect: 'kill_timeout equal to the drain', apply: (d) => (d.kill_timeout = '20s') },
  { id: 'FLY009', defect: "Fly's 5 s default kill_timeout", apply: (d) => delete d.kill_timeout },
  { id: 'FLY009', defect: 'drain raised past kill_timeout', apply: (d) => (d.env.TOOLBRIDGE_SHUTDOWN_GRACE_MS = '45000') },
  { id: 'FLY009', defect: "kill_timeout above Fly's 300 s maximum", apply: (d) => (d.kill_timeout = '301s') },
  { id: 'FLY010', defect: 'force_https off', apply: (d) => (d.http_service.force_https = false) },
  { id: 'FLY011', defect: 'TLS 1.1 allowed', apply: (d) => (d.http_service.tls_options.versions = ['TLSv1.1', 'TLSv1.2', 'TLSv1.3']) },
  { id: 'FLY011', defect: 'TLS versions left to defaults', apply: (d) => delete d.http_service.tls_options },
  { id: 'FLY012', defect: 'a Machine always running', apply: (d) => (d.http_service.min_machines_running = 1) },
  { id: 'FLY012', defect: 'auto stop off', apply: (d) => (d.http_service.auto_stop_machines = 'off') },
  { id: 'FLY012', defect: 'auto start off (stopped Machines never return)', apply: (d) => (d.http_service.auto_start_machines = false) },
  { id: 'FLY013', defect: '256 MB', apply: (d) => (d.vm[0].memory = '256mb') },
  { id: 'FLY013', defect: '2 CPUs', apply: (d) => (d.vm[0].cpus = 2) },
  { id: 'FLY013', defect: 'performance CPU', apply: (d) => (d.vm[0].cpu_kind = 'performance') },
  { id: 'FLY014', defect: 'connection-based concurrency', apply: (d) => (d.http_service.concurrency.type = 'connections') },
  { id: 'FLY014', defect: 'soft limit not below hard limit', apply: (d) => (d.http_service.concurrency.soft_limit = 128) },
  { id: 'FLY015', defect: 'immediate strategy (no health gating)', apply: (d) => (d.deploy.strategy = 'immediate') },
  { id: 'FLY016', defect: 'public URL over http', apply: (d) => (d.env.TOOLBRIDGE_PUBLIC_URL = 'http://toolbridge-mcp-staging.fly.dev') },
  { id: 'FLY016', defect: "public URL of another app", apply: (d) => (d.env.TOOLBRIDGE_PUBLIC_URL = 'https://toolbridge-mcp.fly.dev') },
];

describe('each fly.toml check fires on its defect', () => {
  it.each(MUTATIONS)('$id: $defect', async ({ id, apply }) => {
    const doc = flyToml();
    apply(doc);
    expect(ids(await checkFlyConfig(doc, ctx))).toContain(id);
  });

  it('every check has at least one defect that trips it', () => {
    const source = readFileSync(join(REPO_ROOT, 'deploy/fly-config.ts'), 'utf8');
    const declared = [...new Set([...source.matchAll(/'(FLY\d{3})'/g)].map((m) => m[1]!))].sort();
    expect(declared.length).toBeGreaterThan(10);
    expect(declared.filter((id) => !MUTATIONS.some((m) => m.id === id))).toEqual([]);
  });
});

describe('fly.toml value parsing', () => {
  it.each([
    ['30s', 's', 30_000],
    [30, 's', 30_000],
    ['1m30s', 's', 90_000],
    ['500ms', 'ms', 500],
    [5000, 'ms', 5000],
    ['soon', 's', undefined],
    ['30', 's', undefined],
  ] as const)('duration %j (bare numbers in %s) is %j ms', (value, unit, ms) => {
    expect(parseDurationMs(value, unit)).toBe(ms);
  });

  it.each([
    ['512mb', 512],
    ['512MB', 512],
    ['1gb', 1024],
    [512, 512],
    ['lots', undefined],
  ] as const)('memory %j is %j MB', (value, mb) => {
    expect(parseMemoryMb(value)).toBe(mb);
  });
});
