import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from './redact.js';

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhIn0.Zm9vYmFyYmF6';

describe('Redactor', () => {
  const redactor = new Redactor().add('tenant-secret-value-123', 'short');

  it('replaces registered secrets anywhere and ignores too-short values', () => {
    expect(redactor.text('x tenant-secret-value-123 y')).toBe(`x ${REDACTED} y`);
    expect(redactor.text('a short word')).toBe('a short word');
  });

  it('masks JWTs and bearer credentials by shape', () => {
    expect(redactor.text(`token=${JWT}`)).toBe(`token=${REDACTED}`);
    expect(redactor.text('Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123')).toBe(`Authorization: Bearer ${REDACTED}`);
  });

  it('masks tenant signatures written out in text (curl reproductions, header dumps)', () => {
    const r = new Redactor();
    const signature = 'ab'.repeat(32);
    const curl = `curl -X POST -H 'X-TB-Timestamp: 1796259072054' -H 'X-TB-Signature: ${signature}' http://127.0.0.1/v1/notes`;
    expect(r.text(curl)).toBe(`curl -X POST -H 'X-TB-Timestamp: 1796259072054' -H 'X-TB-Signature: [REDACTED]' http://127.0.0.1/v1/notes`);
    expect(r.text(`x-tb-signature: ${signature.toUpperCase()}`)).toBe('x-tb-signature: [REDACTED]');
    expect(r.text('X-TB-Signature: short')).toBe('X-TB-Signature: short');
  });

  it('keeps protocol text that merely mentions a scheme', () => {
    const challenge = 'Bearer resource_metadata="https://x.example/.well-known/oauth-protected-resource", error="invalid_token"';
    expect(redactor.text(challenge)).toBe(challenge);
    expect(redactor.text('no bearer token')).toBe('no bearer token');
  });

  it('redacts sensitive headers whatever their value', () => {
    expect(redactor.headers({ Authorization: 'Bearer x', 'X-TB-Signature': 'ab12', 'X-TB-Timestamp': '1700000000000' })).toEqual({
      Authorization: `Bearer ${REDACTED}`,
      'X-TB-Signature': REDACTED,
      'X-TB-Timestamp': '1700000000000',
    });
  });

  it('redacts deeply inside JSON-like values', () => {
    expect(redactor.value({ a: [{ b: JWT }], n: 1 })).toEqual({ a: [{ b: REDACTED }], n: 1 });
  });
});
