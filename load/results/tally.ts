/**
 * What a run counted, and the summary and threshold verdicts computed from it: the same code for one built-in run,
 * for one shard and for shards merged, so a merged summary is judged exactly as one run of the same samples would be.
 */
import type { LoadSummary, ThresholdResult } from '../scenario/results.js';
import { METRICS, evaluateThreshold, makeSummary, parseThreshold, scenarioThresholds } from '../scenario/results.js';
import { SCENARIO_KEYS, type ScenarioName } from '../scenario/scenario.js';
import { distributionOf, percentileMs, type Distribution, type Histogram } from './histogram.js';

export interface Counters {
  /** measured calls (tool calls, or their direct Go twins) */
  readonly calls: number;
  /** measured calls that failed a check or got no answer */
  readonly errors: number;
  /** every HTTP request of the scenario, handshakes and sessions included */
  readonly httpRequests: number;
  /** of those, no answer or a status ≥ 400 */
  readonly httpFailures: number;
  readonly checksPassed: number;
  readonly checksFailed: number;
  /** open loop: arrivals that found every VU busy */
  readonly droppedIterations: number;
}

export const NO_COUNTS: Counters = { calls: 0, errors: 0, httpRequests: 0, httpFailures: 0, checksPassed: 0, checksFailed: 0, droppedIterations: 0 };

export function addCounters(a: Counters, b: Counters): Counters {
  return {
    calls: a.calls + b.calls,
    errors: a.errors + b.errors,
    httpRequests: a.httpRequests + b.httpRequests,
    httpFailures: a.httpFailures + b.httpFailures,
    checksPassed: a.checksPassed + b.checksPassed,
    checksFailed: a.checksFailed + b.checksFailed,
    droppedIterations: a.droppedIterations + b.droppedIterations,
  };
}

/** How the run was driven. */
export interface RunShape {
  readonly scenario: ScenarioName;
  readonly engine: LoadSummary['engine'];
  readonly mode: 'closed' | 'open';
  readonly vus: number;
  readonly durationS: number;
  /** open mode */
  readonly arrivalRatePerS?: number;
}

export interface Judged {
  readonly summary: LoadSummary;
  readonly thresholds: readonly ThresholdResult[];
  readonly latency: Distribution;
}

/** k6's values of each metric the thresholds read, from the counters and the latency histogram. */
function metricValues(scenarioKey: string, counters: Counters, histogram: Histogram, percentiles: readonly number[]): Record<string, Record<string, number>> {
  const latency = distributionOf(histogram);
  const rate = (passes: number, total: number): Record<string, number> => (total > 0 ? { rate: passes / total, passes, fails: total - passes } : {});
  const trend: Record<string, number> =
    counters.calls > 0 ? { avg: latency.meanMs, min: latency.minMs, med: latency.p50Ms, max: latency.maxMs, count: counters.calls } : {};
  for (const p of percentiles) if (counters.calls > 0) trend[`p(${p})`] = percentileMs(histogram, p);
  return {
    [METRICS.calls]: { count: counters.calls },
    [METRICS.errors]: { count: counters.errors },
    [METRICS.duration]: trend,
    [`http_req_failed{scenario:${scenarioKey}}`]: rate(counters.httpFailures, counters.httpRequests),
    [`checks{scenario:${scenarioKey}}`]: rate(counters.checksPassed, counters.checksPassed + counters.checksFailed),
    [METRICS.dropped]: { count: counters.droppedIterations },
  };
}

export function judge(shape: RunShape, counters: Counters, histogram: Histogram, extra: Partial<Pick<LoadSummary, 'shards'>> = {}): Judged {
  const scenarioKey = SCENARIO_KEYS[shape.scenario];
  const defs = scenarioThresholds(scenarioKey, shape.mode);
  const percentiles = defs.flatMap((def) => {
    const p = /^p\((.+)\)$/.exec(parseThreshold(def.expression).aggregation);
    return p ? [Number(p[1])] : [];
  });
  const values = metricValues(scenarioKey, counters, histogram, percentiles);
  const thresholds = defs.map((def) => evaluateThreshold(def, values[def.metric]));
  const latency = distributionOf(histogram);
  const summary = makeSummary({
    engine: shape.engine,
    vus: shape.vus,
    durationS: shape.durationS,
    requests: counters.calls,
    errors: counters.errors,
    latencyMs: { p50: latency.p50Ms, p95: latency.p95Ms, p99: latency.p99Ms, max: latency.maxMs },
    thresholds,
    ...(shape.mode === 'open' ? { open: { arrivalRatePerS: shape.arrivalRatePerS ?? 0, droppedIterations: counters.droppedIterations } } : {}),
    ...extra,
  });
  return { summary, thresholds, latency };
}
