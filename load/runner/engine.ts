/**
 * The built-in load engine, for machines without k6: closed-loop virtual users on undici, latencies in an HDR
 * histogram, the k6 scenario's steps, checks, metrics and thresholds (load/scenario/), one summary format.
 *
 * Bounded in time and in count: no VU starts a call after the duration, in-flight calls get `gracefulStopMs` to
 * finish (then they are abandoned and not recorded, as k6 does), and the run stops early once it has made
 * `maxRequests` calls.
 */
import { createHmac } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { rootCertificates } from 'node:tls';
import * as hdr from 'hdr-histogram-js';
import { Agent, request, type Dispatcher } from 'undici';
import {
  BOUNDS,
  INITIALIZED_NOTIFICATION,
  MCP_HEADERS,
  SCENARIO_KEYS,
  goHeaders,
  goRequest,
  httpFailed,
  initializeBody,
  judgeGoRequest,
  judgeInitialize,
  judgeSessionOpen,
  judgeToolCall,
  needsItem,
  parseSession,
  planIteration,
  thinkTimeMs,
  toolCall,
  toolCallBody,
  type GoSession,
  type LoadUser,
  type Outcome,
  type ScenarioName,
  type Step,
} from '../scenario/scenario.js';
import {
  METRICS,
  evaluateThreshold,
  makeSummary,
  parseThreshold,
  scenarioThresholds,
  type LoadSummary,
  type ThresholdResult,
} from '../scenario/results.js';

export interface EngineTarget {
  readonly mcpUrl: string;
  readonly goApiUrl: string;
  readonly tenantId: string;
  /** needed by the direct scenario only */
  readonly tenantSecret?: string;
  /** an extra CA to trust (the local TLS edge's) */
  readonly caCertPem?: string;
}

export interface EngineOptions {
  readonly scenario: ScenarioName;
  readonly vus: number;
  readonly durationMs: number;
  /** mean think time after each call */
  readonly thinkMs: number;
  readonly gracefulStopMs: number;
  /** stop early after this many calls (default: BOUNDS.maxRequestsPerVuSecond per VU-second) */
  readonly maxRequests?: number;
  readonly target: EngineTarget;
  /** one identity per VU (at least `vus` of them) */
  readonly users: readonly LoadUser[];
  /** per-request timeout (k6's default is 60 s) */
  readonly requestTimeoutMs?: number;
  /** a progress report every this many ms (0: none) */
  readonly progressEveryMs?: number;
}

export interface Progress {
  readonly elapsedS: number;
  readonly calls: number;
  readonly errors: number;
  readonly rps: number;
  readonly p95Ms: number;
}

export interface Distribution {
  readonly count: number;
  readonly minMs: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
}

export interface EngineResult {
  readonly scenario: ScenarioName;
  readonly summary: LoadSummary;
  /** thresholds with the measured values */
  readonly thresholds: readonly ThresholdResult[];
  readonly latency: Distribution;
  /** the call-duration histogram (µs), HDR compressed base64, for merging runs */
  readonly histogram: string;
  readonly calls: number;
  readonly errors: number;
  readonly httpRequests: number;
  readonly httpFailures: number;
  readonly checks: Readonly<Record<string, { readonly passed: number; readonly failed: number }>>;
  /** wall time from the first VU start to the last VU end */
  readonly elapsedMs: number;
  /** set when the run ended before its duration (request cap) */
  readonly stoppedEarly?: string;
  /** up to ten distinct failure reasons, most frequent first, with counts */
  readonly errorSamples: readonly { readonly reason: string; readonly count: number }[];
}

const US_PER_MS = 1000;

export function newHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
}

