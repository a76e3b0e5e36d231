/**
 * Checks a parsed fly.toml (fly.staging.toml) against the proxy's real configuration: the port `loadProxyConfig`
 * resolves from [env], the drain time, the signals proxy/main.ts handles, and the routes a running proxy serves.
 * The caller parses the TOML (smol-toml, a dev dependency) and supplies a probe against a running proxy, so this
 * module stays free of dev dependencies and network code.
 *
 * Deployment tooling only: no proxy code imports this module.
 */
import { loadProxyConfig, ProxyConfigError, type ProxyConfig } from '../proxy/config.js';
import { SECRET_NAME, credentialKind } from './dockerfile-lint.js';

export interface FlyFinding {
  /** FLYnnn, stable per rule */
  readonly id: string;
  readonly message: string;
}

/** What an app is sized and wired for (the brief of fly.staging.toml, fly.production.toml and tenant apps). */
export interface FlyExpectations {
  readonly dockerfile: string;
  readonly memoryMb: number;
  readonly cpus: number;
  readonly cpuKind: 'shared' | 'performance';
  readonly minMachinesRunning: number;
  readonly strategy: string;
  /** the app's name (production and tenants have a naming scheme) */
  readonly appName?: RegExp;
  /** Prometheus metrics must be served and scraped ([metrics]) */
  readonly metricsRequired: boolean;
  /** concurrency limits must follow from the measured cost per call (production) */
  readonly sizing?: ConcurrencySizing;
  /** log levels the app may run at */
  readonly logLevels: readonly string[];
  /** the shortest Strict-Transport-Security max-age the app may send, seconds */
  readonly minHstsMaxAgeS: number;
}

/**
 * How many calls one Machine may hold: CPU per call (measured by `npm run bench`, docs/benchmarks.md) gives the
 * calls per second one CPU serves; a call that waits behind `hard_limit` others on a saturated CPU waits
 * hard_limit / capacity, which must stay within the latency target.
 */
export interface ConcurrencySizing {
  readonly proxyCpuMsPerCall: number;
  readonly latencyTargetMs: number;
  /** the gate's load: soft_limit at least this, so one Machine carries it without spilling */
  readonly concurrentUsers: number;
}

/** The slower of the two bench runs recorded in docs/benchmarks.md (proxy CPU per call, median of 5 rounds). */
export const BENCH_PROXY_CPU_MS_PER_CALL = 1.607;

export const STAGING_EXPECTATIONS: FlyExpectations = {
  dockerfile: 'Dockerfile.mcp-only',
  memoryMb: 512,
  cpus: 1,
  cpuKind: 'shared',
  minMachinesRunning: 0,
  strategy: 'rolling',
  metricsRequired: false,
  logLevels: ['info', 'debug'],
  minHstsMaxAgeS: 0,
};

export const PRODUCTION_EXPECTATIONS: FlyExpectations = {
  dockerfile: 'Dockerfile.mcp-only',
  memoryMb: 2048,
  cpus: 1,
  cpuKind: 'performance',
  minMachinesRunning: 1,
  strategy: 'bluegreen',
  appName: /^toolbridge-mcp-production$/,
  metricsRequired: true,
  sizing: { proxyCpuMsPerCall: BENCH_PROXY_CPU_MS_PER_CALL, latencyTargetMs: 200, concurrentUsers: 50 },
  logLevels: ['info', 'warn'],
  minHstsMaxAgeS: 31_536_000,
};

/** A tenant's app: production's rules, under the seed's per-tenant name. */
export const TENANT_EXPECTATIONS: FlyExpectations = { ...PRODUCTION_EXPECTATIONS, appName: /^toolbridge-tenant-[a-z0-9]+(-[a-z0-9]+)*$/ };

