/**
 * Defining checks: metadata plus a body. Bodies are plain async functions of a CheckContext, so they run the
 * same under the verify runner (vitest) and in the project's proof tests.
 */
import type { CheckContext, RunSettings } from './context.js';
import type { CheckMeta } from '../model/types.js';

export interface CheckDef extends CheckMeta {
  run(ctx: CheckContext): Promise<void>;
  /**
   * How long the check may take under these settings, for a check that drives an engine with time bounds of its
   * own: the engine must hit its bound (and say so) before the gate gives up on the check.
   */
  timeLimitMs?(settings: RunSettings): number;
}

export interface CheckOptions {
  readonly timeLimitMs?: (settings: RunSettings) => number;
}

const ID = /^[A-Z][A-Z0-9]*(-[A-Z0-9_]+)+$/;

export function defineCheck(meta: CheckMeta, run: (ctx: CheckContext) => Promise<void>, options: CheckOptions = {}): CheckDef {
  if (!ID.test(meta.id)) throw new Error(`check id "${meta.id}" must look like AREA-NAME (uppercase, dash-separated)`);
  return { ...meta, run, ...(options.timeLimitMs ? { timeLimitMs: options.timeLimitMs } : {}) };
}

/** Throws on duplicate ids, so the catalogue's ids stay stable and unique. */
export function catalogue(...groups: readonly (readonly CheckDef[])[]): CheckDef[] {
  const all = groups.flat();
  const seen = new Set<string>();
  for (const check of all) {
    if (seen.has(check.id)) throw new Error(`duplicate check id ${check.id}`);
    seen.add(check.id);
  }
  return all;
}
