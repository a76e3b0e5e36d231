import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { mintHs256 } from '../../stand-ins/identities/tokens.js';
import { createTokenVerifier } from '../../proxy/auth/verify-token.js';
import { defectiveTokenVerifier } from './lax-token-verifier.js';
import { bearer, HS256_CLAIMS, HS256_SETTINGS, TEST_HS256_SECRET } from '../../proxy/testing/jwt-settings.js';

const SECRET = TEST_HS256_SECRET;
const HS = HS256_SETTINGS;
const claims = HS256_CLAIMS;
const faulty = (faults: Parameters<typeof defectiveTokenVerifier>[0]) => defectiveTokenVerifier(faults)!(HS);

describe('defective token verifiers', () => {
  it('none without a fault', () => {
    expect(defectiveTokenVerifier({})).toBeUndefined();
  });

  it('skipJwtVerification: decodes a forged token', async () => {
    const forged = await mintHs256('x'.repeat(64), { sub: 'mallory', ...claims });
    expect(await faulty({ skipJwtVerification: true })(bearer(forged))).toMatchObject({ ok: true, caller: { sub: 'mallory' } });
    expect((await createTokenVerifier(HS)(bearer(forged))).ok).toBe(false);
  });

  it('allowAnonymous: no Authorization header passes as `anonymous`; a bad token is still refused', async () => {
    const verify = faulty({ allowAnonymous: true });
    expect(await verify(undefined)).toMatchObject({ ok: true, caller: { sub: 'anonymous' } });
    expect((await verify(bearer('not-a-jwt'))).ok).toBe(false);
    expect(await createTokenVerifier(HS)(undefined)).toMatchObject({ ok: false, reason: 'missing' });
  });

  it('lenientAuthScheme: any scheme carries the token, which must still verify', async () => {
    const token = await mintHs256(SECRET, { sub: 'alice', ...claims });
    const verify = faulty({ lenientAuthScheme: true });
    expect(await verify(`Basic ${token}`)).toMatchObject({ ok: true, caller: { sub: 'alice' } });
    expect((await createTokenVerifier(HS)(`Basic ${token}`)).ok).toBe(false);
    const forged = await mintHs256('x'.repeat(64), { sub: 'alice', ...claims });
    expect((await verify(`Basic ${forged}`)).ok).toBe(false);
  });

  it('defaultSubject: a verified token without a usable sub acts as `default`', async () => {
    const key = new TextEncoder().encode(SECRET);
    const verify = faulty({ defaultSubject: true });
    for (const payload of [{}, { sub: '' }]) {
      const token = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setIssuer(HS.issuer!).setAudience(HS.audience!).setExpirationTime('1h').sign(key);
      expect(await verify(bearer(token))).toMatchObject({ ok: true, caller: { sub: 'default' } });
      expect((await createTokenVerifier(HS)(bearer(token))).ok).toBe(false);
    }
  });

  it('skipIssuerCheck, skipAudienceCheck, expOptional: each accepts the token the real verifier refuses', async () => {
    const key = new TextEncoder().encode(SECRET);
    const cases = [
      [{ skipIssuerCheck: true }, await mintHs256(SECRET, { sub: 'a', issuer: 'https://other.example/', audience: HS.audience! })],
      [{ skipAudienceCheck: true }, await mintHs256(SECRET, { sub: 'a', issuer: HS.issuer!, audience: 'other' })],
      [{ expOptional: true }, await new SignJWT({ sub: 'a' }).setProtectedHeader({ alg: 'HS256' }).setIssuer(HS.issuer!).setAudience(HS.audience!).sign(key)],
    ] as const;
    for (const [faults, token] of cases) {
      expect((await faulty(faults)(bearer(token))).ok, JSON.stringify(faults)).toBe(true);
      expect((await createTokenVerifier(HS)(bearer(token))).ok, JSON.stringify(faults)).toBe(false);
    }
  });
});
