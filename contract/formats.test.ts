import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, formatMs, formatNanos, parseUuid, START_CURSOR } from './formats.js';

describe('timestamps', () => {
  it('trims trailing zeros of the millisecond fraction', () => {
    expect(formatMs(Date.UTC(2024, 0, 2, 3, 4, 20, 120))).toBe('2024-01-02T03:04:20.12Z');
    expect(formatMs(Date.UTC(2024, 0, 2, 3, 4, 20, 0))).toBe('2024-01-02T03:04:20Z');
    expect(formatMs(Date.UTC(2024, 0, 2, 3, 4, 20, 7))).toBe('2024-01-02T03:04:20.007Z');
  });
  it('renders nanoseconds trimmed', () => {
    const ms = Date.UTC(2024, 0, 2, 3, 4, 20, 120);
    expect(formatNanos(ms, 450)).toBe('2024-01-02T03:04:20.12000045Z');
    expect(formatNanos(ms, 0)).toBe('2024-01-02T03:04:20.12Z');
  });
});

describe('uuid parsing (google/uuid forms)', () => {
  const canonical = '0f8e9a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b';
  it.each([
    canonical,
    canonical.toUpperCase(),
    `{${canonical}}`,
    `urn:uuid:${canonical}`,
    `URN:UUID:${canonical}`,
    canonical.replaceAll('-', ''),
    `(${canonical})`,
    `x${canonical}y`,
  ])('accepts %s', (form) => {
    expect(parseUuid(form)).toBe(canonical);
  });
  it.each(['', 'not-a-uuid', `${canonical}0`, canonical.slice(1), `é${canonical}`, `${canonical.slice(0, 35)}é`, '../sync/wipe', canonical.replace('-', '_')])(
    'rejects %s',
    (form) => {
      expect(parseUuid(form)).toBeNull();
    },
  );
});

describe('cursor', () => {
  const cursor = { ms: 1700000000123, uid: '0f8e9a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b' };
  // computed with: printf '%s' '1700000000123|0f8e…' | openssl base64 -A | tr '+/' '-_' | tr -d '='
  const encoded = 'MTcwMDAwMDAwMDEyM3wwZjhlOWExYy0yYjNkLTRlNWYtOGE5Yi0wYzFkMmUzZjRhNWI';
  it('encodes as unpadded base64url, matching openssl', () => {
    expect(encodeCursor(cursor)).toBe(encoded);
  });
  it('round-trips', () => {
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });
  it('encodes the zero cursor as empty', () => {
    expect(encodeCursor(START_CURSOR)).toBe('');
  });
  it.each([
    ['empty', ''],
    ['padded', `${Buffer.from('1|0f8e9a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b').toString('base64url')}==`],
    ['standard alphabet', '+/+/'],
    ['no separator', Buffer.from('1700000000123').toString('base64url')],
    ['bad ms', Buffer.from('abc|0f8e9a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b').toString('base64url')],
    ['bad uuid', Buffer.from('1|nope').toString('base64url')],
    ['three parts', Buffer.from('1|2|3').toString('base64url')],
  ])('treats an invalid cursor (%s) as start', (_, text) => {
    expect(decodeCursor(text)).toBeNull();
  });
});
