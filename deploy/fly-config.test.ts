import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAME } from '../proxy/version.js';
import {
  BENCH_PROXY_CPU_MS_PER_CALL,
  checkFlyConfig,
  flyEnv,
  maxHardLimit,
  parseDurationMs,
  parseMemoryMb,
  PRODUCTION_EXPECTATIONS,
  proxyConfigFromFly,
  STAGING_EXPECTATIONS,
  type FlyExpectations,
  type FlyFinding,
} from './fly-config.js';
import { DUMMY_SECRETS, REPO_ROOT, proxyShutdownSignals } from './proxy-facts.js';
import { startFlyMachine, type FlyMachine } from './testing/fly-machine.js';

/** Parsed TOML; `any` so the mutations below can reach into nested tables. */
type Doc = Record<string, any>;

interface AppFile {
  readonly file: string;
  readonly expect: FlyExpectations;
}

const APPS: readonly AppFile[] = [
  { file: 'fly.staging.toml', expect: STAGING_EXPECTATIONS },
  { file: 'fly.production.toml', expect: PRODUCTION_EXPECTATIONS },
];

/** A fresh parse each time, so mutations never leak between cases. */
const parsed = (file: string): Doc => parse(readFileSync(join(REPO_ROOT, file), 'utf8')) as Doc;

const machines = new Map<string, FlyMachine>();
beforeAll(async () => {
  for (const app of APPS) machines.set(app.file, await startFlyMachine(parsed(app.file), app.expect));
});
afterAll(async () => {
  for (const { proxy } of machines.values()) await proxy.close();
});
const contextOf = (file: string) => machines.get(file)!.ctx;

const ids = (findings: readonly FlyFinding[]) => [...new Set(findings.map((f) => f.id))].sort();

describe.each(APPS)('$file against the real proxy', (app) => {
  const doc = () => parsed(app.file);

  it('passes every check', async () => {
    expect(await checkFlyConfig(doc(), contextOf(app.file))).toEqual([]);
  });

  it('routes to the port loadProxyConfig resolves from [env]', () => {
    expect(doc().http_service.internal_port).toBe(proxyConfigFromFly(doc(), DUMMY_SECRETS).port);
    expect(doc().http_service.internal_port).toBe(8001);
  });

  it('health-checks a route the running proxy answers 200 without credentials', async () => {
    const [check] = doc().http_service.checks as Doc[];
    const response = await fetch(`${machines.get(app.file)!.proxy.url}${check!.path}`, { redirect: 'manual' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { service: string }).service).toBe(SERVICE_NAME);
  });

  it('stops the Machine with a signal the proxy drains on, and waits longer than the drain', () => {
    expect(proxyShutdownSignals()).toContain(doc().kill_signal);
    const drainMs = proxyConfigFromFly(doc(), DUMMY_SECRETS).shutdownGraceMs;
    expect(drainMs).toBe(20_000);
    expect(parseDurationMs(doc().kill_timeout, 's')).toBeGreaterThan(drainMs);
  });

  it('keeps secrets out of [env]: they come from `fly secrets set`', () => {
    const env = flyEnv(doc());
    for (const name of Object.keys(env)) expect(name).not.toMatch(/SECRET|TOKEN|PASSWORD|KEY/i);
    for (const name of Object.keys(DUMMY_SECRETS)) expect(env).not.toHaveProperty(name);
  });

  it('has Fly scrape the metrics port, which the running proxy serves and the public port does not', async () => {
    const config = proxyConfigFromFly(doc(), DUMMY_SECRETS);
    expect(doc().metrics).toEqual({ port: config.metrics!.port, path: '/metrics' });
    const { proxy } = machines.get(app.file)!;
    expect((await fetch(proxy.metricsUrl!)).status).toBe(200);
    expect((await fetch(`${proxy.url}/metrics`)).status).toBe(404);
  });
});

