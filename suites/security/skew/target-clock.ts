/**
 * The TARGET's clock, as the Go API sees it: skew probes must be placed relative to it, not to the verifier's.
 *
 * Two sources, both bracketed by the request's round trip on the verifier's clock (sent..received):
 * - `serverTime` of GET /v1/sync/info (the Go clock, sub-millisecond): offset in [S − received, S − sent];
 * - the `Date` header (whole seconds, truncated): the server's clock read D..D+1 s happened during the round
 *   trip, so offset in [D − received, D + 1000 − sent].
 * Offsets are target − verifier, in ms. Each sample gives an interval; intervals of the same source are
 * intersected across samples, then the two sources with each other. If they disagree, serverTime wins (it is the
 * clock the tenant check reads; a Date header may be rewritten by a front).
 */
import type { CheckContext } from '../../../framework/checks/context.js';

export interface OffsetInterval {
  readonly lowMs: number;
  readonly highMs: number;
}

export type ClockSource = 'serverTime+Date' | 'serverTime' | 'Date';

export interface ClockEstimate {
  /** target clock − verifier clock, ms (midpoint of the interval) */
  readonly offsetMs: number;
  /** half the width of the interval: the true offset is within ±this */
  readonly uncertaintyMs: number;
  readonly source: ClockSource;
  /** whether the two sources overlap (undefined when only one was available) */
  readonly sourcesAgree: boolean | undefined;
  readonly byServerTime: OffsetInterval | undefined;
  readonly byDate: OffsetInterval | undefined;
}

/** Date.now() has 1 ms resolution: widen every bracket by that much. */
const TICK_MS = 1;
/**
 * Servers cache the formatted Date for up to a second and refresh it on a timer that may fire a little late (Node
 * does), so a Date header can lag the clock slightly behind a second boundary.
 */
const DATE_LAG_MS = 50;

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** RFC 3339 with any number of fraction digits, in (fractional) epoch ms; undefined when unparsable. */
export function parseRfc3339Ms(text: string): number | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const whole = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(whole)) return undefined;
  const fraction = match[2] ? Number(`0.${match[2]}`) * 1000 : 0;
  return whole + fraction;
}

export function fromServerTime(serverTime: string, sentMs: number, receivedMs: number): OffsetInterval | undefined {
  const s = parseRfc3339Ms(serverTime);
  return s === undefined ? undefined : { lowMs: s - receivedMs - TICK_MS, highMs: s - sentMs + TICK_MS };
}

/** An IMF-fixdate (`Tue, 24 Nov 2026 01:48:32 GMT`): the second in which the server read its clock. */
export function fromDateHeader(date: string, sentMs: number, receivedMs: number): OffsetInterval | undefined {
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(date)) return undefined;
  const d = Date.parse(date);
  return Number.isNaN(d) ? undefined : { lowMs: d - receivedMs - TICK_MS, highMs: d + 1000 + DATE_LAG_MS - sentMs + TICK_MS };
}

export function intersect(a: OffsetInterval, b: OffsetInterval): OffsetInterval | undefined {
  const lowMs = Math.max(a.lowMs, b.lowMs);
  const highMs = Math.min(a.highMs, b.highMs);
  return lowMs <= highMs ? { lowMs, highMs } : undefined;
}

const width = (i: OffsetInterval) => i.highMs - i.lowMs;

/** Intersection of all samples of one source; if the samples contradict each other, the narrowest single one. */
export function narrow(samples: readonly OffsetInterval[]): OffsetInterval | undefined {
  if (samples.length === 0) return undefined;
  let acc: OffsetInterval | undefined = samples[0];
  for (const sample of samples.slice(1)) acc = acc && intersect(acc, sample);
  return acc ?? [...samples].sort((a, b) => width(a) - width(b))[0];
}

export function combine(byServerTime: OffsetInterval | undefined, byDate: OffsetInterval | undefined): ClockEstimate | undefined {
  const both = byServerTime && byDate ? intersect(byServerTime, byDate) : undefined;
  const chosen = both ?? byServerTime ?? byDate;
  if (!chosen) return undefined;
  const source: ClockSource = both ? 'serverTime+Date' : byServerTime ? 'serverTime' : 'Date';
  return {
    offsetMs: Math.round((chosen.lowMs + chosen.highMs) / 2),
    uncertaintyMs: Math.ceil(width(chosen) / 2),
    source,
    sourcesAgree: byServerTime && byDate ? both !== undefined : undefined,
    byServerTime,
    byDate,
  };
}

const SAMPLES = 3;

/**
 * Measures the Go API's clock with a few GET /v1/sync/info requests (unauthenticated, cheap), records the estimate
 * as metrics and a note, and returns it; undefined when neither source is usable.
 */
export async function estimateTargetClock(ctx: CheckContext): Promise<ClockEstimate | undefined> {
  const server: OffsetInterval[] = [];
  const date: OffsetInterval[] = [];
  for (let i = 1; i <= SAMPLES; i++) {
    const sentMs = Date.now();
    const response = await ctx.http({ url: `${ctx.target.goApiUrl}/v1/sync/info`, label: `target clock sample ${i}/${SAMPLES}` });
    const receivedMs = Date.now();
    const dateHeader = response.header('date');
    const byDate = dateHeader ? fromDateHeader(dateHeader, sentMs, receivedMs) : undefined;
    if (byDate) date.push(byDate);
    let serverTime: unknown;
    try {
      serverTime = response.status === 200 ? (response.json<{ serverTime?: unknown }>().serverTime ?? undefined) : undefined;
    } catch {
      serverTime = undefined;
    }
    const byServer = typeof serverTime === 'string' ? fromServerTime(serverTime, sentMs, receivedMs) : undefined;
    if (byServer) server.push(byServer);
  }
  const estimate = combine(narrow(server), narrow(date));
  if (!estimate) {
    ctx.note('target clock: neither a serverTime in /v1/sync/info nor a Date header could be read');
    return undefined;
  }
  ctx.metric('clockOffsetMs', estimate.offsetMs);
  ctx.metric('clockUncertaintyMs', estimate.uncertaintyMs);
  ctx.metric('clockSource', estimate.source);
  if (estimate.sourcesAgree !== undefined) ctx.metric('clockSourcesAgree', estimate.sourcesAgree);
  const show = (i: OffsetInterval | undefined) => (i ? `[${Math.round(i.lowMs)}, ${Math.round(i.highMs)}] ms` : 'unavailable');
  ctx.note(
    `target clock = verifier clock ${estimate.offsetMs >= 0 ? '+' : '−'} ${Math.abs(estimate.offsetMs)} ms (±${estimate.uncertaintyMs} ms, from ${estimate.source}); offset by serverTime ${show(estimate.byServerTime)}, by Date header ${show(estimate.byDate)}` +
      (estimate.sourcesAgree === false ? '; the two sources DISAGREE: serverTime (the clock the tenant check reads) is used' : ''),
  );
  return estimate;
}

/** Now on the target's clock (ms, integer). */
export function targetNowMs(estimate: ClockEstimate): number {
  return Math.round(Date.now() + estimate.offsetMs);
}
