/**
 * A load result that can be merged: what one run or one shard counted, and its latency histogram (HDR, compressed
 * base64), with the shape of the whole run it belongs to. `npm run load -- --shard i/N` writes one per shard;
 * `npm run load -- merge` adds them into the summary one run would have given.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { SCENARIO_NAMES, type ScenarioName } from '../scenario/scenario.js';
import type { Shard } from '../runner/schedule.js';
import type { Counters, RunShape } from './tally.js';

export const PART_FORMAT = 'toolbridge-load-part';

export interface LoadPart {
  readonly format: typeof PART_FORMAT;
  readonly version: 1;
  /** the whole run's shape (its VUs and rate, not this shard's share) */
  readonly shape: RunShape;
  /** which shard this is; absent for a k6 instance (k6's execution segments partition the run themselves) */
  readonly shard?: Shard;
  readonly counters: Counters;
  /** call durations, µs */
  readonly histogram: string;
}

const count = z.number().int().min(0);

const LoadPartSchema = z.object({
  format: z.literal(PART_FORMAT, { error: `is not a ${PART_FORMAT} file` }),
  version: z.literal(1, { error: 'version 1 is the only one this build reads' }),
  shape: z.object({
    scenario: z.enum(SCENARIO_NAMES as [ScenarioName, ...ScenarioName[]]),
    engine: z.enum(['k6', 'builtin']),
    mode: z.enum(['closed', 'open']),
    vus: z.number().int().min(1),
    durationS: z.number().positive(),
    arrivalRatePerS: z.number().positive().optional(),
  }),
  shard: z.object({ index: z.number().int().min(1), count: z.number().int().min(1) }).refine((s) => s.index <= s.count, 'index above count').optional(),
  counters: z.object({
    calls: count,
    errors: count,
    httpRequests: count,
    httpFailures: count,
    checksPassed: count,
    checksFailed: count,
    droppedIterations: count,
  }),
  histogram: z.string().min(1),
});

export class PartError extends Error {}

/** Parses a part, saying which field was wrong. */
export function parsePart(value: unknown, source: string): LoadPart {
  const parsed = LoadPartSchema.safeParse(value);
  if (!parsed.success) {
    throw new PartError(`${source}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data as LoadPart;
}

export async function readPart(path: string): Promise<LoadPart> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PartError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parsePart(JSON.parse(text), path);
  } catch (error) {
    if (error instanceof PartError) throw error;
    throw new PartError(`${path}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}
