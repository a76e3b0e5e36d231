/**
 * Tenant header signature (contract §5): lowercase hex HMAC-SHA256 over `<tenant id>:<timestamp as sent>`,
 * keyed by the raw UTF-8 bytes of the shared secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HEADERS, LIMITS } from './messages.js';

export interface TenantHeaders {
  readonly tenantId: string;
  readonly timestamp: string;
  readonly signature: string;
}

export function signTenant(tenantId: string, timestamp: string, secret: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${tenantId}:${timestamp}`, 'utf8').digest('hex');
}

/** A fresh header set for one outgoing request. */
export function tenantHeaders(tenantId: string, secret: string, nowMs: number = Date.now()): Record<string, string> {
  const timestamp = String(nowMs);
  return {
    [HEADERS.tenantId]: tenantId,
    [HEADERS.tenantTimestamp]: timestamp,
    [HEADERS.tenantSignature]: signTenant(tenantId, timestamp, secret),
  };
}

/** Go's strconv.ParseInt(s, 10, 64): optional sign, decimal digits, int64 range. */
export function parseInt64(text: string): bigint | null {
  if (!/^[+-]?\d+$/.test(text)) return null;
  const value = BigInt(text);
  if (value > 9223372036854775807n || value < -9223372036854775808n) return null;
  return value;
}

/**
 * Go's `n, _ := strconv.Atoi(s)` with the error ignored (the real API's EpochRequired does this): a syntax error
 * gives 0, an out-of-range value is clamped to the int64 bounds (so `99999999999999999999` passes any epoch check).
 */
export function atoiIgnoringError(text: string): bigint {
  if (!/^[+-]?\d+$/.test(text)) return 0n;
  const value = BigInt(text);
  if (value > 9223372036854775807n) return 9223372036854775807n;
  if (value < -9223372036854775808n) return -9223372036854775808n;
  return value;
}

export type TenantVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'missing' | 'timestamp' | 'skew' | 'signature' };

export interface VerifyOptions {
  readonly nowMs?: number;
  /** inclusive window in seconds (Go: hard-coded 300) */
  readonly skewSeconds?: number;
}

/** Verifies a header set exactly as the Go API does; every failure is reported the same way on the wire. */
export function verifyTenant(
  headers: Partial<TenantHeaders>,
  secret: string,
  options: VerifyOptions = {},
): TenantVerdict {
  const { tenantId, timestamp, signature } = headers;
  if (!tenantId || !timestamp || !signature) return { ok: false, reason: 'missing' };
  const sentMs = parseInt64(timestamp);
  if (sentMs === null) return { ok: false, reason: 'timestamp' };
  const nowMs = options.nowMs ?? Date.now();
  const skewSeconds = Math.abs(nowMs - Number(sentMs)) / 1000;
  if (skewSeconds > (options.skewSeconds ?? LIMITS.tenantSkewSeconds)) return { ok: false, reason: 'skew' };
  const expected = Buffer.from(signTenant(tenantId, timestamp, secret), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // timingSafeEqual needs equal lengths; the length itself is not secret (always 64).
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'signature' };
  return { ok: true };
}
