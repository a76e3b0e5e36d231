import { describe, expect, test } from 'vitest';
import { memoryTrend, slopeMbPerMinute } from './memory-trend.js';

const series = (minutes: number, mb: (atS: number) => number) => Array.from({ length: minutes * 12 + 1 }, (_, i) => ({ atS: i * 5, rssMb: mb(i * 5) }));

describe('the proxy memory trend', () => {
  test('the slope of a steady leak is its rate, in MB per minute', () => {
    expect(slopeMbPerMinute(series(10, (t) => 80 + (t / 60) * 1.5))).toBeCloseTo(1.5, 6);
  });

  test('flat memory with noise has a slope near zero', () => {
    expect(Math.abs(slopeMbPerMinute(series(10, (t) => 90 + (t % 10 === 0 ? 0.4 : -0.4))))).toBeLessThan(0.01);
  });

  test('growth in the first minute of a long run is warm-up, not a leak', () => {
    const trend = memoryTrend(series(10, (t) => (t < 60 ? 60 + t / 2 : 90)), 95)!;
    expect(trend).toMatchObject({ startRssMb: 60, endRssMb: 90, peakRssMb: 95, samples: 121 });
    expect(trend.slopeMbPerMin).toBe(0);
  });

  test('a short run keeps every sample in the slope; one sample is no trend', () => {
    expect(memoryTrend(series(1, (t) => 60 + t / 6), 0)!.slopeMbPerMin).toBeCloseTo(10, 6);
    expect(memoryTrend([{ atS: 0, rssMb: 70 }], 70)).toBeUndefined();
    expect(slopeMbPerMinute([{ atS: 3, rssMb: 1 }, { atS: 3, rssMb: 9 }])).toBe(0);
  });
});