/** The most calls in flight one Machine may admit (see ConcurrencySizing). */
export function maxHardLimit(sizing: ConcurrencySizing, cpus: number): number {
  const callsPerS = (cpus * 1000) / sizing.proxyCpuMsPerCall;
  return Math.floor((callsPerS * sizing.latencyTargetMs) / 1000);
}

export interface FlyCheckContext {
  /** signals proxy/main.ts drains on (SIGTERM, SIGINT) */
  readonly handledSignals: readonly string[];
  /** values `fly secrets set` provides at run time (dummies are fine): loadProxyConfig needs them */
  readonly secrets: Readonly<Record<string, string>>;
  /** GET `path` with `headers` (no credentials) on a proxy configured from this file; resolves to the status code */
  readonly probe: (path: string, headers: Readonly<Record<string, string>>) => Promise<number>;
  /** whether a file exists in the repository (for [build].dockerfile) */
  readonly fileExists: (path: string) => boolean;
  readonly expect?: FlyExpectations;
}

const TLS_ALLOWED = new Set(['TLSv1.2', 'TLSv1.3']);
/** Fly's maximum kill_timeout */
const MAX_KILL_TIMEOUT_MS = 300_000;

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function table(value: unknown): Table {
  return isTable(value) ? value : {};
}

/**
 * Fly durations: "30s", "1m30s", "500ms", or a bare number in `numberUnit` (kill_timeout: seconds; check times:
 * milliseconds). Undefined when unparsable.
 */
export function parseDurationMs(value: unknown, numberUnit: 's' | 'ms'): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return numberUnit === 's' ? value * 1000 : value;
  if (typeof value !== 'string' || !/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(value.trim())) return undefined;
  const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const m of value.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(m[1]) * unitMs[m[2]!]!;
  return total;
}

/** [[vm]] memory: "512mb", "1gb", or a number of megabytes. */
export function parseMemoryMb(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+)\s*(mb|gb)?$/i.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1]) * ((m[2] ?? 'mb').toLowerCase() === 'gb' ? 1024 : 1);
}

/** The [env] table as strings (what the Machine's environment will hold). */
export function flyEnv(doc: unknown): Record<string, string> {
  const env = table(table(doc).env);
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}

/** The proxy configuration a Machine of this app would run with: [env] plus the secrets. */
export function proxyConfigFromFly(doc: unknown, secrets: Readonly<Record<string, string>>): ProxyConfig {
  return loadProxyConfig({ ...flyEnv(doc), ...secrets });
}

