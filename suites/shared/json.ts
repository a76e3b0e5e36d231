/**
 * Comparing JSON documents by value: Go sorts map keys and Postgres JSONB reorders them, so key order never counts.
 */
import { CheckFailure } from '../../framework/model/assert.js';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value)) ?? 'undefined';
}

const clip = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

export function expectSameJson(actual: unknown, expected: unknown, what: string): void {
  const a = canonicalJson(actual);
  const e = canonicalJson(expected);
  if (a !== e) throw new CheckFailure(`${what}: expected ${clip(e)}, got ${clip(a)}`);
}

/** Every key of `subset` is present in `object` with the same JSON value. */
export function expectIncludes(object: Readonly<Record<string, unknown>>, subset: Readonly<Record<string, unknown>>, what: string): void {
  for (const [key, value] of Object.entries(subset)) {
    if (!Object.hasOwn(object, key)) throw new CheckFailure(`${what}: key "${key}" is missing`);
    expectSameJson(object[key], value, `${what}: key "${key}"`);
  }
}

export function expectAbsent(object: Readonly<Record<string, unknown>>, keys: readonly string[], what: string): void {
  const present = keys.filter((key) => Object.hasOwn(object, key));
  if (present.length > 0) throw new CheckFailure(`${what}: keys ${present.join(', ')} should be gone`);
}

/** A shallow copy without the given keys. */
export function omit(object: Readonly<Record<string, unknown>>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}
