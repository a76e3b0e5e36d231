/**
 * Configuration of a k6 run, read in the init context. Two ways to get identities, one per virtual user:
 *
 *  - a data file written by `npm run load` (TB_LOAD_DATA, an absolute path): target URLs and one token per VU,
 *    minted by the CLI for any key type (HS256 or RS256), shared by all VUs through a SharedArray;
 *  - minted in the script (HS256 only), for runs without the CLI (k6-operator, Grafana Cloud k6): MCP_BASE_URL,
 *    GO_API_BASE_URL, JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE, TENANT_ID, TENANT_HEADER_SECRET, the names of
 *    `npm run verify -- --target env`.
 *
 * Either way each VU gets its own subject (exec.vu.idInTest is unique across instances of a distributed run), so the
 * Go API's per-user rate limit (burst 120, 10/s) never measures one shared user. There are no default URLs: a run
 * only ever reaches the target it was given.
 */
import { SharedArray } from 'k6/data';
import crypto from 'k6/crypto';
import encoding from 'k6/encoding';
import type { Options } from 'k6/options';
import { SHAPE_TAGS, TREND_STATS, k6Thresholds, type LoadMode, type ThresholdDef } from '../../scenario/results.ts';
import { DEFAULTS, hs256Jwt, loadClaims, parseDuration, type LoadUser, type ScenarioName } from '../../scenario/scenario.ts';

export interface K6Config {
  readonly scenario: ScenarioName;
  /** closed: constant VUs with think time; open: TB_RATE calls per second (constant-arrival-rate), one call per iteration */
  readonly mode: LoadMode;
  /** open mode: calls per second for the whole test (k6 splits it over the instances of a distributed run) */
  readonly ratePerS: number;
  /** the VUs (open mode: the pool the arrivals draw from) */
  readonly vus: number;
  readonly duration: string;
  readonly durationS: number;
  readonly thinkMs: number;
  /** where handleSummary writes the summary (relative to the working directory, or absolute) */
  readonly summaryPath: string;
  readonly mcpUrl: string;
  readonly goApiUrl: string;
  readonly tenantId: string;
  /** the direct scenario signs tenant headers with it; empty for the MCP scenario */
  readonly tenantSecret: string;
}

interface DataFile {
  readonly mcpUrl: string;
  readonly goApiUrl: string;
  readonly tenantId: string;
  readonly tenantSecret?: string;
  readonly users: readonly LoadUser[];
}

type Target = Omit<DataFile, 'users'>;

