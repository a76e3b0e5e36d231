/**
 * The scenario's metrics and checks in k6: the custom metrics both engines record (load/scenario/results.ts) and
 * k6's own `checks`. Created in the init context, as k6 requires.
 */
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { METRICS } from '../../scenario/results.ts';
import type { Outcome } from '../../scenario/scenario.ts';

export interface Recorder {
  /** a measured call: duration, count, error count, checks */
  call(durationMs: number, outcome: Outcome, tags: Record<string, string>): void;
  /** a request outside the measured calls (handshake, session): its checks only */
  checks(outcome: Outcome, tags: Record<string, string>): void;
}

export function createRecorder(): Recorder {
  const duration = new Trend(METRICS.duration, true);
  const calls = new Counter(METRICS.calls);
  const errors = new Counter(METRICS.errors);
  const checks = (outcome: Outcome, tags: Record<string, string>) => {
    const sets: Record<string, () => boolean> = {};
    for (const [name, passed] of outcome.checks) sets[name] = () => passed;
    check(null, sets, tags);
  };
  return {
    call(durationMs, outcome, tags) {
      duration.add(durationMs, tags);
      calls.add(1, tags);
      errors.add(outcome.ok ? 0 : 1, tags); // a zero sample too, so the metric exists in the summary
      checks(outcome, tags);
    },
    checks,
  };
}

/** A k6 response body as text ('' when there is none). */
export function bodyText(body: string | ArrayBuffer | null): string {
  return typeof body === 'string' ? body : '';
}
