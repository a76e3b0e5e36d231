/**
 * operations: the proxy's Prometheus metrics. Never served on the public port; where the target names its metrics
 * endpoint (METRICS_URL), a well-formed exposition of the families contract/metrics.ts declares, with labels that
 * carry no identifiers or secrets and stay bounded.
 */
import { ENTITIES } from '../../contract/entities.js';
import { PROCESS_METRICS, PROXY_METRICS } from '../../contract/metrics.js';
import type { CheckContext } from '../../framework/checks/context.js';
import { catalogue, defineCheck } from '../../framework/checks/define.js';
import type { HttpExchange } from '../../framework/clients/http.js';
import { rpc } from '../../framework/clients/mcp-raw.js';
import { readExposition, type Exposition } from '../../framework/clients/prometheus-text.js';
import { INSTALL_COMMANDS, locatePromtool } from '../../framework/engines/locate.js';
import { runEngineProcess } from '../../framework/engines/process.js';
import { ensure } from '../../framework/model/assert.js';
import { SurfaceCaller } from '../shared/tool-surface.js';

const METRICS_PATH = '/metrics';
const EXPOSITION = /^# (TYPE|HELP) [a-zA-Z_:][a-zA-Z0-9_:]* /m;
/** Label names that only identify a caller or a request: never labels of an aggregate. */
const IDENTIFYING_LABEL = /^(sub|subject|user|user_?id|uid|item_?uid|token|jwt|authorization|session|session_?id|email|correlation_?id|request_?id|ip|client_?ip)$/i;
/** More distinct values than the largest fixed set (41 tools upstream) means the label is fed by something unbounded. */
const MAX_VALUES_PER_LABEL = 64;
const MAX_SERIES = 2_500;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/;
const MISSING_UID = '00000000-0000-4000-8000-00000000d00d';

/**
 * Prometheus's own parser and linter on the text, where promtool is installed: its parse errors fail the check, and
 * so do its lint problems on the proxy's families (the client library's process collectors are not the proxy's).
 */
async function promtoolProblems(ctx: CheckContext, text: string): Promise<string[]> {
  const promtool = locatePromtool();
  if (!promtool) {
    ctx.note(`promtool is not installed, so Prometheus's own parser did not read the exposition (${INSTALL_COMMANDS.promtool})`);
    return [];
  }
  const run = await runEngineProcess(promtool, ['check', 'metrics'], { input: text, timeoutMs: 30_000 });
  const lines = `${run.stdout}${run.stderr}`.split('\n').map((l) => l.trim()).filter(Boolean);
  if (run.code === 0) return [];
  if (run.code === 3) return lines.filter((l) => l.startsWith('toolbridge_')).map((l) => `promtool: ${l}`);
  return [`promtool cannot parse it (exit ${run.code}): ${lines.slice(0, 3).join(' ')}`];
}

function metricsUrlOrSkip(ctx: CheckContext): string {
  const url = ctx.target.metricsUrl;
  if (!url) {
    ctx.skip('not applicable: the target names no metrics endpoint (METRICS_URL; on Fly: `fly proxy 9091 -a <app>`, then METRICS_URL=http://127.0.0.1:9091/metrics)');
  }
  return url;
}

async function scrape(ctx: CheckContext, url: string, label: string): Promise<{ response: HttpExchange; exposition: Exposition }> {
  const response = await ctx.http({ url, label, headers: { accept: 'text/plain;version=0.0.4' } });
  ensure(response.status === 200, `GET ${url} answered ${response.status}, not 200 with the metrics`);
  return { response, exposition: readExposition(response.text) };
}

/** Tool calls that touch every outcome a caller can cause: Go 2xx, Go 4xx, bad arguments; and a refused token. */
async function exercise(ctx: CheckContext, label: string): Promise<{ sub: string; token: string }> {
  const user = await ctx.user(label);
  const caller = await SurfaceCaller.learn(await ctx.mcp(user));
  const entity = ENTITIES[0]!;
  await caller.call(entity, 'list', {});
  await caller.call(entity, 'get', { uid: MISSING_UID });
  await caller.call(entity, 'get', { uid: `not-a-uid-${user.sub}` });
  const expired = await ctx.target.mintToken(user.sub, { expiresInS: -3600 });
  await ctx.mcpRequest({ message: rpc('tools/list'), headers: { authorization: `Bearer ${expired}` }, label: 'an expired token (counted as an authentication failure)' });
  return { sub: user.sub, token: user.token };
}