const env = (name: string): string | undefined => {
  const value = __ENV[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
};

function required(name: string): string {
  const value = env(name);
  if (value === undefined) throw new Error(`${name} is required (or TB_LOAD_DATA with a data file from npm run load)`);
  return value;
}

const stripSlash = (url: string) => url.replace(/\/+$/, '');

const dataPath = env('TB_LOAD_DATA');

/** The data file's users, parsed once and shared read-only by every VU. */
const fileUsers: readonly LoadUser[] | undefined = dataPath
  ? new SharedArray<LoadUser>('toolbridge load users', () => (JSON.parse(open(dataPath)) as DataFile).users.slice())
  : undefined;

const fileTarget: readonly Target[] | undefined = dataPath
  ? new SharedArray<Target>('toolbridge load target', () => {
      const data = JSON.parse(open(dataPath)) as DataFile;
      return [{ mcpUrl: data.mcpUrl, goApiUrl: data.goApiUrl, tenantId: data.tenantId, tenantSecret: data.tenantSecret ?? '' }];
    })
  : undefined;

function positive(name: string, fallback: number, max: number): number {
  const text = env(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > max) throw new Error(`${name} must be a number from 0 to ${max}, got "${text}"`);
  return value;
}

export function loadConfig(scenario: ScenarioName): K6Config {
  const duration = env('TB_DURATION') ?? DEFAULTS.duration;
  const durationMs = parseDuration(duration);
  const target: Target = fileTarget
    ? fileTarget[0]!
    : {
        mcpUrl: scenario === 'mcp' ? `${stripSlash(required('MCP_BASE_URL')).replace(/\/mcp$/, '')}/mcp` : '',
        goApiUrl: scenario === 'go-direct' ? stripSlash(required('GO_API_BASE_URL')) : '',
        tenantId: scenario === 'go-direct' ? required('TENANT_ID') : '',
        tenantSecret: scenario === 'go-direct' ? required('TENANT_HEADER_SECRET') : '',
      };
  if (!fileUsers) required('JWT_SECRET');
  if (scenario === 'go-direct' && !target.tenantSecret) throw new Error('the direct scenario needs the tenant secret');
  const ratePerS = positive('TB_RATE', 0, 100_000);
  return {
    scenario,
    mode: ratePerS > 0 ? 'open' : 'closed',
    ratePerS,
    vus: Math.round(positive('TB_VUS', DEFAULTS.vus, 100_000)) || DEFAULTS.vus,
    duration,
    durationS: durationMs / 1000,
    thinkMs: positive('TB_THINK_MS', DEFAULTS.thinkMs, 60_000),
    summaryPath: env('TB_SUMMARY') ?? 'reports/out/load-summary.json',
    mcpUrl: target.mcpUrl,
    goApiUrl: target.goApiUrl,
    tenantId: target.tenantId,
    tenantSecret: target.tenantSecret ?? '',
  };
}

/**
 * The identity of VU `vuIdInTest` (1-based, unique in the test): its row of the data file, or a token minted here
 * for `tbv-load-<run>-vu<n>` (TB_RUN_ID names the run; all VUs of a run must agree on it).
 */
export function identityFor(config: K6Config, vuIdInTest: number, runStartMs: number): LoadUser {
  if (fileUsers) {
    if (fileUsers.length === 0) throw new Error('the data file holds no users');
    return fileUsers[(vuIdInTest - 1) % fileUsers.length]!;
  }
  const runId = env('TB_RUN_ID') ?? String(runStartMs);
  const sub = `tbv-load-${runId}-vu${vuIdInTest}`;
  const nowS = Math.floor(Date.now() / 1000);
  const claims = loadClaims(sub, nowS, Math.ceil(config.durationS) + 900, env('JWT_ISSUER'), env('JWT_AUDIENCE'));
  const token = hs256Jwt(
    claims,
    required('JWT_SECRET'),
    (text) => encoding.b64encode(text, 'rawurl'),
    (secret, data) => crypto.hmac('sha256', secret, data, 'base64rawurl'),
  );
  return { sub, token };
}

/** HMAC-SHA256 with the tenant secret, lowercase hex (the tenant signature). */
export function tenantSigner(config: K6Config): (message: string) => string {
  return (message) => crypto.hmac('sha256', config.tenantSecret, message, 'hex');
}

/**
 * A scenario script's k6 options under the shared thresholds: constant VUs for the duration (closed loop), or a
 * constant arrival rate drawing on the same number of VUs (open loop: an iteration that finds them all busy is
 * dropped and counted in dropped_iterations). The scenario's tags carry the run's shape into every sample, so k6's
 * JSON output of each instance can be merged (npm run load -- merge).
 */
export function scenarioOptions(scenario: string, config: K6Config, thresholds: readonly ThresholdDef[]): Options {
  const tags: Record<string, string> = {
    [SHAPE_TAGS.mode]: config.mode,
    [SHAPE_TAGS.vus]: String(config.vus),
    [SHAPE_TAGS.durationS]: String(config.durationS),
    ...(config.mode === 'open' ? { [SHAPE_TAGS.rate]: String(config.ratePerS) } : {}),
  };
  const executor =
    config.mode === 'open'
      ? { executor: 'constant-arrival-rate' as const, rate: config.ratePerS, timeUnit: '1s', preAllocatedVUs: config.vus, maxVUs: config.vus }
      : { executor: 'constant-vus' as const, vus: config.vus };
  return {
    scenarios: { [scenario]: { ...executor, duration: config.duration, gracefulStop: DEFAULTS.gracefulStop, tags } },
    thresholds: k6Thresholds(thresholds),
    summaryTrendStats: TREND_STATS,
  };
}
