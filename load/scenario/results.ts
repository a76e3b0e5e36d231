/**
 * Metrics, thresholds and the load summary, shared by the k6 scripts and the built-in runner: the same metric names,
 * the same threshold expressions (k6 syntax, evaluated by k6 itself or by evaluateThreshold here), the same summary
 * file. Pure TypeScript with no runtime imports (see scenario.ts for why).
 */
import type { LoadSection } from '../../reports/model.js';
import type { ScenarioName } from './scenario.js';

/** Custom metrics both engines record, one sample per measured call (a tool call, or its direct Go twin). */
export const METRICS = {
  /** Trend, ms: request sent → answer fully read */
  duration: 'call_duration',
  /** Counter: measured calls */
  calls: 'calls',
  /** Counter: measured calls that failed any check or got no answer */
  errors: 'call_errors',
  /** Counter (k6 built-in): open loop, scheduled iterations that found every VU busy */
  dropped: 'dropped_iterations',
} as const;

/** The p95 limit of the seed's success criterion: 50 concurrent users, p95 < 200 ms through the proxy. */
export const P95_LIMIT_MS = 200;

export interface ThresholdDef {
  /** k6 metric, optionally with a tag filter: `http_req_failed{scenario:mcp}` */
  readonly metric: string;
  /** k6 threshold expression: `p(95)<200`, `rate<0.01` */
  readonly expression: string;
  /** what it means, for people reading a failure */
  readonly meaning: string;
  /** a metric without samples counts as zero (k6 emits no dropped_iterations sample when nothing was dropped) */
  readonly absentIsZero?: boolean;
}

/**
 * The gate of a load run. Request-level metrics are filtered on the scenario tag so that setup and teardown
 * requests (sessions, cleanup) never count.
 */
export function scenarioThresholds(scenarioKey: string, mode: LoadMode = 'closed'): ThresholdDef[] {
  return [
    { metric: METRICS.duration, expression: `p(95)<${P95_LIMIT_MS}`, meaning: `95 % of calls answered within ${P95_LIMIT_MS} ms` },
    { metric: `http_req_failed{scenario:${scenarioKey}}`, expression: 'rate<0.01', meaning: 'fewer than 1 % of HTTP requests failed (no answer, or status ≥ 400)' },
    { metric: `checks{scenario:${scenarioKey}}`, expression: 'rate>0.99', meaning: 'more than 99 % of checks passed (tool errors count here)' },
    ...(mode === 'open'
      ? [
          {
            metric: METRICS.dropped,
            expression: 'count<1',
            meaning: 'every scheduled call started (a dropped one means the VUs could not keep up: the latencies would miss the slowest part)',
            absentIsZero: true,
          },
        ]
      : []),
  ];
}

/** closed: virtual users with think time; open: calls arrive at a constant rate whatever the answers take. */
export type LoadMode = 'closed' | 'open';

/** `options.thresholds` for k6. */
export function k6Thresholds(defs: readonly ThresholdDef[]): Record<string, string[]> {
  const thresholds: Record<string, string[]> = {};
  for (const def of defs) thresholds[def.metric] = [...(thresholds[def.metric] ?? []), def.expression];
  return thresholds;
}

export function thresholdName(def: Pick<ThresholdDef, 'metric' | 'expression'>): string {
  return `${def.metric} ${def.expression}`;
}

/** Scenario tags the k6 scripts put on every sample, so each instance's JSON output says how the run was driven. */
export const SHAPE_TAGS = { mode: 'tb_mode', vus: 'tb_vus', durationS: 'tb_duration_s', rate: 'tb_rate' } as const;

/** Trend statistics k6 must keep for the summary (handleSummary only sees these). */
export const TREND_STATS = ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(95)', 'p(99)', 'count'];

type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface ParsedThreshold {
  /** the k6 values key it reads: `p(95)`, `rate`, `count`, `avg`, `med`, `min`, `max`, `value` */
  readonly aggregation: string;
  readonly operator: Operator;
  readonly bound: number;
}

/** Parses a k6 threshold expression (`p(95)<200`, `rate<0.01`, `count>=10`, `avg < 5`). */
export function parseThreshold(expression: string): ParsedThreshold {
  const match = /^\s*(avg|min|max|med|count|rate|value|p\(\d+(?:\.\d+)?\))\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(expression);
  if (!match) throw new Error(`unsupported threshold expression "${expression}"`);
  return { aggregation: match[1]!, operator: match[2] as Operator, bound: Number(match[3]) };
}

function compare(actual: number, operator: Operator, bound: number): boolean {
  switch (operator) {
    case '<':
      return actual < bound;
    case '<=':
      return actual <= bound;
    case '>':
      return actual > bound;
    case '>=':
      return actual >= bound;
    case '==':
      return actual === bound;
    case '!=':
      return actual !== bound;
  }
}

export interface ThresholdResult {
  readonly name: string;
  readonly ok: boolean;
  /** the measured value the expression was evaluated on (absent: the metric had no samples) */
  readonly actual?: number;
}

/**
 * Evaluates one threshold on a metric's values, keyed as k6 keys them (`p(95)`, `rate`, `count`…). A metric without
 * samples fails, as an empty Trend's percentile would in k6 only by accident: no data is never a pass.
 */
export function evaluateThreshold(def: Pick<ThresholdDef, 'metric' | 'expression'>, values: Readonly<Record<string, number>> | undefined): ThresholdResult {
  const parsed = parseThreshold(def.expression);
  const actual = values?.[parsed.aggregation];
  if (actual === undefined || !Number.isFinite(actual)) return { name: thresholdName(def), ok: false };
  return { name: thresholdName(def), ok: compare(actual, parsed.operator, parsed.bound), actual };
}

// ---- The summary -------------------------------------------------------------------------------------------------

