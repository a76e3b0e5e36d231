/**
 * Key material for the probes: the target's own signing key (so claim probes differ from the control by one claim
 * only), the public key an attacker can download (for RS/HS confusion), and an attacker's RSA key that the target
 * must never trust. The target's secrets never leave this module except as signatures.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import type { TargetSpec } from '../../../../framework/target/spec.js';
import type { Signer } from '../../../shared/jwt-craft.js';

export interface AttackerKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  /** the public JWK an attacker embeds or serves (kty, n, e, kid, use, alg) */
  readonly jwk: Record<string, string>;
}

let attacker: Promise<AttackerKey> | undefined;

/** One RSA key pair per process, generated on first use (~0.1 s). */
export function attackerKey(): Promise<AttackerKey> {
  attacker ??= new Promise<AttackerKey>((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, publicKey, privateKey) => {
      if (error) return reject(error);
      const kid = 'tbv-attacker-key';
      const { kty = 'RSA', n = '', e = '' } = publicKey.export({ format: 'jwk' });
      resolve({ kid, privateKey, jwk: { kty, n, e, kid, use: 'sig', alg: 'RS256' } });
    });
  });
  return attacker;
}

/** A strong secret nobody configured: a well-formed HMAC key the target must not accept. */
export const randomHmacSecret = (): string => randomBytes(32).toString('hex');

/** The algorithm family the target signs with. */
export const familyOf = (spec: Pick<TargetSpec, 'jwt'>): 'HS' | 'RS' => (spec.jwt.kind === 'hs256' ? 'HS' : 'RS');

const privateKeys = new Map<string, KeyObject>();

function targetRsaKey(pem: string): KeyObject {
  let key = privateKeys.get(pem);
  if (!key) {
    key = createPrivateKey(pem);
    privateKeys.set(pem, key);
  }
  return key;
}

/** The target's own signing key, for tokens that must carry a valid signature. */
export function targetSigner(spec: Pick<TargetSpec, 'jwt'>): Signer {
  return spec.jwt.kind === 'hs256' ? { hmac: spec.jwt.secret } : { rsa: targetRsaKey(spec.jwt.privateKeyPem) };
}

/** An attacker's key of the same family (a random HMAC secret or the attacker's RSA key). */
export async function untrustedSigner(spec: Pick<TargetSpec, 'jwt'>): Promise<Signer> {
  return spec.jwt.kind === 'hs256' ? { hmac: randomHmacSecret() } : { rsa: (await attackerKey()).privateKey };
}

/**
 * The target's RSA public key as an attacker finds it in the published JWKS, in the encodings key-confusion tools try
 * as an HMAC secret. Derived from the configured signing key: the same key the JWKS publishes, fetched without
 * sending traffic to the identity provider (outside the target's URLs).
 */
export function publicKeyEncodings(spec: Pick<TargetSpec, 'jwt'>): { readonly label: string; readonly secret: string }[] | undefined {
  if (spec.jwt.kind !== 'rs256') return undefined;
  const publicKey = createPublicKey(targetRsaKey(spec.jwt.privateKeyPem));
  const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const pkcs1 = publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return [
    { label: 'SPKI PEM, as OpenSSL prints it', secret: spki },
    { label: 'SPKI PEM without the final newline', secret: spki.trimEnd() },
    { label: 'PKCS#1 PEM (BEGIN RSA PUBLIC KEY)', secret: pkcs1 },
  ];
}
