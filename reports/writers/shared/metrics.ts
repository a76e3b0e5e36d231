/**
 * Reading check metrics: which ones are charts (bucket → count records) and the latency headline numbers
 * (p50Ms, p95Ms, p99Ms… on checks of the latency area).
 */
import type { MetricValue } from '../../../framework/model/types.js';
import type { ReportedCheck } from '../../model.js';

/** A record of finite numbers (e.g. a histogram `{"0-5": 12, "5-10": 30}`), drawn as a bar chart. */
export function isNumberRecord(value: MetricValue): value is Readonly<Record<string, number>> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}

/** Metric names that are latency percentiles in milliseconds: p50Ms, p95Ms, p99Ms, p99.9Ms. */
const PERCENTILE_METRIC = /^p(\d+(?:\.\d+)?)Ms$/;

export interface Percentile {
  /** "p95" */
  readonly label: string;
  readonly ms: number;
}

export interface LatencyHeadline {
  readonly id: string;
  readonly title: string;
  readonly status: ReportedCheck['status'];
  /** ascending by percentile */
  readonly percentiles: readonly Percentile[];
  readonly maxMs?: number;
  readonly samples?: number;
}

function percentilesOf(metrics: ReportedCheck['metrics']): Percentile[] {
  const found: { rank: number; label: string; ms: number }[] = [];
  for (const [name, value] of Object.entries(metrics)) {
    const match = PERCENTILE_METRIC.exec(name);
    if (match?.[1] && typeof value === 'number' && Number.isFinite(value)) found.push({ rank: Number(match[1]), label: `p${match[1]}`, ms: value });
  }
  return found.sort((a, b) => a.rank - b.rank).map(({ label, ms }) => ({ label, ms }));
}

function finiteNumber(value: MetricValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The latency checks that reported percentiles, in report order. */
export function latencyHeadlines(checks: readonly ReportedCheck[]): LatencyHeadline[] {
  const headlines: LatencyHeadline[] = [];
  for (const check of checks) {
    if (check.area !== 'latency') continue;
    const percentiles = percentilesOf(check.metrics);
    if (percentiles.length === 0) continue;
    const maxMs = finiteNumber(check.metrics['maxMs']);
    const samples = finiteNumber(check.metrics['samples']);
    headlines.push({
      id: check.id,
      title: check.title,
      status: check.status,
      percentiles,
      ...(maxMs === undefined ? {} : { maxMs }),
      ...(samples === undefined ? {} : { samples }),
    });
  }
  return headlines;
}

/** The distinct percentile labels across headlines, ascending ("p50", "p95", "p99"). */
export function percentileColumns(headlines: readonly LatencyHeadline[]): string[] {
  const ranks = new Map<string, number>();
  for (const headline of headlines) for (const p of headline.percentiles) ranks.set(p.label, Number(p.label.slice(1)));
  return [...ranks.entries()].sort(([, a], [, b]) => a - b).map(([label]) => label);
}
