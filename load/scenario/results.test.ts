import { describe, expect, it } from 'vitest';
import type { LoadSection } from '../../reports/model.js';
import { createLoadSummaryValidator } from '../testing/load-schema.js';
import {
  METRICS,
  breachedThresholds,
  evaluateThreshold,
  k6Thresholds,
  makeSummary,
  parseThreshold,
  renderSummary,
  scenarioThresholds,
  summaryFromK6,
  type K6SummaryData,
  type LoadSummary,
} from './results.js';

const defs = scenarioThresholds('mcp');

/** handleSummary's data as k6 passes it (only the parts that matter here). */
const k6Data = (p95: number, failedRate: number, checkRate: number, withThresholds = true): K6SummaryData => ({
  metrics: {
    [METRICS.duration]: {
      values: { avg: 20, min: 2, med: 11, max: 400.123, 'p(50)': 11.004, 'p(90)': 50, 'p(95)': p95, 'p(99)': 310, count: 6000 },
      ...(withThresholds ? { thresholds: { 'p(95)<200': { ok: p95 < 200 } } } : {}),
    },
    [METRICS.calls]: { values: { count: 6000, rate: 200 } },
    [METRICS.errors]: { values: { count: 12, rate: 0.4 } },
    'http_req_failed{scenario:mcp}': { values: { rate: failedRate, passes: 1, fails: 6099 }, thresholds: { 'rate<0.01': { ok: failedRate < 0.01 } } },
    'checks{scenario:mcp}': { values: { rate: checkRate, passes: 18000, fails: 12 }, thresholds: { 'rate>0.99': { ok: checkRate > 0.99 } } },
  },
});

describe('thresholds', () => {
  it('are the seed criterion: p95 of calls under 200 ms, failed requests under 1 %, checks over 99 %', () => {
    expect(k6Thresholds(defs)).toEqual({
      call_duration: ['p(95)<200'],
      'http_req_failed{scenario:mcp}': ['rate<0.01'],
      'checks{scenario:mcp}': ['rate>0.99'],
    });
    expect(k6Thresholds([...defs, { metric: 'call_duration', expression: 'p(99)<500', meaning: '' }]).call_duration).toEqual(['p(95)<200', 'p(99)<500']);
  });

  it('parse k6 expressions', () => {
    expect(parseThreshold('p(95)<200')).toEqual({ aggregation: 'p(95)', operator: '<', bound: 200 });
    expect(parseThreshold(' rate >= 0.5 ')).toEqual({ aggregation: 'rate', operator: '>=', bound: 0.5 });
    expect(parseThreshold('p(99.9)!=1')).toEqual({ aggregation: 'p(99.9)', operator: '!=', bound: 1 });
    expect(() => parseThreshold('p95 < 200')).toThrow(/unsupported/);
  });

  it('evaluate on measured values, and fail without data', () => {
    const [p95, failed, checks] = defs as [typeof defs[0], typeof defs[0], typeof defs[0]];
    expect(evaluateThreshold(p95, { 'p(95)': 199.9 })).toEqual({ name: 'call_duration p(95)<200', ok: true, actual: 199.9 });
    expect(evaluateThreshold(p95, { 'p(95)': 200 }).ok).toBe(false);
    expect(evaluateThreshold(failed, { rate: 0.0099 }).ok).toBe(true);
    expect(evaluateThreshold(checks, { rate: 0.99 }).ok).toBe(false);
    expect(evaluateThreshold(p95, {})).toEqual({ name: 'call_duration p(95)<200', ok: false });
    expect(evaluateThreshold(p95, undefined).ok).toBe(false);
  });
});

describe('the load summary', () => {
  it("is built from k6's handleSummary data with k6's own threshold verdicts", () => {
    const summary = summaryFromK6(k6Data(250, 0, 1), defs, { vus: 50, durationS: 30 });
    expect(summary).toEqual({
      engine: 'k6',
      vus: 50,
      durationS: 30,
      requests: 6000,
      errors: 12,
      rps: 200,
      latencyMs: { p50: 11, p95: 250, p99: 310, max: 400.12 },
      thresholds: [
        { name: 'call_duration p(95)<200', ok: false },
        { name: 'http_req_failed{scenario:mcp} rate<0.01', ok: true },
        { name: 'checks{scenario:mcp} rate>0.99', ok: true },
      ],
    } satisfies LoadSummary);
    expect(breachedThresholds(summary)).toEqual(['call_duration p(95)<200']);
  });

  it('counts a threshold k6 did not report as failed', () => {
    expect(summaryFromK6(k6Data(10, 0, 1, false), defs, { vus: 1, durationS: 1 }).thresholds[0]).toEqual({ name: 'call_duration p(95)<200', ok: false });
    expect(summaryFromK6({ metrics: {} }, defs, { vus: 1, durationS: 1 })).toMatchObject({ requests: 0, errors: 0, rps: 0 });
  });

  it('matches the documented shape (the report schema’s load section), from either engine', () => {
    const validate = createLoadSummaryValidator();
    const fromK6: LoadSection = summaryFromK6(k6Data(120, 0.001, 0.999), defs, { vus: 50, durationS: 30 });
    const builtin: LoadSection = makeSummary({
      engine: 'builtin',
      vus: 5,
      durationS: 3,
      requests: 10,
      errors: 0,
      latencyMs: { p50: 1.234, p95: 2, p99: 3, max: Number.NaN },
      thresholds: [{ name: 'call_duration p(95)<200', ok: true, actual: 2 }],
    });
    for (const summary of [fromK6, builtin]) {
      const verdict = validate(JSON.parse(JSON.stringify(summary)));
      expect(verdict.valid, verdict.text).toBe(true);
      expect(Object.keys(summary).sort()).toEqual(['durationS', 'engine', 'errors', 'latencyMs', 'requests', 'rps', 'thresholds', 'vus']);
    }
    expect(builtin.latencyMs).toEqual({ p50: 1.23, p95: 2, p99: 3, max: 0 });
    expect(builtin.thresholds).toEqual([{ name: 'call_duration p(95)<200', ok: true }]);
  });

  it('prints the numbers and names every breached threshold', () => {
    const text = renderSummary(summaryFromK6(k6Data(250, 0.5, 0.5), defs, { vus: 50, durationS: 30 }), 'mcp');
    expect(text).toMatch(/50 VUs for 30 s/);
    expect(text).toMatch(/6000 calls, 12 errors, 200 calls\/s/);
    expect(text).toMatch(/THRESHOLDS BREACHED: call_duration p\(95\)<200; http_req_failed\{scenario:mcp\} rate<0.01; checks\{scenario:mcp\} rate>0.99/);
    expect(renderSummary(summaryFromK6(k6Data(10, 0, 1), defs, { vus: 1, durationS: 1 }), 'mcp')).toMatch(/thresholds passed/);
  });
});