export function distributionOf(histogram: hdr.Histogram): Distribution {
  const ms = (us: number) => Math.round((us / US_PER_MS) * 100) / 100;
  const count = histogram.totalCount;
  return {
    count,
    minMs: count ? ms(histogram.minNonZeroValue) : 0,
    meanMs: count ? ms(histogram.mean) : 0,
    p50Ms: ms(histogram.getValueAtPercentile(50)),
    p90Ms: ms(histogram.getValueAtPercentile(90)),
    p95Ms: ms(histogram.getValueAtPercentile(95)),
    p99Ms: ms(histogram.getValueAtPercentile(99)),
    p999Ms: ms(histogram.getValueAtPercentile(99.9)),
    maxMs: ms(histogram.maxValue),
  };
}

/** A merged distribution of several runs' histograms (from EngineResult.histogram). */
export function mergeHistograms(encoded: readonly string[]): { histogram: hdr.Histogram; distribution: Distribution } {
  const merged = newHistogram();
  for (const text of encoded) merged.add(hdr.decodeFromCompressedBase64(text));
  return { histogram: merged, distribution: distributionOf(merged) };
}

function validate(options: EngineOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(options.vus) || options.vus < 1 || options.vus > BOUNDS.maxVus) problems.push(`vus must be 1–${BOUNDS.maxVus}`);
  if (!(options.durationMs > 0) || options.durationMs > BOUNDS.maxDurationMs) problems.push('duration must be above 0 and at most 1 h');
  if (!(options.thinkMs >= 0) || options.thinkMs > BOUNDS.maxThinkMs) problems.push(`think time must be 0–${BOUNDS.maxThinkMs} ms`);
  if (options.users.length < options.vus) problems.push(`${options.vus} VUs need ${options.vus} identities, got ${options.users.length}`);
  if (options.scenario === 'go-direct' && !options.target.tenantSecret) problems.push('the direct scenario needs the tenant secret');
  if (problems.length > 0) throw new Error(`invalid load options: ${problems.join('; ')}`);
}

function describeTransportError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const code = (error as { code?: string }).code ?? cause?.code;
  return code ? `${code}` : (cause?.message ?? error.message);
}

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly ms: number;
  readonly transportError?: string;
}

