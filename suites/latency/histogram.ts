/**
 * Latency distributions: an HDR histogram (microsecond resolution) plus the coarse buckets the HTML report draws.
 */
import * as hdr from 'hdr-histogram-js';

const BUCKETS_MS = [2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000] as const;

export class LatencyRecorder {
  private readonly histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
  private readonly buckets = new Map<string, number>();
  count = 0;

  constructor() {
    let lower = 0;
    for (const upper of BUCKETS_MS) {
      this.buckets.set(`${lower}-${upper}`, 0);
      lower = upper;
    }
    this.buckets.set(`${lower}+`, 0);
  }

  record(ms: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
    this.count++;
    const upperIndex = BUCKETS_MS.findIndex((upper) => ms < upper);
    const key = [...this.buckets.keys()][upperIndex === -1 ? BUCKETS_MS.length : upperIndex]!;
    this.buckets.set(key, (this.buckets.get(key) ?? 0) + 1);
  }

  merge(other: LatencyRecorder): void {
    this.histogram.add(other.histogram);
    this.count += other.count;
    for (const [key, value] of other.buckets) this.buckets.set(key, (this.buckets.get(key) ?? 0) + value);
  }

  /** a percentile in milliseconds, 0.01 ms resolution */
  percentile(p: number): number {
    return Math.round(this.histogram.getValueAtPercentile(p) / 10) / 100;
  }

  summary(): { p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number; samples: number } {
    return {
      p50Ms: this.percentile(50),
      p95Ms: this.percentile(95),
      p99Ms: this.percentile(99),
      maxMs: Math.round(this.histogram.maxValue / 10) / 100,
      samples: this.count,
    };
  }

  /** bucket label → count, in ascending order (drawn as a chart by the HTML report) */
  histogramBuckets(): Record<string, number> {
    return Object.fromEntries(this.buckets);
  }
}

/** Runs `sample` `count` times, recording each duration. */
export async function measure(recorder: LatencyRecorder, count: number, sample: (i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < count; i++) {
    const startedAt = performance.now();
    await sample(i);
    recorder.record(performance.now() - startedAt);
  }
}
