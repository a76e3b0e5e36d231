/**
 * Tenant header sets for probes (contract §5): correctly signed ones and the crafted variants the checks send.
 * Signatures are redacted from evidence, so every crafted set says in words how its signature was made.
 */
import { randomBytes } from 'node:crypto';
import { HEADERS } from '../../contract/messages.js';
import { signTenant } from '../../contract/tenant-signature.js';

export const TENANT_HEADER_NAMES = [HEADERS.tenantId, HEADERS.tenantTimestamp, HEADERS.tenantSignature] as const;
export type TenantHeaderName = (typeof TENANT_HEADER_NAMES)[number];

/** The shared secret and tenant id the verifier signs with (the target's). */
export interface Signer {
  readonly tenantId: string;
  readonly tenantSecret: string;
}

/** One header set to send, and what it is, for the evidence (its signature is redacted there). */
export interface TenantProbe {
  /** short description, used as the evidence label, e.g. `X-TB-Signature missing` */
  readonly label: string;
  /** only the X-TB-* headers; the JWT is added by the sender */
  readonly headers: Readonly<Record<string, string>>;
  /** how the signature was made, recorded as a note because the header itself is redacted */
  readonly crafted: string;
}

/** X-TB-* headers for `tenantId` and the timestamp string exactly as given, signed with `secret`. */
export function signedSet(tenantId: string, timestamp: string, secret: string): Record<TenantHeaderName, string> {
  return {
    [HEADERS.tenantId]: tenantId,
    [HEADERS.tenantTimestamp]: timestamp,
    [HEADERS.tenantSignature]: signTenant(tenantId, timestamp, secret),
  };
}

/** A fresh, correctly signed set (timestamp = `nowMs`, by default the verifier's clock). */
export function freshSet(signer: Signer, nowMs: number = Date.now()): Record<TenantHeaderName, string> {
  return signedSet(signer.tenantId, String(Math.round(nowMs)), signer.tenantSecret);
}

/** A correctly signed probe for an arbitrary timestamp string (only the timestamp decides). */
export function timestampProbe(signer: Signer, label: string, timestamp: string): TenantProbe {
  return {
    label,
    headers: signedSet(signer.tenantId, timestamp, signer.tenantSecret),
    crafted: `${label}: X-TB-Tenant-ID ${JSON.stringify(signer.tenantId)}, X-TB-Timestamp ${JSON.stringify(timestamp)}, X-TB-Signature = the correct HMAC-SHA256 (shared secret) of ${JSON.stringify(`${signer.tenantId}:${timestamp}`)}`,
  };
}

/** `set` without `name` (omitted) or with it set to the empty string. */
export function without(set: Readonly<Record<string, string>>, name: TenantHeaderName, how: 'omitted' | 'empty'): Record<string, string> {
  const { [name]: _dropped, ...rest } = set;
  return how === 'omitted' ? rest : { ...rest, [name]: '' };
}

/** 32 random bytes as 64 hex characters: a secret the target cannot know. */
export function randomHexSecret(): string {
  return randomBytes(32).toString('hex');
}

/** Another tenant id, unique to the run, that the target has never seen. */
export function otherTenantId(signer: Signer, label: string): string {
  return `${signer.tenantId}-tbv-${label}-${randomBytes(3).toString('hex')}`;
}
