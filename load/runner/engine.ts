/**
 * The built-in load engine, for machines without k6: virtual users on undici, latencies in an HDR histogram, the k6
 * scenario's steps, checks, metrics and thresholds (load/scenario/), one summary format. Two ways to drive them:
 *
 *  - closed loop (k6 `constant-vus`): each VU runs the workflow with think time between calls;
 *  - open loop (k6 `constant-arrival-rate`): calls are scheduled at a fixed rate whatever the answers take; each goes
 *    to a free VU (its next workflow step), or is dropped and counted when every VU is busy. Latency runs from the
 *    scheduled start, so a slow answer that delays the generator shows in the numbers (no coordinated omission).
 *
 * A run can be one shard of several (load/runner/schedule.ts): it makes only its share of the VUs and arrivals and
 * returns a mergeable part (load/results/).
 *
 * Bounded in time and in count: no VU starts a call after the duration, in-flight calls get `gracefulStopMs` to
 * finish (then they are abandoned and not recorded, as k6 does), and the run stops early once it has made
 * `maxRequests` calls.
 */
import { createHmac } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { rootCertificates } from 'node:tls';
import { Agent, request, type Dispatcher } from 'undici';
import {
  BOUNDS,
  INITIALIZED_NOTIFICATION,
  MCP_HEADERS,
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
  workflowCursor,
  type WorkflowCursor,
} from '../scenario/scenario.js';
import type { LoadSummary, ThresholdResult } from '../scenario/results.js';
import { encodeHistogram, newHistogram, percentileMs, recordMs, type Distribution } from '../results/histogram.js';
import { PART_FORMAT, type LoadPart } from '../results/part.js';
import { judge, type Counters, type RunShape } from '../results/tally.js';
import { WHOLE_RUN, shardArrivals, shardVus, type Shard } from './schedule.js';

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
  /** virtual users of the whole run (a shard runs its share) */
  readonly vus: number;
  readonly durationMs: number;
  /** closed loop: mean think time after each call */
  readonly thinkMs: number;
  /** open loop: calls scheduled per second for the whole run (absent: closed loop) */
  readonly arrivalRatePerS?: number;
  /** this run's share of a sharded run (default: the whole run) */
  readonly shard?: Shard;
  readonly gracefulStopMs: number;
  /** stop early after this many calls (default: BOUNDS.maxRequestsPerVuSecond per VU-second) */
  readonly maxRequests?: number;
  readonly target: EngineTarget;
  /** one identity per VU of this run's share, in the order of shardVus(vus, shard) */
  readonly users: readonly LoadUser[];
  /** per-request timeout (k6's default is 60 s) */
  readonly requestTimeoutMs?: number;
  /** a progress report every this many ms (0: none) */
  readonly progressEveryMs?: number;
  /**
   * open loop: every VU makes its handshake before the clock starts, so the measured window holds tool calls only
   * (the bench's CPU per call). Without it a VU's first arrival is its handshake, as in the k6 script.
   */
  readonly handshakesFirst?: boolean;
  /**
   * run the same workload this long first, unmeasured, on the same VUs and connections: the generator's own code
   * and connections are then as warm as the target's (a fresh worker is cold for its first seconds)
   */
  readonly warmupMs?: number;
}

export interface Progress {
  readonly elapsedS: number;
  readonly calls: number;
  readonly errors: number;
  readonly rps: number;
  readonly p95Ms: number;
}

export type { Distribution };

export interface EngineResult {
  readonly scenario: ScenarioName;
  /** this run's summary (a shard's own share) */
  readonly summary: LoadSummary;
  /** thresholds with the measured values */
  readonly thresholds: readonly ThresholdResult[];
  readonly latency: Distribution;
  /** the call-duration histogram (µs), HDR compressed base64, for merging runs */
  readonly histogram: string;
  /** what merges with the other shards into the whole run's summary */
  readonly part: LoadPart;
  readonly calls: number;
  readonly errors: number;
  readonly httpRequests: number;
  readonly httpFailures: number;
  readonly droppedIterations: number;
  readonly checks: Readonly<Record<string, { readonly passed: number; readonly failed: number }>>;
  /** wall time from the first VU start to the last VU end */
  readonly elapsedMs: number;
  /** set when the run ended before its duration (request cap) */
  readonly stoppedEarly?: string;
  /** up to ten distinct failure reasons, most frequent first, with counts */
  readonly errorSamples: readonly { readonly reason: string; readonly count: number }[];
}

/** The most calls per second one VU may be asked for in the open loop: the closed loop's pace at 200 ms think time. */
export const MAX_RATE_PER_VU = 5;