export async function checkFlyConfig(doc: unknown, ctx: FlyCheckContext): Promise<FlyFinding[]> {
  const expect = ctx.expect ?? STAGING_EXPECTATIONS;
  const findings: FlyFinding[] = [];
  const fail = (id: string, message: string) => findings.push({ id, message });
  const root = table(doc);
  const app = root.app;
  const http = table(root.http_service);
  const rawEnv = table(root.env);

  if (typeof app !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(app)) fail('FLY001', `app must be a Fly app name, got ${JSON.stringify(app)}`);
  else if (expect.appName && !expect.appName.test(app)) fail('FLY001', `app must match ${expect.appName.source}, got ${JSON.stringify(app)}`);
  if (typeof root.primary_region !== 'string' || root.primary_region === '') fail('FLY001', 'primary_region is not set');

  const dockerfile = table(root.build).dockerfile;
  if (dockerfile !== expect.dockerfile || !ctx.fileExists(String(dockerfile))) {
    fail('FLY002', `[build] dockerfile must be ${expect.dockerfile} (and exist), got ${JSON.stringify(dockerfile)}`);
  }

  // [env]: plain strings, nothing secret
  for (const [name, value] of Object.entries(rawEnv)) {
    if (typeof value !== 'string') fail('FLY003', `[env] ${name} must be a string (the Machine's environment holds strings)`);
    if (SECRET_NAME.test(name)) fail('FLY003', `[env] ${name} looks like a secret: fly.toml is committed; use \`fly secrets set ${name}=...\``);
    else {
      const kind = credentialKind(String(value));
      if (kind) fail('FLY003', `[env] ${name} holds what looks like ${kind}; use \`fly secrets set\``);
    }
  }
  for (const name of Object.keys(ctx.secrets)) {
    if (name in rawEnv) fail('FLY003', `[env] sets ${name}, which must come from \`fly secrets set\``);
  }

  // the proxy's own configuration, resolved the way a Machine resolves it
  let config: ProxyConfig | undefined;
  try {
    config = proxyConfigFromFly(doc, ctx.secrets);
  } catch (error) {
    if (!(error instanceof ProxyConfigError)) throw error;
    fail('FLY004', `the proxy would not start with [env] + secrets: ${error.problems.join('; ')}`);
  }
  if (config) {
    if (http.internal_port !== config.port) {
      fail('FLY005', `[http_service] internal_port ${String(http.internal_port)} differs from the port the proxy listens on (${config.port})`);
    }
    if (config.host !== '0.0.0.0' && config.host !== '::') {
      fail('FLY006', `the proxy binds ${config.host}: Fly's proxy reaches the Machine on its network interface, so bind 0.0.0.0 (or ::)`);
    }
    const killMs = parseDurationMs(root.kill_timeout ?? 5, 's');
    if (killMs === undefined) fail('FLY009', `kill_timeout ${JSON.stringify(root.kill_timeout)} is not a duration`);
    else if (killMs <= config.shutdownGraceMs) {
      fail('FLY009', `kill_timeout ${killMs / 1000}s is not longer than the proxy's drain (TOOLBRIDGE_SHUTDOWN_GRACE_MS=${config.shutdownGraceMs}): Fly would SIGKILL in-flight calls`);
    } else if (killMs > MAX_KILL_TIMEOUT_MS) fail('FLY009', `kill_timeout ${killMs / 1000}s is above Fly's maximum of 300s`);
    if (config.publicUrl !== undefined) {
      const url = new URL(config.publicUrl);
      if (url.protocol !== 'https:' || (typeof app === 'string' && url.host !== `${app}.fly.dev`) || url.pathname !== '/') {
        fail('FLY016', `TOOLBRIDGE_PUBLIC_URL must be https://${String(app)}.fly.dev (the URL clients and the protected-resource metadata use), got ${config.publicUrl}`);
      }
    }
  }

  // health checks: GET a route the proxy answers 2xx without credentials (Fly checks do not follow redirects)
  const checks = Array.isArray(http.checks) ? http.checks.filter(isTable) : [];
  if (checks.length === 0) fail('FLY007', '[[http_service.checks]] is missing: Fly would route to Machines that are not up');
  for (const check of checks) {
    const method = String(check.method ?? 'GET').toUpperCase();
    const path = typeof check.path === 'string' ? check.path : '/';
    if (method !== 'GET') fail('FLY007', `health check method must be GET, got ${method}`);
    const headers = Object.fromEntries(Object.entries(table(check.headers)).map(([k, v]) => [k, String(v)]));
    if (Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) fail('FLY007', 'the health check must not need credentials');
    const status = await ctx.probe(path, headers);
    if (status < 200 || status > 299) fail('FLY007', `health check path ${path} answers ${status} without credentials; Fly needs a 2xx`);
    const grace = parseDurationMs(check.grace_period, 'ms');
    const interval = parseDurationMs(check.interval, 'ms');
    const timeout = parseDurationMs(check.timeout, 'ms');
    if (grace === undefined || interval === undefined || timeout === undefined) {
      fail('FLY007', 'health check needs grace_period, interval and timeout');
    } else if (timeout >= interval) fail('FLY007', `health check timeout (${timeout} ms) must be shorter than its interval (${interval} ms)`);
  }

  const signal = String(root.kill_signal ?? 'SIGINT').toUpperCase();
  if (!ctx.handledSignals.includes(signal)) {
    fail('FLY008', `kill_signal ${signal} (Fly's default is SIGINT) is not one the proxy drains on (${ctx.handledSignals.join(', ')})`);
  }

  if (http.force_https !== true) fail('FLY010', '[http_service] force_https must be true: plain HTTP would carry bearer tokens');
  const versions = table(http.tls_options).versions;
  if (!Array.isArray(versions) || versions.length === 0 || versions.some((v) => !TLS_ALLOWED.has(String(v)))) {
    fail('FLY011', `[http_service.tls_options] versions must list only TLSv1.2/TLSv1.3 (TLS 1.0 and 1.1 refused), got ${JSON.stringify(versions)}`);
  }

  // Machines kept running, and what stops must be able to start again
  const autoStop = http.auto_stop_machines;
  if (http.min_machines_running !== expect.minMachinesRunning) {
    const why = expect.minMachinesRunning > 0 ? ' (callers must never wait for a cold start)' : ' (the app scales to zero when idle)';
    fail('FLY012', `min_machines_running must be ${expect.minMachinesRunning}${why}, got ${JSON.stringify(http.min_machines_running)}`);
  }
  if (expect.minMachinesRunning === 0 && autoStop !== 'stop' && autoStop !== 'suspend') {
    fail('FLY012', `auto_stop_machines must be "stop" or "suspend" for a scale-to-zero app, got ${JSON.stringify(autoStop)}`);
  }
  if ((autoStop === 'stop' || autoStop === 'suspend' || autoStop === true) && http.auto_start_machines !== undefined && http.auto_start_machines !== true) {
    fail('FLY012', 'auto_start_machines must be true: Machines that auto stop would never start again');
  }

  const vms = Array.isArray(root.vm) ? root.vm.filter(isTable) : [];
  if (vms.length !== 1) fail('FLY013', `expected exactly one [[vm]], got ${vms.length}`);
  for (const vm of vms) {
    const memory = parseMemoryMb(vm.memory ?? vm.memory_mb);
    if (memory !== expect.memoryMb) fail('FLY013', `[[vm]] memory must be ${expect.memoryMb} MB, got ${JSON.stringify(vm.memory ?? vm.memory_mb)}`);
    if (vm.cpus !== expect.cpus) fail('FLY013', `[[vm]] cpus must be ${expect.cpus}, got ${JSON.stringify(vm.cpus)}`);
    if (vm.cpu_kind !== expect.cpuKind) fail('FLY013', `[[vm]] cpu_kind must be ${expect.cpuKind}, got ${JSON.stringify(vm.cpu_kind)}`);
  }

  const concurrency = table(http.concurrency);
  const soft = concurrency.soft_limit;
  const hard = concurrency.hard_limit;
  if (concurrency.type !== 'requests') fail('FLY014', `[http_service.concurrency] type must be "requests" for an HTTP service, got ${JSON.stringify(concurrency.type)}`);
  if (typeof soft !== 'number' || typeof hard !== 'number' || !(soft > 0 && soft < hard)) {
    fail('FLY014', `[http_service.concurrency] needs 0 < soft_limit < hard_limit, got ${String(soft)} / ${String(hard)}`);
  }

  const strategy = table(root.deploy).strategy ?? 'rolling';
  if (strategy !== expect.strategy) fail('FLY015', `[deploy] strategy must be ${expect.strategy}, got ${JSON.stringify(strategy)}`);

  if (config) {
    findings.push(...metricsFindings(root, config, expect));
    findings.push(...productionFindings(root, config, expect));
  }
  return findings;
}