/** reports/out/load-summary.json: exactly the `load` section of the verification report (reports/model.ts). */
export type LoadSummary = LoadSection;

const round = (value: number, digits: number) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

export interface SummaryInput {
  readonly engine: LoadSummary['engine'];
  readonly vus: number;
  readonly durationS: number;
  readonly requests: number;
  readonly errors: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number };
  readonly thresholds: readonly ThresholdResult[];
  readonly open?: { readonly arrivalRatePerS: number; readonly droppedIterations: number };
  readonly shards?: number;
}

export function makeSummary(input: SummaryInput): LoadSummary {
  const nonNegative = (v: number) => (Number.isFinite(v) && v > 0 ? v : 0);
  return {
    engine: input.engine,
    vus: input.vus,
    durationS: round(nonNegative(input.durationS), 3),
    requests: Math.round(nonNegative(input.requests)),
    errors: Math.round(nonNegative(input.errors)),
    rps: input.durationS > 0 ? round(nonNegative(input.requests) / input.durationS, 2) : 0,
    latencyMs: {
      p50: round(nonNegative(input.latencyMs.p50), 2),
      p95: round(nonNegative(input.latencyMs.p95), 2),
      p99: round(nonNegative(input.latencyMs.p99), 2),
      max: round(nonNegative(input.latencyMs.max), 2),
    },
    thresholds: input.thresholds.map((t) => ({ name: t.name, ok: t.ok })),
    ...(input.open
      ? { mode: 'open' as const, arrivalRatePerS: input.open.arrivalRatePerS, droppedIterations: Math.round(nonNegative(input.open.droppedIterations)) }
      : {}),
    ...(input.shards !== undefined ? { shards: input.shards } : {}),
  };
}

/** The part of k6's handleSummary data the summary reads. */
export interface K6SummaryData {
  readonly metrics: Readonly<
    Record<
      string,
      {
        readonly values?: Readonly<Record<string, number>>;
        readonly thresholds?: Readonly<Record<string, { readonly ok: boolean }>>;
      }
    >
  >;
}

/**
 * handleSummary's data → the summary. Threshold verdicts are k6's own; a declared threshold k6 did not report
 * (its metric never got a sample) counts as failed.
 */
export function summaryFromK6(
  data: K6SummaryData,
  defs: readonly ThresholdDef[],
  run: { readonly vus: number; readonly durationS: number; readonly open?: { readonly arrivalRatePerS: number } },
): LoadSummary {
  const values = (metric: string) => data.metrics[metric]?.values ?? {};
  const duration = values(METRICS.duration);
  return makeSummary({
    engine: 'k6',
    vus: run.vus,
    durationS: run.durationS,
    requests: values(METRICS.calls).count ?? 0,
    errors: values(METRICS.errors).count ?? 0,
    latencyMs: { p50: duration['p(50)'] ?? duration.med ?? 0, p95: duration['p(95)'] ?? 0, p99: duration['p(99)'] ?? 0, max: duration.max ?? 0 },
    thresholds: defs.map((def) => {
      const verdict = data.metrics[def.metric]?.thresholds?.[def.expression]?.ok;
      if (verdict !== undefined) return { name: thresholdName(def), ok: verdict };
      return def.absentIsZero && data.metrics[def.metric] === undefined ? evaluateThreshold(def, { count: 0 }) : { name: thresholdName(def), ok: false };
    }),
    ...(run.open ? { open: { arrivalRatePerS: run.open.arrivalRatePerS, droppedIterations: values(METRICS.dropped).count ?? 0 } } : {}),
  });
}

/** Thresholds that did not hold. */
export function breachedThresholds(summary: Pick<LoadSummary, 'thresholds'>): string[] {
  return summary.thresholds.filter((t) => !t.ok).map((t) => t.name);
}

/** A few lines for a terminal or a CI log. */
export function renderSummary(summary: LoadSummary, scenario: ScenarioName): string {
  const l = summary.latencyMs;
  const lines = [
    `load (${summary.engine}, scenario ${scenario}${summary.shards ? `, ${summary.shards} shards merged` : ''}): ${describeLoadShape(summary)}`,
    `  ${summary.requests} calls, ${summary.errors} errors, ${summary.rps} calls/s` +
      (summary.mode === 'open' ? `, ${summary.droppedIterations ?? 0} dropped (latency from each call's scheduled start)` : ''),
    `  latency p50 ${l.p50} ms · p95 ${l.p95} ms · p99 ${l.p99} ms · max ${l.max} ms`,
    ...(summary.proxyMemory
      ? [
          `  proxy RSS ${summary.proxyMemory.startRssMb} → ${summary.proxyMemory.endRssMb} MB (peak ${summary.proxyMemory.peakRssMb} MB), ` +
            `slope ${summary.proxyMemory.slopeMbPerMin} MB/min over ${summary.proxyMemory.samples} samples`,
        ]
      : []),
    ...summary.thresholds.map((t) => `  ${t.ok ? '✓' : '✗'} ${t.name}`),
  ];
  const breached = breachedThresholds(summary);
  lines.push(breached.length === 0 ? '  thresholds passed' : `  THRESHOLDS BREACHED: ${breached.join('; ')}`);
  return `${lines.join('\n')}\n`;
}

/** `50 VUs for 30 s`, or `150 calls/s (open loop, up to 50 VUs) for 30 s`. */
export function describeLoadShape(summary: Pick<LoadSummary, 'mode' | 'arrivalRatePerS' | 'vus' | 'durationS'>): string {
  return summary.mode === 'open'
    ? `${summary.arrivalRatePerS} calls/s (open loop, up to ${summary.vus} VUs) for ${summary.durationS} s`
    : `${summary.vus} VUs for ${summary.durationS} s`;
}