function validate(options: EngineOptions, vuIds: readonly number[]): void {
  const problems: string[] = [];
  if (!Number.isInteger(options.vus) || options.vus < 1 || options.vus > BOUNDS.maxVus) problems.push(`vus must be 1–${BOUNDS.maxVus}`);
  if (!(options.durationMs > 0) || options.durationMs > BOUNDS.maxDurationMs) problems.push('duration must be above 0 and at most 1 h');
  if (!(options.thinkMs >= 0) || options.thinkMs > BOUNDS.maxThinkMs) problems.push(`think time must be 0–${BOUNDS.maxThinkMs} ms`);
  const rate = options.arrivalRatePerS;
  if (rate !== undefined && !(rate > 0 && rate <= options.vus * MAX_RATE_PER_VU)) {
    problems.push(`the arrival rate must be above 0 and at most ${MAX_RATE_PER_VU} per VU (${options.vus * MAX_RATE_PER_VU}/s for ${options.vus} VUs: the API limits each user to 10/s)`);
  }
  if (vuIds.length === 0) problems.push(`shard ${options.shard?.index}/${options.shard?.count} has no VUs of ${options.vus}`);
  if (options.users.length < vuIds.length) problems.push(`${vuIds.length} VUs need ${vuIds.length} identities, got ${options.users.length}`);
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

/** One VU: its identity and where it is in its workflow. */
interface VirtualUser {
  readonly id: number;
  readonly user: LoadUser;
  session?: GoSession;
  started: boolean;
  rpcId: number;
  readonly cursor: WorkflowCursor;
}

export async function runEngine(options: EngineOptions, onProgress?: (progress: Progress) => void, onClockStart?: () => void): Promise<EngineResult> {
  const shard = options.shard ?? WHOLE_RUN;
  const vuIds = shardVus(options.vus, shard);
  validate(options, vuIds);
  const { scenario, target } = options;
  const open = options.arrivalRatePerS !== undefined;
  const maxRequests = options.maxRequests ?? Math.ceil(vuIds.length * (options.durationMs / 1000) * BOUNDS.maxRequestsPerVuSecond);
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
  let dropped = 0;
  let stoppedEarly: string | undefined;

  let started = performance.now();
  let deadline = started + options.durationMs;
  const hardStop = new AbortController();
  setMaxListeners(vuIds.length * 2 + 10, hardStop.signal); // one listener per in-flight request
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

  /** A measured call; its latency runs from `since` (the send in the closed loop, the scheduled start in the open). */
  const recordCall = (answer: Answer, outcome: Outcome, since: number | undefined) => {
    recordRequest(answer, outcome);
    recordMs(histogram, since === undefined ? answer.ms : performance.now() - since);
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

  /** The start of a VU: the MCP handshake, or a Go sync session of its own. False: could not start. */
  const startVu = async (vu: VirtualUser): Promise<boolean> => {
    if (scenario === 'mcp') {
      const answer = await send(target.mcpUrl, 'POST', mcpHeaders(vu.user), initializeBody(1, 'toolbridge-load'));
      if (!answer) return false;
      recordRequest(answer, judgeInitialize(answer.status, answer.text, answer.transportError));
      const notified = await send(target.mcpUrl, 'POST', mcpHeaders(vu.user), INITIALIZED_NOTIFICATION);
      if (notified) recordRequest(notified, undefined);
      vu.started = true;
      return true;
    }
    const answer = await send(`${target.goApiUrl}/v1/sync/sessions`, 'POST', goHeaders(vu.user.token, target.tenantId, undefined, Date.now(), sign, false), undefined);
    if (!answer) return false;
    recordRequest(answer, judgeSessionOpen(answer.status, answer.text, answer.transportError));
    const session = parseSession(answer.status, answer.text);
    if (!session) return false;
    vu.session = session;
    vu.started = true;
    return true;
  };

  const callStep = async (step: Step, vu: VirtualUser, since?: number): Promise<Outcome | undefined> => {
    if (scenario === 'mcp') {
      const answer = await send(target.mcpUrl, 'POST', mcpHeaders(vu.user), toolCallBody(++vu.rpcId, toolCall(step)));
      if (!answer) return undefined;
      const outcome = judgeToolCall(step.kind, answer.status, answer.text, answer.transportError);
      recordCall(answer, outcome, since);
      return outcome;
    }
    const go = goRequest(step);
    const body = go.body === undefined ? undefined : JSON.stringify(go.body);
    const answer = await send(`${target.goApiUrl}${go.path}`, go.method, goHeaders(vu.user.token, target.tenantId, vu.session, Date.now(), sign, body !== undefined), body);
    if (!answer) return undefined;
    const outcome = judgeGoRequest(step.kind, go, answer.status, answer.text, answer.transportError);
    recordCall(answer, outcome, since);
    return outcome;
  };

  /** Closed loop: the VU runs its workflow with think time until the duration is over. */
  const closedLoop = async (vu: VirtualUser) => {
    for (let iteration = 0; !stopping(); iteration++) {
      if (!vu.started && !(await startVu(vu))) {
        await pause(thinkTimeMs(options.thinkMs, Math.random()) || 50);
        continue;
      }
      const plan = planIteration(vu.id, iteration);
      let uid: string | undefined;
      for (const kind of plan.steps) {
        if (stopping()) return;
        if (needsItem(kind) && !uid) break; // the create failed: nothing to work on
        const outcome = await callStep({ kind, entity: plan.entity, marker: plan.marker, ...(uid ? { uid } : {}) }, vu);
        if (!outcome) return;
        if (kind === 'create') uid = outcome.uid;
        await pause(thinkTimeMs(options.thinkMs, Math.random()));
      }
    }
  };

  /**
   * Open loop: one arrival is one call, the next step of a free VU's workflow (a VU's first arrival is its handshake,
   * as in the k6 script). Arrivals are due at fixed times; one that finds every VU busy is dropped and counted.
   */
  const openLoop = async (ratePerS: number, phaseMs: number) => {
    const free = [...virtualUsers];
    const inFlight = new Set<Promise<void>>();
    const arrive = async (vu: VirtualUser, scheduledAt: number) => {
      if (!vu.started) {
        await startVu(vu);
        return;
      }
      const step = vu.cursor.next();
      const outcome = await callStep(step, vu, scheduledAt);
      vu.cursor.done(step, outcome);
    };
    for (const { atMs } of shardArrivals(ratePerS, phaseMs, shard)) {
      if (stoppedEarly !== undefined) break;
      const due = started + atMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const vu = free.shift();
      if (!vu) {
        dropped++;
        continue;
      }
      const call: Promise<void> = arrive(vu, due).finally(() => {
        free.push(vu);
        inFlight.delete(call);
      });
      inFlight.add(call);
    }
    await Promise.all(inFlight);
  };

  const virtualUsers: VirtualUser[] = vuIds.map((id, i) => ({ id, user: options.users[i]!, started: false, rpcId: 1, cursor: workflowCursor(id) }));
  if (open && options.handshakesFirst) await Promise.all(virtualUsers.map(startVu));
  /** Runs the workload for `ms` from now. */
  const drive = async (ms: number) => {
    started = performance.now();
    deadline = started + ms;
    if (options.arrivalRatePerS !== undefined) await openLoop(options.arrivalRatePerS, ms);
    else await Promise.all(virtualUsers.map(closedLoop));
  };
  if ((options.warmupMs ?? 0) > 0) {
    await drive(options.warmupMs!);
    // what the warm-up counted is not the run's
    calls = errors = httpRequests = httpFailures = dropped = 0;
    stoppedEarly = undefined;
    histogram.reset();
    for (const name of Object.keys(checkCounts)) delete checkCounts[name];
    errorReasons.clear();
  }
  onClockStart?.();

  let lastCalls = 0;
  let lastAt = performance.now();
  const progressTimer =
    onProgress && (options.progressEveryMs ?? 0) > 0
      ? setInterval(() => {
          const now = performance.now();
          onProgress({
            elapsedS: Math.round((now - started) / 100) / 10,
            calls,
            errors,
            rps: Math.round(((calls - lastCalls) / ((now - lastAt) / 1000)) * 10) / 10,
            p95Ms: Math.round(percentileMs(histogram, 95) * 10) / 10,
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
  await drive(options.durationMs);
  clearTimeout(deadlineTimer);
  clearTimeout(graceTimer);
  if (progressTimer) clearInterval(progressTimer);
  const elapsedMs = performance.now() - started;
  await dispatcher.close();

  const checkTotals = Object.values(checkCounts).reduce((acc, c) => ({ passed: acc.passed + c.passed, failed: acc.failed + c.failed }), { passed: 0, failed: 0 });
  const counters: Counters = {
    calls,
    errors,
    httpRequests,
    httpFailures,
    checksPassed: checkTotals.passed,
    checksFailed: checkTotals.failed,
    droppedIterations: dropped,
  };
  const durationS = options.durationMs / 1000;
  const wholeRun: RunShape = {
    scenario,
    engine: 'builtin',
    mode: open ? 'open' : 'closed',
    vus: options.vus,
    durationS,
    ...(open ? { arrivalRatePerS: options.arrivalRatePerS } : {}),
  };
  // a shard's own summary describes its share of the run
  const share: RunShape = { ...wholeRun, vus: vuIds.length, ...(open ? { arrivalRatePerS: options.arrivalRatePerS! / shard.count } : {}) };
  const { summary, thresholds, latency } = judge(share, counters, histogram);
  const encoded = encodeHistogram(histogram);
  return {
    scenario,
    summary,
    thresholds,
    latency,
    histogram: encoded,
    part: { format: PART_FORMAT, version: 1, shape: wholeRun, shard, counters, histogram: encoded },
    calls,
    errors,
    httpRequests,
    httpFailures,
    droppedIterations: dropped,
    checks: checkCounts,
    elapsedMs: Math.round(elapsedMs),
    ...(stoppedEarly ? { stoppedEarly } : {}),
    errorSamples: [...errorReasons.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([reason, count]) => ({ reason, count })),
  };
}
