/**
 * The baseline of expected failures (`--baseline file.json`), like the MCP conformance suite's: a listed check that
 * fails does not block; a listed check that passes blocks too, so the baseline stays honest.
 */
import { z } from 'zod';
import { readJsonFile } from '../../framework/model/json-file.js';

const Entry = z.union([
  z.string().min(1),
  z.strictObject({ id: z.string().min(1), reason: z.string().optional() }),
]);

const BaselineSchema = z.strictObject({
  $schema: z.string().optional(),
  expectedFailures: z.array(Entry),
});

export interface Baseline {
  readonly source: string | null;
  readonly expectedFailures: ReadonlySet<string>;
}

export const EMPTY_BASELINE: Baseline = { source: null, expectedFailures: new Set() };

export class BaselineError extends Error {}

export function loadBaseline(path: string): Baseline {
  const baseline = readJsonFile(path, BaselineSchema, 'baseline', (message) => new BaselineError(message));
  return { source: path, expectedFailures: new Set(baseline.expectedFailures.map((e) => (typeof e === 'string' ? e : e.id))) };
}
