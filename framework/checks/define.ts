/**
 * Defining checks: metadata plus a body. Bodies are plain async functions of a CheckContext, so they run the
 * same under the verify runner (vitest) and in the project's proof tests.
 */
import type { CheckContext } from './context.js';
import type { CheckMeta } from '../model/types.js';

export interface CheckDef extends CheckMeta {
  run(ctx: CheckContext): Promise<void>;
}

const ID = /^[A-Z][A-Z0-9]*(-[A-Z0-9_]+)+$/;

export function defineCheck(meta: CheckMeta, run: (ctx: CheckContext) => Promise<void>): CheckDef {
  if (!ID.test(meta.id)) throw new Error(`check id "${meta.id}" must look like AREA-NAME (uppercase, dash-separated)`);
  return { ...meta, run };
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
