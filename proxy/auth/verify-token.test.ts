import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintHs256, mintRs256 } from '../../stand-ins/identities/tokens.js';
import { bearerToken, createTokenVerifier } from './verify-token.js';
import { bearer, HS256_CLAIMS, HS256_SETTINGS, TEST_HS256_SECRET } from '../testing/jwt-settings.js';

const SECRET = TEST_HS256_SECRET;
const HS = HS256_SETTINGS;
const claims = HS256_CLAIMS;

describe('bearer extraction', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi', 'abc.def.ghi'],
    ['Bearer  abc.def.ghi', 'abc.def.ghi'],
  ])('takes %s', (header, token) => expect(bearerToken(header)).toBe(token));
  it.each(['Basic abc', 'Bearer', 'Bearer ', 'Bearer a b', 'abc.def.ghi'])('refuses %s', (header) => expect(bearerToken(header)).toBeNull());
});

describe('HS256 verification', () => {
  const verify = createTokenVerifier(HS);

  it('accepts a valid token and returns the subject and the token itself', async () => {
    const token = await mintHs256(SECRET, { sub: 'alice', ...claims });
    expect(await verify(bearer(token))).toMatchObject({ ok: true, caller: { sub: 'alice', token } });
  });

  it('distinguishes a missing token from an invalid one', async () => {
    expect(await verify(undefined)).toMatchObject({ ok: false, reason: 'missing' });
    expect(await verify('Basic x')).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it.each([
    ['wrong secret', () => mintHs256('x'.repeat(64), { sub: 'a', ...claims }), /signature/],
    ['expired beyond the tolerance', () => mintHs256(SECRET, { sub: 'a', ...claims, expiresInS: -6 }), /expired/],
    ['no exp', () => mintHs256(SECRET, { sub: 'a', ...claims, expiresInS: null }), /claims/],
    ['wrong issuer', () => mintHs256(SECRET, { sub: 'a', issuer: 'https://other/', audience: HS.audience! }), /claims/],
    ['wrong audience', () => mintHs256(SECRET, { sub: 'a', issuer: HS.issuer!, audience: 'other' }), /claims/],
    ['no subject', () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(HS.issuer!).setAudience(HS.audience!).setExpirationTime('1h').sign(new TextEncoder().encode(SECRET)), /claims|subject/],
    ['HS384 (not allowed)', () => new SignJWT({ sub: 'a' }).setProtectedHeader({ alg: 'HS384' }).setIssuer(HS.issuer!).setAudience(HS.audience!).setExpirationTime('1h').sign(new TextEncoder().encode(SECRET)), /algorithm/],
  ])('rejects %s', async (_, mint, detail) => {
    const result = await verify(bearer(await mint()));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.detail).toMatch(detail);
  });

  it('accepts a token expired within the clock tolerance', async () => {
    const token = await mintHs256(SECRET, { sub: 'a', ...claims, expiresInS: -2 });
    expect((await verify(bearer(token))).ok).toBe(true);
  });

  it("rejects alg 'none'", async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'a', iss: HS.issuer, aud: HS.audience, exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
    expect((await verify(bearer(`${header}.${payload}.`))).ok).toBe(false);
  });
});

describe('RS256 through a JWKS', () => {
  let jwks: Server;
  let privateKey: CryptoKey;
  let url: string;
  let fetches = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', use: 'sig', alg: 'RS256' };
    jwks = createServer((_, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise((resolve) => jwks.close(resolve)));

  it('accepts a token signed by the published key and rejects an HS256 token when no secret is configured', async () => {
    const verify = createTokenVerifier({ ...HS, hs256Secret: undefined, jwksUrl: url, algorithms: ['RS256'] });
    const token = await mintRs256(privateKey, 'k1', { sub: 'rsa-user', ...claims });
    expect(await verify(bearer(token))).toMatchObject({ ok: true, caller: { sub: 'rsa-user' } });
    expect(fetches).toBeGreaterThan(0);
    const hs = await mintHs256(SECRET, { sub: 'a', ...claims });
    expect((await verify(bearer(hs))).ok).toBe(false);
  });

  it('rejects a token signed by an untrusted key with a plausible kid', async () => {
    const verify = createTokenVerifier({ ...HS, hs256Secret: undefined, jwksUrl: url, algorithms: ['RS256'] });
    const other = await generateKeyPair('RS256');
    const token = await mintRs256(other.privateKey, 'k1', { sub: 'mallory', ...claims });
    expect((await verify(bearer(token))).ok).toBe(false);
  });
});

describe('verified tokens are remembered, never beyond what verification allows', () => {
  let clockMs = Date.now();
  const now = () => clockMs;

  it('a remembered token stops being accepted once it expires beyond the tolerance', async () => {
    clockMs = Date.now();
    const verify = createTokenVerifier(HS, now);
    const token = await mintHs256(SECRET, { sub: 'alice', ...claims, expiresInS: 30 });
    expect((await verify(bearer(token))).ok).toBe(true);
    clockMs += 30_000 + HS.clockToleranceS * 1000 - 1000;
    expect((await verify(bearer(token))).ok).toBe(true);
    clockMs += 2000;
    expect(await verify(bearer(token))).toMatchObject({ ok: false, detail: 'token expired' });
  });

  it('a token differing from a remembered one only in its signature is verified and rejected', async () => {
    const verify = createTokenVerifier(HS);
    const token = await mintHs256(SECRET, { sub: 'alice', ...claims });
    expect((await verify(bearer(token))).ok).toBe(true);
    const [header, payload] = token.split('.');
    const forged = await mintHs256('x'.repeat(64), { sub: 'alice', ...claims });
    expect((await verify(bearer(`${header}.${payload}.${forged.split('.')[2]}`))).ok).toBe(false);
  });
});
