/**
 * The baseline of expected failures (`--baseline file.json`), like the MCP conformance suite's: a listed check that
 * fails does not block; a listed check that passes blocks too, so the baseline stays honest.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

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
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BaselineError(`cannot read baseline ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = BaselineSchema.safeParse(document);
  if (!parsed.success) {
    throw new BaselineError(`invalid baseline ${path}:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`);
  }
  return { source: path, expectedFailures: new Set(parsed.data.expectedFailures.map((e) => (typeof e === 'string' ? e : e.id))) };
}
