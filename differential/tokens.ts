/**
 * Tokens for the differential's users, valid and deliberately not. Signed by hand (header and claims exactly as
 * written), because a JOSE library refuses to produce most of the odd ones.
 */
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign, constants, type KeyObject } from 'node:crypto';
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

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

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

function signature(alg: string, input: string, variant: TokenVariant, keys: TokenKeys): string {
  const bits = alg.slice(2);
  if (alg.startsWith('HS')) {
    const key =
      variant === 'hs256-public-key'
        ? createPublicKey(rsaKey(keys, 'rs256')).export({ type: 'spki', format: 'pem' }).toString()
        : variant === 'wrong-secret'
          ? `${keys.jwtSecret}-not`
          : keys.jwtSecret;
    return createHmac(`sha${bits}`, key).update(input).digest('base64url');
  }
  const key = rsaKey(keys, variant);
  if (alg.startsWith('PS')) return sign(`sha${bits}`, Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(bits) / 8 }).toString('base64url');
  return sign(`sha${bits}`, Buffer.from(input), key).toString('base64url');
}

export function mintToken(variant: TokenVariant, sub: string, keys: TokenKeys): string {
  const header = headerFor(variant, keys);
  const input = `${b64(header)}.${b64(claimsFor(variant, sub, Math.floor(Date.now() / 1000), keys))}`;
  if (header.alg === 'none') return `${input}.`;
  return `${input}.${signature(String(header.alg), input, variant, keys)}`;
}
