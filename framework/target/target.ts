/**
 * A live target: the spec plus the means to act as its users (token minting).
 */
import { randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import type { TargetSpec } from './spec.js';

export interface TokenOptions {
  /** seconds from now; null = no exp claim */
  readonly expiresInS?: number | null;
  readonly issuer?: string | null;
  readonly audience?: string | null;
  readonly claims?: JWTPayload;
  readonly notBeforeS?: number;
}

export interface Target extends TargetSpec {
  /** a token both the proxy and the Go API accept for `sub` (overridable for negative probes) */
  mintToken(sub: string, options?: TokenOptions): Promise<string>;
  /** a fresh JWT subject unique to this run */
  newSubject(label: string): string;
  /** every token minted so far (for redaction) */
  readonly mintedTokens: ReadonlySet<string>;
}

export function materializeTarget(spec: TargetSpec): Target {
  const minted = new Set<string>();
  let rsaKey: Promise<CryptoKey> | undefined;
  const key = async (): Promise<{ alg: string; key: CryptoKey | Uint8Array; kid?: string }> => {
    if (spec.jwt.kind === 'hs256') return { alg: 'HS256', key: new TextEncoder().encode(spec.jwt.secret) };
    rsaKey ??= importPKCS8(spec.jwt.privateKeyPem, 'RS256');
    return { alg: 'RS256', key: await rsaKey, kid: spec.jwt.kid };
  };
  return {
    ...spec,
    mintedTokens: minted,
    newSubject: (label) => `tbv-${spec.runId}-${label}-${randomUUID().slice(0, 8)}`,
    async mintToken(sub, options = {}) {
      const { alg, key: signingKey, kid } = await key();
      const nowS = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT({ ...options.claims }).setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) }).setSubject(sub).setIssuedAt(nowS);
      const expiresInS = options.expiresInS === undefined ? 600 : options.expiresInS;
      if (expiresInS !== null) jwt.setExpirationTime(nowS + expiresInS);
      if (options.notBeforeS !== undefined) jwt.setNotBefore(nowS + options.notBeforeS);
      const issuer = options.issuer === undefined ? spec.issuer : options.issuer;
      const audience = options.audience === undefined ? spec.audience : options.audience;
      if (issuer) jwt.setIssuer(issuer);
      if (audience) jwt.setAudience(audience);
      const token = await jwt.sign(signingKey);
      minted.add(token);
      return token;
    },
  };
}
