/**
 * Verifies the caller's bearer token with jose before anything else happens: algorithm allow-list, HS256 secret
 * or a remote JWKS, `exp` and `sub` required, issuer and audience when configured, small clock tolerance.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthFailureReason } from '../../contract/metrics.js';
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
  | {
      readonly ok: false;
      readonly reason: 'missing' | 'invalid';
      /** why, as a metrics label: a fixed set, never anything from the token */
      readonly cause: AuthFailureReason;
      readonly detail: string;
    };

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
      return noBearerToken(authorization);
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
      if (typeof claims.sub !== 'string' || claims.sub === '') return NO_SUBJECT;
      verified.set(token, claims);
      return { ok: true, caller: { sub: claims.sub, token, claims } };
    } catch (error) {
      return joseFailure(error);
    }
  };
}

/** The refusal when the Authorization header holds no usable bearer token. */
export function noBearerToken(authorization: string | undefined): TokenCheck & { ok: false } {
  return authorization
    ? { ok: false, reason: 'invalid', cause: 'malformed', detail: 'malformed Authorization header' }
    : { ok: false, reason: 'missing', cause: 'missing', detail: 'no bearer token' };
}

export const NO_SUBJECT: TokenCheck = { ok: false, reason: 'invalid', cause: 'no_subject', detail: 'token has no subject' };

const JOSE_FAILURES: Readonly<Record<string, { cause: AuthFailureReason; detail: string }>> = {
  ERR_JWT_EXPIRED: { cause: 'expired', detail: 'token expired' },
  ERR_JWT_CLAIM_VALIDATION_FAILED: { cause: 'claims', detail: 'token claims rejected' },
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: { cause: 'bad_signature', detail: 'signature verification failed' },
  ERR_JOSE_ALG_NOT_ALLOWED: { cause: 'algorithm', detail: 'algorithm not allowed' },
  ERR_JWKS_NO_MATCHING_KEY: { cause: 'unknown_key', detail: 'no matching signing key' },
  ERR_JWS_INVALID: { cause: 'malformed', detail: 'malformed token' },
  ERR_JWT_INVALID: { cause: 'malformed', detail: 'malformed token' },
};

/** A jose error as a refusal: a short reason safe to return to the caller (never the token, never key material). */
export function joseFailure(error: unknown): TokenCheck & { ok: false } {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const known = JOSE_FAILURES[code] ?? { cause: 'invalid', detail: 'invalid token' };
  return { ok: false, reason: 'invalid', ...known };
}

/** The refusal's text alone (what the 401 says). */
export function describeJoseError(error: unknown): string {
  return joseFailure(error).detail;
}
