/**
 * Reading a JSON configuration file (policy, baseline) with a zod schema: every problem named, with the file.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';

export function readJsonFile<S extends z.ZodType>(path: string, schema: S, what: string, fail: (message: string) => Error): z.infer<S> {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw fail(`cannot read ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = schema.safeParse(document);
  if (!parsed.success) {
    throw fail(`invalid ${what} ${path}:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