describe('fly.production.toml: what production adds', () => {
  const doc = () => parsed('fly.production.toml');

  it('keeps a Machine running, on a dedicated CPU, replaced blue-green', () => {
    expect(doc().http_service.min_machines_running).toBeGreaterThanOrEqual(1);
    expect(doc().vm[0].cpu_kind).toBe('performance');
    expect(doc().deploy.strategy).toBe('bluegreen');
  });

  it('sizes its concurrency limits from the bench numbers recorded in docs/benchmarks.md', () => {
    const benchmarks = readFileSync(join(REPO_ROOT, 'docs/benchmarks.md'), 'utf8');
    const row = /^\| proxy CPU per call \|(.+)$/m.exec(benchmarks)?.[1] ?? '';
    const medians = [...row.matchAll(/(\d+\.\d+) ms \(/g)].map((m) => Number(m[1]));
    expect(medians.length).toBeGreaterThan(0);
    // the sizing uses the slowest recorded median, so the limits hold on a slow day too
    expect(BENCH_PROXY_CPU_MS_PER_CALL).toBe(Math.max(...medians));
    const { concurrency } = doc().http_service;
    expect(concurrency.hard_limit).toBeLessThanOrEqual(maxHardLimit(PRODUCTION_EXPECTATIONS.sizing!, doc().vm[0].cpus));
    expect(concurrency.soft_limit).toBeGreaterThanOrEqual(50);
    expect(Number(flyEnv(doc()).TOOLBRIDGE_GO_CONNECTIONS)).toBeGreaterThanOrEqual(concurrency.hard_limit);
  });

  it('differs from staging only where production must', () => {
    const staging = parsed('fly.staging.toml');
    const production = doc();
    expect(production.kill_timeout).toBe(staging.kill_timeout);
    expect(production.http_service.checks).toEqual(staging.http_service.checks);
    expect(production.http_service.tls_options).toEqual(staging.http_service.tls_options);
    expect(production.metrics).toEqual(staging.metrics);
  });
});

interface Mutation {
  readonly id: string;
  readonly defect: string;
  readonly apply: (doc: Doc) => void;
}

/** One defect each on a copy of either parsed file: the named check must fire. */
const MUTATIONS: readonly Mutation[] = [
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
  { id: 'FLY012', defect: 'auto start off (stopped Machines never return)', apply: (d) => (d.http_service.auto_start_machines = false) },
  { id: 'FLY013', defect: '256 MB', apply: (d) => (d.vm[0].memory = '256mb') },
  { id: 'FLY013', defect: '2 CPUs', apply: (d) => (d.vm[0].cpus = 2) },
  { id: 'FLY014', defect: 'connection-based concurrency', apply: (d) => (d.http_service.concurrency.type = 'connections') },
  { id: 'FLY014', defect: 'soft limit not below hard limit', apply: (d) => (d.http_service.concurrency.soft_limit = 128) },
  { id: 'FLY015', defect: 'immediate strategy (no health gating)', apply: (d) => (d.deploy.strategy = 'immediate') },
  { id: 'FLY016', defect: 'public URL over http', apply: (d) => (d.env.TOOLBRIDGE_PUBLIC_URL = d.env.TOOLBRIDGE_PUBLIC_URL.replace('https:', 'http:')) },
  { id: 'FLY016', defect: 'public URL of another app', apply: (d) => (d.env.TOOLBRIDGE_PUBLIC_URL = 'https://toolbridge-mcp.fly.dev') },
  { id: 'FLY017', defect: '[metrics] scrapes another port', apply: (d) => (d.metrics.port = 9092) },
  { id: 'FLY017', defect: '[metrics] scrapes another path', apply: (d) => (d.metrics.path = '/stats') },
  { id: 'FLY017', defect: 'metrics bound to loopback (the scraper cannot reach them)', apply: (d) => (d.env.TOOLBRIDGE_METRICS_HOST = '127.0.0.1') },
  { id: 'FLY017', defect: 'the proxy serves metrics nobody scrapes', apply: (d) => delete d.metrics },
  { id: 'FLY017', defect: '[metrics] without the proxy serving them', apply: (d) => delete d.env.TOOLBRIDGE_METRICS_PORT && delete d.env.TOOLBRIDGE_METRICS_HOST },
  {
    id: 'FLY017',
    defect: 'a service exposes the metrics port',
    apply: (d) => (d.services = [{ internal_port: 9091, protocol: 'tcp', ports: [{ port: 9091 }] }]),
  },
];

/** Defects only production's rules see. */
const PRODUCTION_MUTATIONS: readonly Mutation[] = [
  { id: 'FLY001', defect: 'an app not named toolbridge-mcp-production', apply: (d) => (d.app = 'toolbridge-mcp-prod') },
  { id: 'FLY012', defect: 'scales to zero (a cold start for production callers)', apply: (d) => (d.http_service.min_machines_running = 0) },
  { id: 'FLY013', defect: 'a shared CPU', apply: (d) => (d.vm[0].cpu_kind = 'shared') },
  { id: 'FLY015', defect: 'rolling strategy (a single Machine is replaced in place)', apply: (d) => (d.deploy.strategy = 'rolling') },
  { id: 'FLY017', defect: 'no metrics at all', apply: (d) => delete d.metrics && delete d.env.TOOLBRIDGE_METRICS_PORT && delete d.env.TOOLBRIDGE_METRICS_HOST },
  { id: 'FLY018', defect: 'hard_limit above what one CPU serves within 200 ms', apply: (d) => (d.http_service.concurrency.hard_limit = 500) },
  { id: 'FLY018', defect: 'soft_limit below the 50 concurrent users', apply: (d) => (d.http_service.concurrency.soft_limit = 25) },
  { id: 'FLY019', defect: "a Go pool smaller than hard_limit", apply: (d) => (d.env.TOOLBRIDGE_GO_CONNECTIONS = '64') },
  { id: 'FLY020', defect: 'debug logs in production', apply: (d) => (d.env.TOOLBRIDGE_LOG_LEVEL = 'debug') },
  { id: 'FLY020', defect: 'HSTS switched off', apply: (d) => (d.env.TOOLBRIDGE_HSTS_MAX_AGE_S = '0') },
];

/** Defects only staging's rules see. */
const STAGING_MUTATIONS: readonly Mutation[] = [
  { id: 'FLY012', defect: 'a Machine always running (staging scales to zero)', apply: (d) => (d.http_service.min_machines_running = 1) },
  { id: 'FLY012', defect: 'auto stop off', apply: (d) => (d.http_service.auto_stop_machines = 'off') },
  { id: 'FLY013', defect: 'performance CPU', apply: (d) => (d.vm[0].cpu_kind = 'performance') },
];

const CASES = [
  ...APPS.flatMap((app) => MUTATIONS.map((m) => ({ ...m, file: app.file }))),
  ...PRODUCTION_MUTATIONS.map((m) => ({ ...m, file: 'fly.production.toml' })),
  ...STAGING_MUTATIONS.map((m) => ({ ...m, file: 'fly.staging.toml' })),
];

describe('each fly.toml check fires on its defect', () => {
  it.each(CASES)('$file $id: $defect', async ({ id, apply, file }) => {
    const doc = parsed(file);
    apply(doc);
    expect(ids(await checkFlyConfig(doc, contextOf(file)))).toContain(id);
  });

  it('every check has at least one defect that trips it', () => {
    const source = readFileSync(join(REPO_ROOT, 'deploy/fly-config.ts'), 'utf8');
    const declared = [...new Set([...source.matchAll(/'(FLY\d{3})'/g)].map((m) => m[1]!))].sort();
    expect(declared.length).toBeGreaterThan(15);
    expect(declared.filter((id) => !CASES.some((m) => m.id === id))).toEqual([]);
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
