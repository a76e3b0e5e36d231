/**
 * Code-review gate (checks-reference §3 item 10): contract/tenant-signature.ts compares tenant signatures in
 * constant time. The same analysis run on mutated copies of the real source proves each rule can fail.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseConstantTimeCompare, type Finding } from './constant-time.js';

const FILE = 'contract/tenant-signature.ts';
const SOURCE = readFileSync(new URL(`../../../${FILE}`, import.meta.url), 'utf8');
const GUARDED_COMPARE = 'expected.length !== given.length || !timingSafeEqual(expected, given)';

/** The real source with one edit; fails loudly if the edit no longer applies. */
function mutate(find: string, replace: string): string {
  expect(SOURCE, `the source no longer contains ${JSON.stringify(find)}`).toContain(find);
  return SOURCE.replace(find, replace);
}

const rules = (findings: readonly Finding[]) => findings.map((f) => f.rule).sort();

describe(`constant-time signature comparison in ${FILE}`, () => {
  it('holds for the source as it is', () => {
    expect(analyseConstantTimeCompare(SOURCE, FILE)).toEqual([]);
  });

  it.each([
    ['a === string comparison', `signTenant(tenantId, timestamp, secret) !== signature`, ['no-constant-time-compare', 'variable-time-compare']],
    ['Buffer.equals', '!expected.equals(given)', ['no-constant-time-compare', 'variable-time-compare']],
    ['a prefix comparison', `!signTenant(tenantId, timestamp, secret).startsWith(signature)`, ['no-constant-time-compare', 'variable-time-compare']],
    ['timingSafeEqual without the length check', '!timingSafeEqual(expected, given)', ['unguarded-timing-safe-equal']],
  ])('fails when the comparison becomes %s', (_, replacement, expected) => {
    const findings = analyseConstantTimeCompare(mutate(GUARDED_COMPARE, replacement), FILE);
    expect(rules(findings)).toEqual(expected);
    const line = SOURCE.split('\n').findIndex((l) => l.includes(GUARDED_COMPARE)) + 1;
    for (const finding of findings.filter((f) => f.rule !== 'no-constant-time-compare')) expect(finding.at).toBe(`${FILE}:${line}`);
  });

  it('fails when the length check compares the hex strings instead of their lengths', () => {
    const findings = analyseConstantTimeCompare(mutate('expected.length !== given.length', 'expected.toString() !== given.toString()'), FILE);
    expect(rules(findings)).toEqual(['unguarded-timing-safe-equal', 'variable-time-compare']);
  });
});
