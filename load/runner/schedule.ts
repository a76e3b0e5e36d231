/**
 * How a run is split: which virtual users and which scheduled arrivals belong to shard i of N. Shards partition the
 * whole run exactly, as k6's execution segments do: VU ids (1-based) and arrival indexes (0-based) are dealt out
 * round-robin, so N shards started together make the same calls at the same times as one run would, and every
 * identity and every arrival belongs to exactly one of them.
 */

export interface Shard {
  /** 1-based */
  readonly index: number;
  readonly count: number;
}

export const WHOLE_RUN: Shard = { index: 1, count: 1 };

/** `2/4` → shard 2 of 4. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a shard: give i/N, e.g. 1/4`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > 1000) throw new Error(`shard count must be 1–1000, got ${count}`);
  if (index < 1 || index > count) throw new Error(`shard index must be 1–${count}, got ${index}`);
  return { index, count };
}

/** The global ids of the virtual users shard `shard` runs, of `vus` in the whole run. */
export function shardVus(vus: number, shard: Shard): number[] {
  const ids: number[] = [];
  for (let id = shard.index; id <= vus; id += shard.count) ids.push(id);
  return ids;
}

/** Milliseconds after the start at which arrival `k` (0-based, of the whole run) is scheduled. */
export function arrivalOffsetMs(k: number, ratePerS: number): number {
  return (k * 1000) / ratePerS;
}

/**
 * The arrivals of one shard, in order: global index and scheduled offset, every arrival of the whole run that is
 * scheduled before `durationMs` and falls to this shard.
 */
export function* shardArrivals(ratePerS: number, durationMs: number, shard: Shard): Generator<{ readonly k: number; readonly atMs: number }> {
  for (let k = shard.index - 1; ; k += shard.count) {
    const atMs = arrivalOffsetMs(k, ratePerS);
    if (atMs >= durationMs) return;
    yield { k, atMs };
  }
}

/** How many arrivals the whole run schedules. */
export function arrivalCount(ratePerS: number, durationMs: number): number {
  return Math.ceil((durationMs * ratePerS) / 1000 - 1e-9);
}
