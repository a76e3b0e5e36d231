import { describe, expect, test } from 'vitest';
import { parseHsts } from './hsts.js';

describe('parseHsts reads Strict-Transport-Security as a user agent does (RFC 6797 §6.1)', () => {
  test.each([
    ['max-age=31536000; includeSubDomains', { maxAgeS: 31536000, includeSubDomains: true, preload: false }],
    ['MAX-AGE="63072000";includesubdomains; preload', { maxAgeS: 63072000, includeSubDomains: true, preload: true }],
    ['max-age=300', { maxAgeS: 300, includeSubDomains: false, preload: false }],
    // repeated fields joined by fetch: only the first one counts
    ['max-age=10, max-age=31536000; includeSubDomains', { maxAgeS: 10, includeSubDomains: false, preload: false }],
  ])('%s', (value, expected) => {
    expect(parseHsts(value)).toEqual(expected);
  });

  test.each([undefined, '', 'includeSubDomains', 'max-age=abc', 'max-age=1; max-age=31536000'])('%s is ignored by a user agent', (value) => {
    expect(typeof parseHsts(value)).toBe('string');
  });
});
