/**
 * Assertions for check bodies: a failure carries a message a reviewer can act on.
 */
import type { z } from 'zod';

export class CheckFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailure';
  }
}

/** The target shows a known posture weakness: reported as `warned` (unless the policy fails it). */
export class PostureFinding extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostureFinding';
  }
}

/** The check cannot run against this target (e.g. no JWKS configured); never counts as passed. */
export class CheckSkipped extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckSkipped';
  }
}

const show = (value: unknown): string => {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

export function ensure(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}

export function equal<T>(actual: T, expected: T, what: string): void {
  if (!Object.is(actual, expected) && JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new CheckFailure(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

export function oneOf<T>(actual: T, allowed: readonly T[], what: string): void {
  if (!allowed.includes(actual)) throw new CheckFailure(`${what}: expected one of ${show(allowed)}, got ${show(actual)}`);
}

export function matches<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new CheckFailure(`${what} does not match the contract schema: ${issues.join('; ')}`);
  }
  return parsed.data;
}
