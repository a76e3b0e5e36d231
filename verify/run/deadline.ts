/**
 * A run's total deadline: a signal that fires once the time is up, so the runner stops starting checks and
 * cancels the ones under way instead of running on at a slow target's pace.
 */
/** A whole run, local stack included, ends by then unless --timeout says otherwise. */
export const DEFAULT_DEADLINE_MS = 15 * 60_000;

export class RunDeadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(readonly ms: number) {
    this.timer = setTimeout(() => this.controller.abort(new Error(`deadline of ${this.describe()} reached`)), ms);
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get passed(): boolean {
    return this.controller.signal.aborted;
  }

  describe(): string {
    return formatDuration(this.ms);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/** `90s`, `15m`, `1h`, or plain milliseconds, as --timeout takes it. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 'ms']!;
  const ms = Number(match[1]) * factor;
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : undefined;
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
