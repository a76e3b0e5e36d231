/**
 * Verifies the caller's bearer token with jose before anything else happens: algorithm allow-list, HS256 secret
 * or a remote JWKS, `exp` and `sub` required, issuer and audience when configured, small clock tolerance.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { JwtSettings } from '../config.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

export interface VerifiedCaller {
  readonly sub: string;
  /** the caller's own token, forwarded to the Go API */
  readonly token: string;
  readonly claims: JWTPayload;
}

export type TokenCheck =
  | { readonly ok: true; readonly caller: VerifiedCaller }
  | { readonly ok: false; readonly reason: 'missing' | 'invalid'; readonly detail: string };

/** `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 7235), exactly one token. */
export function bearerToken(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(authorization.trim());
  return match ? match[1]! : null;
}

export type TokenVerifier = (authorization: string | undefined) => Promise<TokenCheck>;

/** Verified tokens remembered at most this long: a key removed from the JWKS stops being trusted within it. */
const VERIFIED_TOKEN_MAX_AGE_MS = 60_000;
const VERIFIED_TOKENS_KEPT = 10_000;

/** The key a token is verified with: the HS256 secret for HMAC tokens, the configured JWKS for the others. */
export function configuredKeys(settings: JwtSettings): JWTVerifyGetKey {
  // imported once: jose would otherwise import raw key bytes again for every token it verifies
  const secret = settings.hs256Secret
    ? crypto.subtle.importKey('raw', new TextEncoder().encode(settings.hs256Secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
    : undefined;
  const jwks: JWTVerifyGetKey | undefined = settings.jwksUrl
    ? createRemoteJWKSet(new URL(settings.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 })
    : undefined;
  return async (header, token) => {
    if (header.alg?.startsWith('HS')) {
      if (!secret) throw new Error('HMAC tokens are not accepted');
      return secret;
    }
    if (!jwks) throw new Error('asymmetric tokens are not accepted');
    return jwks(header, token);
  };
}

/** `now` replaces the clock that judges `exp` and `nbf` (tests). */
export function createTokenVerifier(settings: JwtSettings, now?: () => number): TokenVerifier {
  const keyFor = configuredKeys(settings);
  const verified = new VerifiedTokenCache({
    maxEntries: VERIFIED_TOKENS_KEPT,
    maxAgeMs: VERIFIED_TOKEN_MAX_AGE_MS,
    clockToleranceS: settings.clockToleranceS,
    ...(now ? { now } : {}),
  });

  return async (authorization) => {
    const token = bearerToken(authorization);
    if (token === null) {
      return { ok: false, reason: authorization ? 'invalid' : 'missing', detail: authorization ? 'malformed Authorization header' : 'no bearer token' };
    }
    const remembered = verified.get(token);
    if (remembered) return { ok: true, caller: { sub: remembered.sub!, token, claims: remembered } };
    try {
      const { payload: claims } = await jwtVerify(token, keyFor, {
        algorithms: [...settings.algorithms],
        issuer: settings.issuer,
        audience: settings.audience,
        clockTolerance: settings.clockToleranceS,
        requiredClaims: ['exp', 'sub'],
        ...(now ? { currentDate: new Date(now()) } : {}),
      });
      if (typeof claims.sub !== 'string' || claims.sub === '') return { ok: false, reason: 'invalid', detail: 'token has no subject' };
      verified.set(token, claims);
      return { ok: true, caller: { sub: claims.sub, token, claims } };
    } catch (error) {
      return { ok: false, reason: 'invalid', detail: describeJoseError(error) };
    }
  };
}

/** A short reason safe to return to the caller: never the token, never key material. */
export function describeJoseError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'token expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return 'token claims rejected';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'signature verification failed';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'algorithm not allowed';
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return 'no matching signing key';
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return 'malformed token';
    default:
      return 'invalid token';
  }
}
