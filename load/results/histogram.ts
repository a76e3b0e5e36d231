/**
 * Call latencies as HDR histograms (microseconds, 3 significant digits): exact to their resolution when added
 * together, so shards merge into the histogram one run would have recorded.
 */
import * as hdr from 'hdr-histogram-js';

export type Histogram = hdr.Histogram;

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

export const US_PER_MS = 1000;

export function newHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
}

/** Records a latency in milliseconds (at least 1 µs). */
export function recordMs(histogram: Histogram, ms: number): void {
  histogram.recordValue(Math.max(1, Math.round(ms * US_PER_MS)));
}

export function percentileMs(histogram: Histogram, percentile: number): number {
  return histogram.getValueAtPercentile(percentile) / US_PER_MS;
}

export function distributionOf(histogram: Histogram): Distribution {
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
    // at the histogram's resolution, as the percentiles are: the same for a run and for its shards merged
    maxMs: count ? ms(histogram.getValueAtPercentile(100)) : 0,
  };
}

export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): Histogram {
  const histogram = newHistogram();
  histogram.add(hdr.decodeFromCompressedBase64(encoded));
  return histogram;
}

/** Several runs' histograms (encoded) added into one. */
export function mergeHistograms(encoded: readonly string[]): { histogram: Histogram; distribution: Distribution } {
  const merged = newHistogram();
  for (const text of encoded) merged.add(hdr.decodeFromCompressedBase64(text));
  return { histogram: merged, distribution: distributionOf(merged) };
}
