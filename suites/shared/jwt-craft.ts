/**
 * Crafting JWS compact tokens by hand, so a probe controls every byte: the header (alg, kid, jwk, jku, crit…),
 * the claims, and the signature (a real one, a forged one, none at all, or raw bytes such as r = s = 0).
 * node:crypto only; no JWT library that would refuse to build a malformed token.
 */
import { createHmac, sign as rsaSign, type KeyObject } from 'node:crypto';

export type JsonObject = Record<string, unknown>;

/** How the signature segment is produced. */
export type Signer =
  /** HMAC (HS256/384/512 by the header's alg) with these key bytes, e.g. the empty string or a public key PEM */
  | { readonly hmac: string | Buffer }
  /** RSA PKCS#1 v1.5 (RS256/384/512 by the header's alg) */
  | { readonly rsa: KeyObject }
  /** exactly these signature bytes (empty for alg none or a stripped signature) */
  | { readonly raw: Buffer };

const HASH_BITS = /^(HS|RS)(256|384|512)$/;

export const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');
export const encodeJson = (value: unknown): string => b64url(JSON.stringify(value));

function hashOf(alg: string): string {
  const match = HASH_BITS.exec(alg);
  if (!match) throw new Error(`cannot sign with alg ${alg}: only HS/RS 256/384/512`);
  return `sha${match[2]}`;
}

/** The signature bytes over `signingInput` (`<header b64>.<payload b64>`) for `alg`. */
export function signatureOf(alg: string, signer: Signer, signingInput: string): Buffer {
  if ('raw' in signer) return signer.raw;
  if ('hmac' in signer) return createHmac(hashOf(alg), signer.hmac).update(signingInput).digest();
  return rsaSign(hashOf(alg), Buffer.from(signingInput), signer.rsa);
}

/**
 * A compact JWS from a header and claims. The header may be any JSON (an array, to probe parsers); `alg` says how to
 * sign when the header does not.
 */
export function compact(header: unknown, claims: unknown, signer: Signer, alg?: string): string {
  const signingInput = `${encodeJson(header)}.${encodeJson(claims)}`;
  const headerAlg = typeof header === 'object' && header !== null && !Array.isArray(header) ? (header as JsonObject).alg : undefined;
  return `${signingInput}.${b64url(signatureOf(alg ?? String(headerAlg ?? ''), signer, signingInput))}`;
}

export interface DecodedToken {
  readonly header: JsonObject;
  readonly claims: JsonObject;
  readonly segments: readonly [string, string, string];
}

/** Decodes a well-formed compact JWS (the verifier's own control token). */
export function decode(token: string): DecodedToken {
  const [h = '', p = '', s = ''] = token.split('.');
  const json = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as JsonObject;
  return { header: json(h), claims: json(p), segments: [h, p, s] };
}

/** Flips one bit of the first signature byte (the decoded bytes, so base64 padding bits cannot hide the change). */
export function flipSignatureBit(token: string): string {
  const [h, p, s = ''] = token.split('.');
  const bytes = Buffer.from(s, 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return `${h}.${p}.${b64url(bytes)}`;
}

/** Drops the last `bytes` bytes of the signature. */
export function truncateSignature(token: string, bytes: number): string {
  const [h, p, s = ''] = token.split('.');
  return `${h}.${p}.${b64url(Buffer.from(s, 'base64url').subarray(0, -bytes))}`;
}

/**
 * Standard base64 (with `+`, `/` and `=` padding) instead of base64url: JSON padded with a filler claim until the
 * encoding holds at least one character outside the base64url alphabet.
 */
export function standardBase64Json(claims: JsonObject): string {
  for (let filler = 0; filler < 8; filler++) {
    const text = Buffer.from(JSON.stringify(filler === 0 ? claims : { ...claims, pad: '?'.repeat(filler) })).toString('base64');
    if (/[+/=]/.test(text)) return text;
  }
  throw new Error('could not produce a non-base64url encoding');
}
