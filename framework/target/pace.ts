/**
 * The target's pace, measured before the suites start: a few sequential requests to the Go API's /healthz and the
 * proxy's liveness route. Every tool call makes at least one Go request, so when even the median of these cheapest
 * requests is above the latency gate's p95, the latency checks cannot pass and the whole run would crawl at that
 * pace: the run stops at once with a message that says so.
 */
import { fetch } from 'undici';
import { dispatcherFor } from './dispatcher.js';
import type { TargetSpec } from './spec.js';

export interface PaceSample {
  readonly what: string;
  readonly url: string;
  /** sorted durations of the measured requests, ms */
  readonly durationsMs: readonly number[];
  readonly medianMs: number;
}

const SAMPLES = 5;
const REQUEST_TIMEOUT_MS = 15_000;

async function timeRequest(url: string, spec: TargetSpec): Promise<number> {
  const dispatcher = dispatcherFor(spec);
  const startedAt = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), redirect: 'manual', ...(dispatcher ? { dispatcher } : {}) });
    await response.arrayBuffer();
  } catch {
    // an error or a timeout counts with the time it took: the preflight already showed the target is reachable
  }
  return performance.now() - startedAt;
}

async function sample(what: string, url: string, spec: TargetSpec): Promise<PaceSample> {
  await timeRequest(url, spec); // warm-up: connection set-up and a cold machine's wake-up are not the pace
  const durations: number[] = [];
  for (let i = 0; i < SAMPLES; i++) durations.push(await timeRequest(url, spec));
  durations.sort((a, b) => a - b);
  return { what, url, durationsMs: durations.map((d) => Math.round(d * 10) / 10), medianMs: Math.round(durations[Math.floor(SAMPLES / 2)]! * 10) / 10 };
}

export async function measurePace(spec: TargetSpec): Promise<PaceSample[]> {
  return [await sample('Go API GET /healthz', `${spec.goApiUrl}/healthz`, spec), await sample('proxy GET /', `${spec.proxyUrl}/`, spec)];
}

export function paceVerdict(samples: readonly PaceSample[], p95GateMs: number): { tooSlow: boolean; message: string } {
  const slow = samples.filter((s) => s.medianMs > p95GateMs);
  const measured = samples.map((s) => `${s.what} median ${s.medianMs} ms over ${s.durationsMs.length} requests`).join(', ');
  if (slow.length === 0) return { tooSlow: false, message: `target pace: ${measured}` };
  return {
    tooSlow: true,
    message:
      `the target is far slower than the latency gate (p95 < ${p95GateMs} ms): ${measured}. Every tool call costs at least one ` +
      'such request, so the latency checks cannot pass',
  };
}