export const metricsChecks = catalogue([
  defineCheck(
    {
      id: 'OPS-METRICS-PUBLIC',
      title: 'Metrics are not served on the public port',
      area: 'operations',
      severity: 'high',
      requirement: 'issue #16: /metrics on a separate port or behind a setting, so it is not public by accident',
      expected: `GET ${METRICS_PATH} on the public URL, without a token and with a valid one, is not a Prometheus exposition`,
      rationale: 'metrics tell anyone who can read them the traffic, error rates, tool usage and runtime of the deployment (CWE-200)',
    },
    async (ctx) => {
      const url = `${ctx.target.proxyUrl}${METRICS_PATH}`;
      const user = await ctx.user('metrics-public');
      for (const [label, headers] of [
        ['without a token', {}],
        ['with a valid caller token', { authorization: `Bearer ${user.token}` }],
      ] as const) {
        const response = await ctx.http({ url, label: `public ${METRICS_PATH} ${label}`, headers });
        ensure(
          !(response.status === 200 && EXPOSITION.test(response.text)),
          `the public URL serves Prometheus metrics ${label}: GET ${url} answered 200 with an exposition. Serve them on their own port (TOOLBRIDGE_METRICS_PORT), which Fly does not expose`,
        );
      }
    },
  ),
  defineCheck(
    {
      id: 'OPS-METRICS-FORMAT',
      title: "Metrics endpoint is a well-formed Prometheus exposition of the proxy's families",
      area: 'operations',
      severity: 'medium',
      requirement: 'issue #16: tool calls by tool and outcome, tool-call and Go latency histograms, auth failures by reason, Go errors by status, in-flight requests, session cache hits and misses, process metrics',
      expected: 'text/plain exposition 0.0.4 that parses; every family of contract/metrics.ts with its type and only its labels; process metrics',
    },
    async (ctx) => {
      const url = metricsUrlOrSkip(ctx);
      await exercise(ctx, 'metrics-format');
      const { response, exposition } = await scrape(ctx, url, 'scrape');
      const contentType = response.header('content-type') ?? '';
      ensure(/^text\/plain\b/i.test(contentType) || /^application\/openmetrics-text\b/i.test(contentType), `the metrics answer has content type ${JSON.stringify(contentType)}, not text/plain (Prometheus text format)`);
      const malformed = [...exposition.problems, ...(await promtoolProblems(ctx, response.text))];
      ensure(malformed.length === 0, `the exposition is malformed: ${malformed.slice(0, 5).join('; ')}`);
      const wrong: string[] = [];
      for (const declared of Object.values(PROXY_METRICS)) {
        const family = exposition.families.get(declared.name);
        if (!family) {
          wrong.push(`${declared.name} is missing`);
          continue;
        }
        if (family.type !== declared.type) wrong.push(`${declared.name} is a ${family.type}, not a ${declared.type}`);
        const extra = new Set(family.series.flatMap((s) => Object.keys(s.labels)).filter((l) => l !== 'le' && !declared.labels.includes(l)));
        if (extra.size > 0) wrong.push(`${declared.name} carries labels ${[...extra].join(', ')} (declared: ${declared.labels.join(', ') || 'none'})`);
      }
      for (const name of PROCESS_METRICS) if (!exposition.families.has(name)) wrong.push(`${name} (process metrics) is missing`);
      ensure(wrong.length === 0, `the metrics do not match the proxy's contract: ${wrong.join('; ')}`);
      ctx.metric('families', exposition.families.size);
    },
  ),
  defineCheck(
    {
      id: 'OPS-METRICS-LABELS',
      title: 'Metrics carry no identifiers or secrets, and stay bounded',
      area: 'operations',
      severity: 'high',
      requirement: 'issue #16: low cardinality, no user ids, tokens or uids in labels',
      expected: `no label named after a caller or request, no label value holding a subject, token, secret, UUID or URL; at most ${MAX_VALUES_PER_LABEL} values per label and ${MAX_SERIES} series`,
      rationale: 'a label per user or item grows without bound (the scraper and the proxy run out of memory) and puts identifiers where anyone with dashboard access reads them (CWE-359)',
    },
    async (ctx) => {
      const url = metricsUrlOrSkip(ctx);
      const callers = [await exercise(ctx, 'metrics-labels-a'), await exercise(ctx, 'metrics-labels-b')];
      const { exposition } = await scrape(ctx, url, 'scrape after two callers');
      const secrets = [
        ...callers.flatMap((c) => [c.sub, c.token]),
        ctx.target.runId,
        ctx.target.tenantSecret,
        ...(ctx.target.jwt.kind === 'hs256' ? [ctx.target.jwt.secret] : []),
      ];
      const found: string[] = [];
      const valuesByLabel = new Map<string, Set<string>>();
      let seriesCount = 0;
      for (const family of exposition.families.values()) {
        for (const series of family.series) {
          seriesCount++;
          for (const [label, value] of Object.entries(series.labels)) {
            const key = `${family.name}.${label}`;
            valuesByLabel.set(key, (valuesByLabel.get(key) ?? new Set()).add(value));
            if (IDENTIFYING_LABEL.test(label)) found.push(`${family.name} has a label "${label}"`);
            if (secrets.some((s) => s.length >= 6 && value.includes(s))) found.push(`${family.name}{${label}} holds a caller's subject, token or a secret`);
            else if (JWT_LIKE.test(value)) found.push(`${family.name}{${label}} holds a JWT`);
            else if (UUID.test(value)) found.push(`${family.name}{${label}} holds a UUID (an item uid, session or correlation id)`);
            else if (/:\/\//.test(value)) found.push(`${family.name}{${label}} holds a URL`);
          }
        }
      }
      for (const [key, values] of valuesByLabel) {
        if (values.size > MAX_VALUES_PER_LABEL) found.push(`${key} has ${values.size} distinct values (unbounded)`);
      }
      if (seriesCount > MAX_SERIES) found.push(`${seriesCount} series (limit ${MAX_SERIES})`);
      ctx.metric('series', seriesCount);
      ensure(found.length === 0, `the metrics identify callers or grow without bound: ${[...new Set(found)].slice(0, 6).join('; ')}`);
    },
  ),
]);
