/**
 * Runs a k6 script in the shim: init context, then each VU's iterations one after another (each VU a fresh instance
 * of the script module, as k6 gives each VU its own runtime), then handleSummary with data built like k6's.
 */
import { writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { evaluateThreshold, parseThreshold } from '../../scenario/results.js';
import { installGlobals, state, type Sample } from './runtime.js';

interface Job {
  readonly script: string;
  readonly env: Record<string, string>;
  readonly vus: number;
  readonly iterations: number;
  /** write the samples as k6's `--out json` does (NDJSON points) */
  readonly jsonOut?: string;
}

interface ScriptModule {
  readonly options: {
    scenarios: Record<string, { vus?: number; duration?: string; executor: string; tags?: Record<string, string> }>;
    thresholds: Record<string, string[]>;
    summaryTrendStats: string[];
  };
  readonly default: () => void;
  readonly handleSummary: (data: unknown) => Record<string, string>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** k6's values of one metric (or sub-metric `name{tag:value,…}`) over the samples. */
function values(samples: readonly Sample[], key: string): Record<string, number> {
  const match = /^([^{]+)(?:\{(.+)\})?$/.exec(key)!;
  const filters = (match[2] ?? '').split(',').filter(Boolean).map((f) => f.split(':') as [string, string]);
  const chosen = samples.filter((s) => s.metric === match[1] && filters.every(([k, v]) => s.tags[k] === v)).map((s) => s.value);
  if (chosen.length === 0) return {};
  const sorted = [...chosen].sort((a, b) => a - b);
  const sum = chosen.reduce((a, b) => a + b, 0);
  const nonZero = chosen.filter((v) => v !== 0).length;
  return {
    count: match[1] === 'calls' || match[1] === 'call_errors' ? sum : chosen.length,
    rate: nonZero / chosen.length,
    passes: nonZero,
    fails: chosen.length - nonZero,
    avg: sum / chosen.length,
    min: sorted[0]!,
    max: sorted.at(-1)!,
    med: percentile(sorted, 50),
    'p(50)': percentile(sorted, 50),
    'p(90)': percentile(sorted, 90),
    'p(95)': percentile(sorted, 95),
    'p(99)': percentile(sorted, 99),
  };
}

async function run(job: Job) {
  installGlobals(job.env);
  let options: ScriptModule['options'] | undefined;
  let handleSummary: ScriptModule['handleSummary'] | undefined;
  for (let vu = 1; vu <= job.vus; vu++) {
    const module = (await import(`${job.script}?vu=${vu}`)) as ScriptModule;
    options ??= module.options;
    handleSummary ??= module.handleSummary;
    state.scenario = Object.keys(module.options.scenarios)[0]!;
    state.scenarioTags = module.options.scenarios[state.scenario]!.tags ?? {};
    for (let iteration = 0; iteration < job.iterations; iteration++) {
      state.vu = { idInTest: vu, iterationInScenario: iteration };
      module.default();
    }
  }
  const metrics: Record<string, { values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }> = {};
  for (const name of ['call_duration', 'calls', 'call_errors']) metrics[name] = { values: values(state.samples, name) };
  for (const [metric, expressions] of Object.entries(options!.thresholds)) {
    const v = values(state.samples, metric);
    if (Object.keys(v).length === 0) continue; // as in k6: a metric without samples is not in the summary
    metrics[metric] = {
      values: v,
      thresholds: Object.fromEntries(expressions.map((expression) => [expression, { ok: v[parseThreshold(expression).aggregation] !== undefined && evaluateThreshold({ metric, expression }, v).ok }])),
    };
  }
  if (job.jsonOut) {
    const time = new Date().toISOString();
    const points = state.samples.map((sample) => JSON.stringify({ type: 'Point', data: { time, value: sample.value, tags: sample.tags }, metric: sample.metric }));
    writeFileSync(job.jsonOut, `${points.join('\n')}\n`);
  }
  const files = handleSummary!({ metrics, state: { testRunDurationMs: 1 } });
  for (const [path, content] of Object.entries(files)) if (path !== 'stdout' && path !== 'stderr') writeFileSync(path, content);
  const checks = state.samples.filter((s) => s.metric === 'checks');
  return {
    options,
    stdout: files.stdout ?? '',
    files: Object.keys(files).filter((p) => p !== 'stdout' && p !== 'stderr'),
    checks: { passed: checks.filter((c) => c.value === 1).length, failed: checks.filter((c) => c.value !== 1).map((c) => c.tags.check) },
    requests: state.requests.map((r) => ({ ...r, authorization: r.headers.authorization?.replace(/^Bearer .+$/, 'Bearer <token>') })),
    tokens: [...new Set(state.requests.map((r) => r.headers.authorization).filter(Boolean))],
  };
}

run(workerData as Job).then(
  (result) => parentPort!.postMessage({ ok: true, result }),
  (error: unknown) => parentPort!.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
