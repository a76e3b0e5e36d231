/**
 * Tokens for the differential's users, valid and deliberately not, crafted with the JWT probes' library (header and
 * claims exactly as written), because a JOSE library refuses to produce most of the odd ones.
 */
import { constants, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { compact, encodeJson } from '../suites/shared/jwt-craft.js';
import type { TokenVariant } from './case.js';

export interface TokenKeys {
  /** the HS256 secret both servers verify with */
  readonly jwtSecret: string;
  /** claims both servers require, if any (AUTH0 mode checks them on every token) */
  readonly issuer?: string | undefined;
  readonly audience?: string | undefined;
  /** the identity provider's RSA key (PKCS#8 PEM) and its kid, for RS-family tokens */
  readonly rsaPrivateKeyPem?: string | undefined;
  readonly rsaKid?: string | undefined;
}

let foreignKey: KeyObject | undefined;

function claimsFor(variant: TokenVariant, sub: string, nowS: number, keys: TokenKeys): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub, iat: nowS, exp: nowS + 600 };
  if (keys.issuer) claims.iss = keys.issuer;
  if (keys.audience) claims.aud = keys.audience;
  const edits: Partial<Record<TokenVariant, () => void>> = {
    'no-sub': () => delete claims.sub,
    'empty-sub': () => (claims.sub = ''),
    'numeric-sub': () => (claims.sub = 12345),
    'sub-array': () => (claims.sub = [sub]),
    'other-user': () => (claims.sub = `${sub}-other`),
    expired: () => (claims.exp = nowS - 3600),
    'no-exp': () => delete claims.exp,
    'exp-string': () => (claims.exp = String(nowS + 600)),
    'exp-float': () => (claims.exp = nowS + 600.5),
    'not-yet-valid': () => (claims.nbf = nowS + 3600),
    'nbf-string': () => (claims.nbf = String(nowS - 10)),
    'iat-future': () => (claims.iat = nowS + 3600),
    'no-iss': () => delete claims.iss,
    'wrong-iss': () => (claims.iss = 'https://elsewhere.example/'),
    'no-aud': () => delete claims.aud,
    'wrong-aud': () => (claims.aud = 'another-api'),
    'aud-list': () => (claims.aud = ['another-api', keys.audience ?? 'x']),
  };
  edits[variant]?.();
  return claims;
}

const ALGS: Partial<Record<TokenVariant, string>> = {
  'alg-none': 'none',
  hs384: 'HS384',
  hs512: 'HS512',
  rs256: 'RS256',
  rs384: 'RS384',
  rs512: 'RS512',
  ps256: 'PS256',
  'rs256-no-kid': 'RS256',
  'rs256-unknown-kid': 'RS256',
  'rs256-foreign-key': 'RS256',
  'hs256-public-key': 'HS256',
};

function headerFor(variant: TokenVariant, keys: TokenKeys): Record<string, unknown> {
  const alg = ALGS[variant] ?? 'HS256';
  const header: Record<string, unknown> = { alg, typ: 'JWT' };
  if (alg.startsWith('RS') || alg.startsWith('PS')) header.kid = variant === 'rs256-unknown-kid' ? 'no-such-key' : keys.rsaKid;
  if (variant === 'rs256-no-kid') delete header.kid;
  if (variant === 'crit-header') Object.assign(header, { crit: ['x-unknown'], 'x-unknown': 1 });
  if (variant === 'kid-header') header.kid = 'some-key';
  return header;
}

function rsaKey(keys: TokenKeys, variant: TokenVariant): KeyObject {
  if (variant === 'rs256-foreign-key') {
    foreignKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    return foreignKey;
  }
  if (!keys.rsaPrivateKeyPem) throw new Error(`token ${variant} needs the identity provider's private key (DIFF_JWT_PRIVATE_KEY)`);
  return createPrivateKey(keys.rsaPrivateKeyPem);
}

function hmacKey(variant: TokenVariant, keys: TokenKeys): string {
  if (variant === 'hs256-public-key') return createPublicKey(rsaKey(keys, 'rs256')).export({ type: 'spki', format: 'pem' }).toString();
  return variant === 'wrong-secret' ? `${keys.jwtSecret}-not` : keys.jwtSecret;
}

/** PS256 is the one family the crafting library does not sign: its RSA-PSS signature, salt as long as the hash. */
function pssSignature(signingInput: string, key: KeyObject): Buffer {
  return sign('sha256', Buffer.from(signingInput), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
}

export function mintToken(variant: TokenVariant, sub: string, keys: TokenKeys): string {
  const header = headerFor(variant, keys);
  const claims = claimsFor(variant, sub, Math.floor(Date.now() / 1000), keys);
  const alg = String(header.alg);
  if (alg === 'none') return compact(header, claims, { raw: Buffer.alloc(0) });
  if (alg === 'PS256') return compact(header, claims, { raw: pssSignature(`${encodeJson(header)}.${encodeJson(claims)}`, rsaKey(keys, variant)) });
  return compact(header, claims, alg.startsWith('HS') ? { hmac: hmacKey(variant, keys) } : { rsa: rsaKey(keys, variant) });
}