/** [metrics] and the proxy's metrics listener agree, and no service exposes that port. */
function metricsFindings(root: Table, config: ProxyConfig, expect: FlyExpectations): FlyFinding[] {
  const findings: FlyFinding[] = [];
  const fail = (message: string) => findings.push({ id: 'FLY017', message });
  const scrape = isTable(root.metrics) ? root.metrics : undefined;
  if (!scrape && !config.metrics) {
    if (expect.metricsRequired) fail('[metrics] is missing and TOOLBRIDGE_METRICS_PORT is unset: nothing would scrape the proxy, so no alert could fire');
    return findings;
  }
  if (!config.metrics) return [{ id: 'FLY017', message: '[metrics] names a port the proxy does not serve: set TOOLBRIDGE_METRICS_PORT in [env]' }];
  if (!scrape) return [{ id: 'FLY017', message: `the proxy serves metrics on ${config.metrics.port} but [metrics] is missing: Fly would not scrape them` }];
  if (scrape.port !== config.metrics.port) fail(`[metrics] port ${String(scrape.port)} differs from TOOLBRIDGE_METRICS_PORT (${config.metrics.port})`);
  if ((scrape.path ?? '/metrics') !== '/metrics') fail(`[metrics] path must be /metrics (where the proxy serves them), got ${JSON.stringify(scrape.path)}`);
  if (config.metrics.host !== '::' && config.metrics.host !== '0.0.0.0') {
    fail(`TOOLBRIDGE_METRICS_HOST is ${config.metrics.host}: Fly's scraper reaches the Machine over the private network, so bind :: (or 0.0.0.0)`);
  }
  const exposed = [
    table(root.http_service).internal_port,
    ...(Array.isArray(root.services) ? root.services.filter(isTable).map((service) => service.internal_port) : []),
  ];
  if (exposed.includes(config.metrics.port)) fail(`a service exposes the metrics port ${config.metrics.port} publicly: metrics must be reachable only over the private network`);
  return findings;
}