export async function runEngine(options: EngineOptions, onProgress?: (progress: Progress) => void): Promise<EngineResult> {
  validate(options);
  const { scenario, target } = options;
  const scenarioKey = SCENARIO_KEYS[scenario];
  const maxRequests = options.maxRequests ?? Math.ceil(options.vus * (options.durationMs / 1000) * BOUNDS.maxRequestsPerVuSecond);
  const timeoutMs = options.requestTimeoutMs ?? 60_000;
  const dispatcher: Dispatcher = new Agent({
    keepAliveTimeout: 30_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    ...(target.caCertPem ? { connect: { ca: [...rootCertificates, target.caCertPem] } } : {}),
  });
  const histogram = newHistogram();
  const checkCounts: Record<string, { passed: number; failed: number }> = {};
  const errorReasons = new Map<string, number>();
  let calls = 0;
  let errors = 0;
  let httpRequests = 0;
  let httpFailures = 0;
  let stoppedEarly: string | undefined;

  const started = performance.now();
  const deadline = started + options.durationMs;
  const hardStop = new AbortController();
  setMaxListeners(options.vus * 2 + 10, hardStop.signal); // one listener per in-flight request
  const stopping = () => performance.now() >= deadline || stoppedEarly !== undefined;

  const send = async (url: string, method: string, headers: Record<string, string>, body: string | undefined): Promise<Answer | undefined> => {
    const sentAt = performance.now();
    try {
      const response = await request(url, { method: method as Dispatcher.HttpMethod, headers, body, dispatcher, signal: hardStop.signal });
      const text = await response.body.text();
      return { status: response.statusCode, text, ms: performance.now() - sentAt };
    } catch (error) {
      if (hardStop.signal.aborted) return undefined; // abandoned at the end of the graceful stop: not recorded
      return { status: 0, text: '', ms: performance.now() - sentAt, transportError: describeTransportError(error) };
    }
  };

  /** Every HTTP request of the scenario counts towards http_req_failed; its checks towards checks. */
  const recordRequest = (answer: Answer, outcome: Outcome | undefined) => {
    httpRequests++;
    if (httpFailed(answer.status)) httpFailures++;
    if (!outcome) return;
    for (const [name, passed] of outcome.checks) {
      const counts = (checkCounts[name] ??= { passed: 0, failed: 0 });
      if (passed) counts.passed++;
      else counts.failed++;
    }
    if (!outcome.ok) errorReasons.set(outcome.error ?? 'failed', (errorReasons.get(outcome.error ?? 'failed') ?? 0) + 1);
  };

  const recordCall = (answer: Answer, outcome: Outcome) => {
    recordRequest(answer, outcome);
    histogram.recordValue(Math.max(1, Math.round(answer.ms * US_PER_MS)));
    calls++;
    if (!outcome.ok) errors++;
    if (calls >= maxRequests && stoppedEarly === undefined) stoppedEarly = `reached the request cap of ${maxRequests} calls`;
  };

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const left = deadline - performance.now();
      if (left <= 0) return resolve();
      setTimeout(resolve, Math.min(ms, left));
    });

  const mcpHeaders = (user: LoadUser) => ({ ...MCP_HEADERS, authorization: `Bearer ${user.token}` });
  const tenantKey = Buffer.from(target.tenantSecret ?? '', 'utf8');
  const sign = (message: string) => createHmac('sha256', tenantKey).update(message, 'utf8').digest('hex');

  /** The start of a VU: the MCP handshake, or a Go sync session of its own. Undefined: could not start. */
  const startVu = async (user: LoadUser): Promise<{ session?: GoSession } | undefined> => {
    if (scenario === 'mcp') {
      const answer = await send(target.mcpUrl, 'POST', mcpHeaders(user), initializeBody(1, 'toolbridge-load'));
      if (!answer) return undefined;
      recordRequest(answer, judgeInitialize(answer.status, answer.text, answer.transportError));
      const notified = await send(target.mcpUrl, 'POST', mcpHeaders(user), INITIALIZED_NOTIFICATION);
      if (notified) recordRequest(notified, undefined);
      return {};
    }
    const answer = await send(`${target.goApiUrl}/v1/sync/sessions`, 'POST', goHeaders(user.token, target.tenantId, undefined, Date.now(), sign, false), undefined);
    if (!answer) return undefined;
    recordRequest(answer, judgeSessionOpen(answer.status, answer.text, answer.transportError));
    const session = parseSession(answer.status, answer.text);
    return session ? { session } : undefined;
  };

  const callStep = async (step: Step, user: LoadUser, session: GoSession | undefined, rpcId: number): Promise<Outcome | undefined> => {
    if (scenario === 'mcp') {
      const answer = await send(target.mcpUrl, 'POST', mcpHeaders(user), toolCallBody(rpcId, toolCall(step)));
      if (!answer) return undefined;
      const outcome = judgeToolCall(step.kind, answer.status, answer.text, answer.transportError);
      recordCall(answer, outcome);
      return outcome;
    }
    const go = goRequest(step);
    const body = go.body === undefined ? undefined : JSON.stringify(go.body);
    const answer = await send(`${target.goApiUrl}${go.path}`, go.method, goHeaders(user.token, target.tenantId, session, Date.now(), sign, body !== undefined), body);
    if (!answer) return undefined;
    const outcome = judgeGoRequest(step.kind, go, answer.status, answer.text, answer.transportError);
    recordCall(answer, outcome);
    return outcome;
  };

  const virtualUser = async (vu: number) => {
    const user = options.users[vu - 1]!;
    let session: GoSession | undefined;
    let startedVu = false;
    let rpcId = 1;
    for (let iteration = 0; !stopping(); iteration++) {
      if (!startedVu) {
        const start = await startVu(user);
        if (!start) {
          await pause(thinkTimeMs(options.thinkMs, Math.random()) || 50);
          continue;
        }
        startedVu = true;
        session = start.session;
      }
      const plan = planIteration(vu, iteration);
      let uid: string | undefined;
      for (const kind of plan.steps) {
        if (stopping()) return;
        if (needsItem(kind) && !uid) break; // the create failed: nothing to work on
        const outcome = await callStep({ kind, entity: plan.entity, marker: plan.marker, ...(uid ? { uid } : {}) }, user, session, ++rpcId);
        if (!outcome) return;
        if (kind === 'create') uid = outcome.uid;
        await pause(thinkTimeMs(options.thinkMs, Math.random()));
      }
    }
  };

  let lastCalls = 0;
  let lastAt = started;
  const progressTimer =
    onProgress && (options.progressEveryMs ?? 0) > 0
      ? setInterval(() => {
          const now = performance.now();
          onProgress({
            elapsedS: Math.round((now - started) / 100) / 10,
            calls,
            errors,
            rps: Math.round(((calls - lastCalls) / ((now - lastAt) / 1000)) * 10) / 10,
            p95Ms: Math.round((histogram.getValueAtPercentile(95) / US_PER_MS) * 10) / 10,
          });
          lastCalls = calls;
          lastAt = now;
        }, options.progressEveryMs)
      : undefined;

  // After the duration no VU starts a call; in-flight calls get the graceful stop, then they are abandoned.
  let graceTimer: NodeJS.Timeout | undefined;
  const deadlineTimer = setTimeout(() => {
    graceTimer = setTimeout(() => hardStop.abort(), options.gracefulStopMs);
  }, options.durationMs);
  await Promise.all(Array.from({ length: options.vus }, (_, i) => virtualUser(i + 1)));
  clearTimeout(deadlineTimer);
  clearTimeout(graceTimer);
  if (progressTimer) clearInterval(progressTimer);
  const elapsedMs = performance.now() - started;
  await dispatcher.close();

  const latency = distributionOf(histogram);
  const metricValues: Record<string, Record<string, number>> = {
    [METRICS.calls]: { count: calls },
    [METRICS.errors]: { count: errors },
    [`http_req_failed{scenario:${scenarioKey}}`]: httpRequests > 0 ? { rate: httpFailures / httpRequests, passes: httpFailures, fails: httpRequests - httpFailures } : {},
  };
  const checkTotals = Object.values(checkCounts).reduce((acc, c) => ({ passed: acc.passed + c.passed, failed: acc.failed + c.failed }), { passed: 0, failed: 0 });
  const checkTotal = checkTotals.passed + checkTotals.failed;
  metricValues[`checks{scenario:${scenarioKey}}`] = checkTotal > 0 ? { rate: checkTotals.passed / checkTotal, passes: checkTotals.passed, fails: checkTotals.failed } : {};
  const defs = scenarioThresholds(scenarioKey);
  const trend: Record<string, number> =
    calls > 0 ? { avg: latency.meanMs, min: latency.minMs, med: latency.p50Ms, max: latency.maxMs, count: calls } : {};
  for (const def of defs) {
    const { aggregation } = parseThreshold(def.expression);
    const p = /^p\((.+)\)$/.exec(aggregation);
    if (p && calls > 0) trend[aggregation] = histogram.getValueAtPercentile(Number(p[1])) / US_PER_MS;
  }
  metricValues[METRICS.duration] = trend;
  const thresholds = defs.map((def) => evaluateThreshold(def, metricValues[def.metric]));
  const durationS = options.durationMs / 1000;

  return {
    scenario,
    summary: makeSummary({
      engine: 'builtin',
      vus: options.vus,
      durationS,
      requests: calls,
      errors,
      latencyMs: { p50: latency.p50Ms, p95: latency.p95Ms, p99: latency.p99Ms, max: latency.maxMs },
      thresholds,
    }),
    thresholds,
    latency,
    histogram: hdr.encodeIntoCompressedBase64(histogram),
    calls,
    errors,
    httpRequests,
    httpFailures,
    checks: checkCounts,
    elapsedMs: Math.round(elapsedMs),
    ...(stoppedEarly ? { stoppedEarly } : {}),
    errorSamples: [...errorReasons.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([reason, count]) => ({ reason, count })),
  };
}
