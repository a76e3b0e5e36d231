import { createHmac, generateKeyPairSync } from 'node:crypto';
import { compactVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { compact, decode, flipSignatureBit, standardBase64Json, truncateSignature } from './jwt-craft.js';
import { publicKeyEncodings, targetSigner } from '../security/jwt/lib/keys.js';

const SECRET = 's'.repeat(64);
const claims = { sub: 'alice', exp: 2_000_000_000, role: 'reader' };

describe('hand-crafted tokens', () => {
  it.each(['HS256', 'HS384', 'HS512'])('%s with a secret verifies with jose (so "signed by the target" probes differ only by what they change)', async (alg) => {
    const token = compact({ alg, typ: 'JWT' }, claims, { hmac: SECRET });
    const { payload } = await compactVerify(token, new TextEncoder().encode(SECRET), { algorithms: [alg] });
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(claims);
    expect(decode(token)).toMatchObject({ header: { alg, typ: 'JWT' }, claims });
  });

  it('RS256 with the target key verifies with its public key; the public key encodings are what the JWKS publishes', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spec = { jwt: { kind: 'rs256', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), kid: 'k1' } } as const;
    const token = compact({ alg: 'RS256', kid: 'k1' }, claims, targetSigner(spec));
    await expect(compactVerify(token, publicKey, { algorithms: ['RS256'] })).resolves.toBeTruthy();
    const encodings = publicKeyEncodings(spec)!;
    expect(encodings[0]!.secret).toBe(publicKey.export({ type: 'spki', format: 'pem' }).toString());
    expect(encodings[1]!.secret.endsWith('-----')).toBe(true);
    expect(encodings[2]!.secret).toContain('BEGIN RSA PUBLIC KEY');
  });

  it('signs a non-object header with the given alg over exactly the bytes sent', () => {
    const token = compact([{ alg: 'HS256' }], claims, { hmac: SECRET }, 'HS256');
    const [h, p, s] = token.split('.');
    expect(JSON.parse(Buffer.from(h!, 'base64url').toString())).toEqual([{ alg: 'HS256' }]);
    expect(s).toBe(createHmac('sha256', SECRET).update(`${h}.${p}`).digest('base64url'));
  });

  it('raw signatures: empty gives a trailing dot, r = s = 0 gives 64 zero bytes', () => {
    expect(compact({ alg: 'none' }, claims, { raw: Buffer.alloc(0) })).toMatch(/\.$/);
    expect(Buffer.from(compact({ alg: 'ES256' }, claims, { raw: Buffer.alloc(64) }).split('.')[2]!, 'base64url')).toEqual(Buffer.alloc(64));
  });

  it('corrupts signatures for real: a flipped bit changes the bytes, truncation drops them', () => {
    const token = compact({ alg: 'HS256' }, claims, { hmac: SECRET });
    const signature = (t: string) => Buffer.from(t.split('.')[2]!, 'base64url');
    expect(signature(flipSignatureBit(token))).not.toEqual(signature(token));
    expect(signature(flipSignatureBit(token))).toHaveLength(32);
    expect(signature(truncateSignature(token, 3))).toEqual(signature(token).subarray(0, 29));
  });

  it('standard base64 leaves the base64url alphabet but still decodes to the claims', () => {
    const text = standardBase64Json(claims);
    expect(text).toMatch(/[+/=]/);
    expect(JSON.parse(Buffer.from(text, 'base64').toString())).toMatchObject(claims);
  });
});