/** The rules production adds: sized from the bench, Go pool covering the admitted calls, quiet logs, long HSTS. */
function productionFindings(root: Table, config: ProxyConfig, expect: FlyExpectations): FlyFinding[] {
  const findings: FlyFinding[] = [];
  const concurrency = table(table(root.http_service).concurrency);
  const hard = concurrency.hard_limit;
  const soft = concurrency.soft_limit;
  if (expect.sizing && typeof hard === 'number' && typeof soft === 'number') {
    const cpus = Array.isArray(root.vm) && isTable(root.vm[0]) && typeof root.vm[0].cpus === 'number' ? root.vm[0].cpus : 1;
    const ceiling = maxHardLimit(expect.sizing, cpus);
    if (hard > ceiling) {
      findings.push({
        id: 'FLY018',
        message: `hard_limit ${hard} lets calls queue past the ${expect.sizing.latencyTargetMs} ms target: at ${expect.sizing.proxyCpuMsPerCall} ms of CPU per call (npm run bench) ${cpus} CPU serves ${Math.round((cpus * 1000) / expect.sizing.proxyCpuMsPerCall)} calls/s, so at most ${ceiling} in flight`,
      });
    }
    if (soft < expect.sizing.concurrentUsers) {
      findings.push({ id: 'FLY018', message: `soft_limit ${soft} is below the ${expect.sizing.concurrentUsers} concurrent users one Machine must carry` });
    }
    if (config.goConnections < hard) {
      findings.push({
        id: 'FLY019',
        message: `TOOLBRIDGE_GO_CONNECTIONS (${config.goConnections}) is below hard_limit (${hard}): admitted calls would queue for a Go connection inside the proxy`,
      });
    }
  }
  if (!expect.logLevels.includes(config.logLevel)) {
    findings.push({ id: 'FLY020', message: `TOOLBRIDGE_LOG_LEVEL ${config.logLevel} is not one this app may run at (${expect.logLevels.join(', ')})` });
  }
  if (config.hstsMaxAgeS < expect.minHstsMaxAgeS) {
    findings.push({ id: 'FLY020', message: `TOOLBRIDGE_HSTS_MAX_AGE_S ${config.hstsMaxAgeS} is below ${expect.minHstsMaxAgeS} s: browsers would forget to insist on HTTPS` });
  }
  return findings;
}
