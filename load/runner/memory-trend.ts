/**
 * Is the proxy's memory flat over a run? RSS sampled at a fixed interval, summarised as start, end, peak and the
 * least-squares slope. Runs longer than two minutes leave their first minute out of the slope: heap growth while the
 * proxy warms up (JIT, pools, caches filling) is not a leak.
 */
import type { ProxyMemoryTrend } from '../../reports/model.js';

export interface RssSample {
  /** seconds since the run started */
  readonly atS: number;
  readonly rssMb: number;
}

const WARM_UP_S = 60;

/** Least-squares slope of RSS over time, MB per minute (0 for fewer than two samples or no time between them). */
export function slopeMbPerMinute(samples: readonly RssSample[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const meanT = samples.reduce((sum, s) => sum + s.atS, 0) / n;
  const meanM = samples.reduce((sum, s) => sum + s.rssMb, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const s of samples) {
    covariance += (s.atS - meanT) * (s.rssMb - meanM);
    variance += (s.atS - meanT) ** 2;
  }
  return variance === 0 ? 0 : (covariance / variance) * 60;
}

export function memoryTrend(samples: readonly RssSample[], peakRssMb: number): ProxyMemoryTrend | undefined {
  if (samples.length < 2) return undefined;
  const lastS = samples.at(-1)!.atS;
  const steady = lastS > 2 * WARM_UP_S ? samples.filter((s) => s.atS >= WARM_UP_S) : samples;
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    startRssMb: samples[0]!.rssMb,
    endRssMb: samples.at(-1)!.rssMb,
    peakRssMb: Math.max(peakRssMb, ...samples.map((s) => s.rssMb)),
    slopeMbPerMin: round(slopeMbPerMinute(steady)),
    samples: samples.length,
  };
}

/** Samples `read()` every `everyMs` until stopped; `stop()` returns the trend. */
export function sampleMemory(read: () => { readonly rssMb: number; readonly peakRssMb: number } | undefined, everyMs = 5_000): { stop(): ProxyMemoryTrend | undefined } {
  const started = performance.now();
  const samples: RssSample[] = [];
  let peak = 0;
  const take = () => {
    const memory = read();
    if (!memory) return;
    peak = Math.max(peak, memory.peakRssMb);
    samples.push({ atS: (performance.now() - started) / 1000, rssMb: memory.rssMb });
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return memoryTrend(samples, peak);
    },
  };
}
