/**
 * JWT rules of the Go API (contract §4), as data: what it extracts and what it accepts.
 */

export const BEARER_PREFIX = 'Bearer ';

/** Go takes a token only from `Authorization: Bearer <token>` (case-sensitive, one space, non-empty rest). */
export function extractBearer(authorization: string | undefined): string | null {
  if (authorization === undefined || !authorization.startsWith(BEARER_PREFIX)) return null;
  if (authorization.length <= BEARER_PREFIX.length) return null;
  return authorization.slice(BEARER_PREFIX.length);
}

export const JWT_RULES = {
  /** HMAC family, all checked against JWT_HS256_SECRET */
  hmacAlgorithms: ['HS256', 'HS384', 'HS512'],
  /** RSA PKCS#1 family, needs `kid` and a JWKS key (only when AUTH0 is configured) */
  rsaAlgorithms: ['RS256', 'RS384', 'RS512'],
  /** `exp` is optional: a token without it never expires */
  expRequired: false,
  /** no leeway on exp / nbf */
  leewaySeconds: 0,
  /** JWKS cache lifetime */
  jwksCacheMs: 60 * 60 * 1000,
  jwksTimeoutMs: 10_000,
} as const;

/** Issuer the Go API expects when AUTH0 is configured. */
export function auth0Issuer(domain: string): string {
  return `https://${domain}/`;
}
