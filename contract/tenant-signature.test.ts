import { describe, expect, it } from 'vitest';
import { signTenant, verifyTenant, tenantHeaders, parseInt64 } from './tenant-signature.js';

// Known answers computed outside this code base with:
//   printf '%s' "<tenant>:<timestamp>" | openssl dgst -sha256 -hmac "<secret>"
const VECTORS = [
  ['tenant-a', '1700000000123', 's3cret', '40f7e3017b0692b9d218ddf57c59bd36d1ab43de1aac311e3b8bc158d551fd45'],
  ['acme-corp', '1732406400000', 'change-me-to-a-long-random-secret', '17bd4f031564d156b3d17fae0c16aeb790016a7360a803c7742885569f4dd52b'],
  ['t', '0', 'k', '6d418297dd37a3caed2285a79c1f39aa662a8697320d8e7ea2c6ca08053515e1'],
  ['tenant-ü', '1700000000000', 'sécret', '77b6f39794886f134130520927c6fbe3eef67cdca64540808f8eaaea686a968a'],
  ['', '1', 'x', 'b5074d248b2b482c16b0bd1381b5adebe6a03c37451adf8a021d972bc3facbc0'],
] as const;

describe('tenant signature', () => {
  it.each(VECTORS)('signs %s:%s like openssl', (tenant, ts, secret, expected) => {
    expect(signTenant(tenant, ts, secret)).toBe(expected);
  });

  const secret = 's3cret';
  const now = 1_700_000_000_123;
  const headersAt = (ms: number, tenantId = 'tenant-a') => ({
    tenantId,
    timestamp: String(ms),
    signature: signTenant(tenantId, String(ms), secret),
  });

  it('accepts a fresh header set and the skew boundary of exactly 300 s, both directions', () => {
    expect(verifyTenant(headersAt(now), secret, { nowMs: now })).toEqual({ ok: true });
    expect(verifyTenant(headersAt(now - 300_000), secret, { nowMs: now })).toEqual({ ok: true });
    expect(verifyTenant(headersAt(now + 300_000), secret, { nowMs: now })).toEqual({ ok: true });
  });

  it('rejects one millisecond beyond the window, both directions', () => {
    expect(verifyTenant(headersAt(now - 300_001), secret, { nowMs: now })).toEqual({ ok: false, reason: 'skew' });
    expect(verifyTenant(headersAt(now + 300_001), secret, { nowMs: now })).toEqual({ ok: false, reason: 'skew' });
  });

  it('honours a custom window', () => {
    expect(verifyTenant(headersAt(now - 500_000), secret, { nowMs: now, skewSeconds: 600 })).toEqual({ ok: true });
  });

  it('rejects uppercase hex, truncated signatures, wrong secret and a signature moved to another tenant', () => {
    const good = headersAt(now);
    const check = (h: typeof good) => verifyTenant(h, secret, { nowMs: now });
    expect(check({ ...good, signature: good.signature.toUpperCase() })).toEqual({ ok: false, reason: 'signature' });
    expect(check({ ...good, signature: good.signature.slice(0, 63) })).toEqual({ ok: false, reason: 'signature' });
    expect(verifyTenant(good, 'other', { nowMs: now })).toEqual({ ok: false, reason: 'signature' });
    expect(check({ ...good, tenantId: 'tenant-b' })).toEqual({ ok: false, reason: 'signature' });
  });

  it('rejects missing or empty headers and malformed timestamps', () => {
    const good = headersAt(now);
    expect(verifyTenant({ ...good, tenantId: '' }, secret, { nowMs: now })).toEqual({ ok: false, reason: 'missing' });
    expect(verifyTenant({ timestamp: good.timestamp, signature: good.signature }, secret, { nowMs: now })).toEqual({
      ok: false,
      reason: 'missing',
    });
    for (const ts of ['abc', '1.5', '1e12', ' 1', '0x10']) {
      expect(verifyTenant({ ...good, timestamp: ts }, secret, { nowMs: now })).toEqual({ ok: false, reason: 'timestamp' });
    }
    // seconds instead of milliseconds parse, but are 53 years away
    expect(verifyTenant(headersAt(Math.floor(now / 1000)), secret, { nowMs: now })).toEqual({ ok: false, reason: 'skew' });
  });

  it('signs the timestamp exactly as sent (a leading + is a valid Go integer but changes the message)', () => {
    const ts = `+${now}`;
    const signature = signTenant('t', ts, secret);
    expect(verifyTenant({ tenantId: 't', timestamp: ts, signature }, secret, { nowMs: now })).toEqual({ ok: true });
  });

  it('parses int64 like Go strconv.ParseInt', () => {
    expect(parseInt64('9223372036854775807')).toBe(9223372036854775807n);
    expect(parseInt64('9223372036854775808')).toBeNull();
    expect(parseInt64('-5')).toBe(-5n);
    expect(parseInt64('')).toBeNull();
  });

  it('builds a fresh, verifiable header set', () => {
    const headers = tenantHeaders('tenant-a', secret, now);
    expect(headers).toEqual({
      'X-TB-Tenant-ID': 'tenant-a',
      'X-TB-Timestamp': '1700000000123',
      'X-TB-Signature': VECTORS[0][3],
    });
  });
});
