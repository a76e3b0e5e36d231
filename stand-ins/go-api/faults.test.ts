/**
 * The fault catalogue (stand-ins/go-api/faults.ts): for every fault, the same requests against a server started
 * with it and a server without it: the faulty one does exactly what the fault's summary says, the clean one
 * answers per the contract. Faults are start-up configuration only; no request can switch one on.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../contract/formats.js';
import { ERR, HEADERS, JSON_CONTENT_TYPE, TEXT, TEXT_CONTENT_TYPE } from '../../contract/messages.js';
import { DeleteSummary, Item, JsonError, List, PullPage, Session, Tombstone } from '../../contract/schemas.js';
import { tenantHeaders } from '../../contract/tenant-signature.js';
import { startJwksServer, type JwksServer } from '../identities/jwks-server.js';
import { mintHs256, mintRs256, uniqueSub } from '../identities/tokens.js';
import { describeFaults, FaultList, GO_API_FAULTS, type GoApiFaultName } from './faults.js';
import type { GoApiServer } from './server.js';
import { BACKENDS } from './testing/backends.js';
import { rawRequest, startTestGoApi, TEST_JWT_SECRET, TEST_TENANT_SECRET, TestUser, type TestResponse } from './testing/harness.js';

const FAULT_NAMES = Object.keys(GO_API_FAULTS) as GoApiFaultName[];
const TENANT_ENV = { TENANT_HEADER_SECRET: TEST_TENANT_SECRET };
const TENANT = { id: 'tenant-faults', secret: TEST_TENANT_SECRET };
const LATENCY_MS = 400;
const RATE_LIMIT_HEADERS = [HEADERS.rateLimitLimit, HEADERS.rateLimitRemaining, HEADERS.rateLimitReset, HEADERS.rateLimitBurst];

function expectText(response: TestResponse, status: number, message: string): void {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe(TEXT_CONTENT_TYPE);
  expect(response.text).toBe(`${message}\n`);
}

function expectJsonError(response: TestResponse, status: number, message: string): void {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe(JSON_CONTENT_TYPE);
  expect(JsonError.parse(response.json()).error).toBe(message);
}

/** An unsigned JWT (`alg` as given, empty signature). */
function unsignedToken(alg: string, sub: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg, typ: 'JWT' })}.${part({ sub, exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
}

/** POST /v1/sync/sessions with exactly these headers (the cheapest authenticated route). */
function openSessionWith(server: GoApiServer, headers: Record<string, string>): Promise<TestResponse> {
  return rawRequest(`${server.url}/v1/sync/sessions`, { method: 'POST', headers });
}

/** 201 on a faulty server, the contract's rejection on a clean one. */
function expectAcceptedOr401(response: TestResponse, faulted: boolean, message: string = TEXT.unauthorized): void {
  if (faulted) {
    expect(response.status).toBe(201);
    Session.parse(response.json());
  } else {
    expectText(response, 401, message);
  }
}

async function sessionUser(server: GoApiServer, tenant = false): Promise<TestUser> {
  const user = await TestUser.create(server, tenant ? { tenant: TENANT } : {});
  await user.openSession();
  return user;
}

interface Scenario {
  /** environment both servers share (the fault is added on top for the faulty one) */
  readonly env?: Record<string, string>;
  /** environment that needs something started first (e.g. a JWKS server) */
  readonly setup?: () => Promise<Record<string, string>>;
  /** the fault's setting in STANDIN_FAULTS */
  readonly setting?: string;
  /** the fault changes other owners' data: the faulty server gets a database no other test file shares */
  readonly isolated?: true;
  /** the same requests against the faulty (true) and the clean (false) server */
  check(server: GoApiServer, faulted: boolean): Promise<void>;
}

/** A victim identity provider (AUTH0 mode) and an attacker's key server, started once when first needed. */
let victim: Promise<JwksServer> | undefined;
let attacker: Promise<JwksServer> | undefined;
const victimJwks = () => (victim ??= startJwksServer('victim-1'));
const attackerJwks = () => (attacker ??= startJwksServer('attacker-1'));
const AUTH0 = { domain: 'auth.faults.test', audience: 'toolbridge-faults' };
const auth0Env = async () => ({ AUTH0_DOMAIN: AUTH0.domain, AUTH0_AUDIENCE: AUTH0.audience, JWKS_URL: (await victimJwks()).url });
const auth0Claims = { issuer: `https://${AUTH0.domain}/`, audience: AUTH0.audience };

/** HS256 over header.payload with raw key bytes (jose refuses an empty key; attackers do not). */
function hs256With(key: Buffer, header: object, sub: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'HS256', typ: 'JWT', ...header })}.${part({ sub, exp: Math.floor(Date.now() / 1000) + 3600 })}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

const SCENARIOS = {
  acceptAnyJwtSignature: {
    async check(server, faulted) {
      const forged = await mintHs256('not-the-server-secret', { sub: uniqueSub() });
      expectAcceptedOr401(await openSessionWith(server, { Authorization: `Bearer ${forged}` }), faulted);
      // only the signature is skipped: alg none and expired tokens stay rejected
      expectText(await openSessionWith(server, { Authorization: `Bearer ${unsignedToken('none', uniqueSub())}` }), 401, TEXT.unauthorized);
      const expired = await mintHs256('not-the-server-secret', { sub: uniqueSub(), expiresInS: -60 });
      expectText(await openSessionWith(server, { Authorization: `Bearer ${expired}` }), 401, TEXT.unauthorized);
    },
  },
  acceptAlgNone: {
    async check(server, faulted) {
      for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
        expectAcceptedOr401(await openSessionWith(server, { Authorization: `Bearer ${unsignedToken(alg, uniqueSub())}` }), faulted);
      }
      // a signed token with a bad signature is still rejected
      const forged = await mintHs256('not-the-server-secret', { sub: uniqueSub() });
      expectText(await openSessionWith(server, { Authorization: `Bearer ${forged}` }), 401, TEXT.unauthorized);
    },
  },
  acceptExpiredTokens: {
    async check(server, faulted) {
      const expired = await mintHs256(TEST_JWT_SECRET, { sub: uniqueSub(), expiresInS: -60 });
      expectAcceptedOr401(await openSessionWith(server, { Authorization: `Bearer ${expired}` }), faulted);
      const notYet = await mintHs256(TEST_JWT_SECRET, { sub: uniqueSub(), claims: { nbf: Math.floor(Date.now() / 1000) + 3600 } });
      expectAcceptedOr401(await openSessionWith(server, { Authorization: `Bearer ${notYet}` }), faulted);
      // the signature is still checked
      const forgedExpired = await mintHs256('not-the-server-secret', { sub: uniqueSub(), expiresInS: -60 });
      expectText(await openSessionWith(server, { Authorization: `Bearer ${forgedExpired}` }), 401, TEXT.unauthorized);
    },
  },
  trustEmbeddedJwk: {
    async check(server, faulted) {
      const own = await generateKeyPair('RS256', { extractable: true });
      const jwk = await exportJWK(own.publicKey);
      const token = await new SignJWT({ sub: uniqueSub() }).setProtectedHeader({ alg: 'RS256', jwk }).setExpirationTime('1h').sign(own.privateKey);
      expectAcceptedOr401(await openSessionWith(server, { Authorization: `Bearer ${token}` }), faulted);
      // HS tokens are still checked against the server secret
      const forged = await mintHs256('not-the-server-secret', { sub: uniqueSub() });
      expectText(await openSessionWith(server, { Authorization: `Bearer ${forged}` }), 401, TEXT.unauthorized);
    },
  },
  fetchJku: {
    async check(server, faulted) {
      const evil = await attackerJwks();
      const before = evil.fetches();
      const key = await importPKCS8(evil.privateKeyPem, 'RS256');
      const token = await new SignJWT({ sub: uniqueSub() })
        .setProtectedHeader({ alg: 'RS256', kid: evil.kid, jku: evil.url })
        .setExpirationTime('1h')
        .sign(key);
      expectAcceptedOr401(await openSessionWith(server, { Authorization: `Bearer ${token}` }), faulted);
      if (faulted) expect(evil.fetches()).toBeGreaterThan(before);
      else expect(evil.fetches()).toBe(before);
    },
  },
  hsWithPublicKey: {
    setup: auth0Env,
    async check(server, faulted) {
      const jwks = await victimJwks();
      const sub = uniqueSub();
      const token = await mintHs256(jwks.publicKeyPem, { sub, ...auth0Claims });
      expectAcceptedOr401(await openSessionWith(server, { Authorization: `Bearer ${token}` }), faulted);
      // the real RS256 path works on both
      const genuine = await mintRs256(await importPKCS8(jwks.privateKeyPem, 'RS256'), jwks.kid, { sub, ...auth0Claims });
      expect((await openSessionWith(server, { Authorization: `Bearer ${genuine}` })).status).toBe(201);
    },
  },
  ignoreIssuerAudience: {
    setup: auth0Env,
    async check(server, faulted) {
      const jwks = await victimJwks();
      const key = await importPKCS8(jwks.privateKeyPem, 'RS256');
      const wrongIssuer = await mintRs256(key, jwks.kid, { sub: uniqueSub(), issuer: 'https://evil.example/', audience: AUTH0.audience });
      const wrongAudience = await mintRs256(key, jwks.kid, { sub: uniqueSub(), issuer: auth0Claims.issuer, audience: 'someone-else' });
      expectAcceptedOr401(await openSessionWith(server, { Authorization: `Bearer ${wrongIssuer}` }), faulted);
      expectAcceptedOr401(await openSessionWith(server, { Authorization: `Bearer ${wrongAudience}` }), faulted);
    },
  },
  kidAsKeyFile: {
    async check(server, faulted) {
      const token = hs256With(Buffer.alloc(0), { kid: '../../../../../../dev/null' }, uniqueSub());
      expectAcceptedOr401(await openSessionWith(server, { Authorization: `Bearer ${token}` }), faulted);
      // a kid naming a missing file does not open the door with the server secret
      const missing = hs256With(Buffer.from('x'), { kid: '/no/such/key' }, uniqueSub());
      expectText(await openSessionWith(server, { Authorization: `Bearer ${missing}` }), 401, TEXT.unauthorized);
    },
  },
  lenientAuthScheme: {
    async check(server, faulted) {
      const token = await mintHs256(TEST_JWT_SECRET, { sub: uniqueSub() });
      for (const authorization of [`Basic ${token}`, `Token ${token}`, `bearer ${token}`, `Bearer x ${token}`]) {
        expectAcceptedOr401(await openSessionWith(server, { Authorization: authorization }), faulted);
      }
      // the token still has to verify
      const forged = await mintHs256('not-the-server-secret', { sub: uniqueSub() });
      expectText(await openSessionWith(server, { Authorization: `Basic ${forged}` }), 401, TEXT.unauthorized);
    },
  },
  acceptQueryToken: {
    async check(server, faulted) {
      const token = await mintHs256(TEST_JWT_SECRET, { sub: uniqueSub() });
      expectAcceptedOr401(await rawRequest(`${server.url}/v1/sync/sessions?access_token=${token}`, { method: 'POST' }), faulted);
      // an Authorization header, even a useless one, wins over the query
      const withHeader = await rawRequest(`${server.url}/v1/sync/sessions?access_token=${token}`, { method: 'POST', headers: { Authorization: 'Basic x' } });
      expectText(withHeader, 401, TEXT.unauthorized);
    },
  },
  defaultSubject: {
    async check(server, faulted) {
      for (const sub of [undefined, '', 42]) {
        const token = await new SignJWT(sub === undefined ? {} : { sub: sub as string })
          .setProtectedHeader({ alg: 'HS256' })
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(TEST_JWT_SECRET));
        expectAcceptedOr401(await openSessionWith(server, { Authorization: `Bearer ${token}` }), faulted);
      }
      const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode('not-the-server-secret'));
      expectText(await openSessionWith(server, { Authorization: `Bearer ${forged}` }), 401, TEXT.unauthorized);
    },
  },
  malformedTokenCrashes: {
    async check(server, faulted) {
      const valid = await mintHs256(TEST_JWT_SECRET, { sub: uniqueSub() });
      const [h, p] = valid.split('.');
      for (const token of ['not-a-jwt', `${h}.${p}`, `${h}.${p}.!!`]) {
        const response = await openSessionWith(server, { Authorization: `Bearer ${token}` });
        if (faulted) expectText(response, 500, TEXT.serverError);
        else expectText(response, 401, TEXT.unauthorized);
      }
      // a well-formed token with a bad signature is refused as usual
      const forged = await mintHs256('not-the-server-secret', { sub: uniqueSub() });
      expectText(await openSessionWith(server, { Authorization: `Bearer ${forged}` }), 401, TEXT.unauthorized);
    },
  },
  echoTokenIn401: {
    async check(server, faulted) {
      const forged = await mintHs256('not-the-server-secret', { sub: uniqueSub() });
      const response = await openSessionWith(server, { Authorization: `Bearer ${forged}` });
      if (faulted) {
        expect(response.status).toBe(401);
        expect(response.text).toContain(forged);
      } else {
        expectText(response, 401, TEXT.unauthorized);
      }
      // without a header there is nothing to echo
      expectText(await openSessionWith(server, {}), 401, TEXT.unauthorized);
    },
  },
  widenTenantSkew: {
    env: TENANT_ENV,
    async check(server, faulted) {
      const user = await TestUser.create(server);
      const at = (offsetS: number) => ({ ...user.authHeaders(), ...tenantHeaders(TENANT.id, TENANT.secret, Date.now() + offsetS * 1000) });
      for (const offset of [-450, 450, -590]) {
        expectAcceptedOr401(await openSessionWith(server, at(offset)), faulted, TEXT.invalidTenantHeaders);
      }
      // within 300 s both accept; beyond 600 s both refuse
      expect((await openSessionWith(server, at(-100))).status).toBe(201);
      expectText(await openSessionWith(server, at(-700)), 401, TEXT.invalidTenantHeaders);
      expectText(await openSessionWith(server, at(700)), 401, TEXT.invalidTenantHeaders);
    },
  },
  narrowTenantSkew: {
    env: TENANT_ENV,
    async check(server, faulted) {
      const user = await TestUser.create(server);
      const at = (offsetS: number) => ({ ...user.authHeaders(), ...tenantHeaders(TENANT.id, TENANT.secret, Date.now() + offsetS * 1000) });
      for (const offset of [-120, 120, -290]) {
        const response = await openSessionWith(server, at(offset));
        if (faulted) expectText(response, 401, TEXT.invalidTenantHeaders);
        else expect(response.status).toBe(201);
      }
      // fresh headers work on both
      expect((await openSessionWith(server, at(-10))).status).toBe(201);
    },
  },
  skipTenantSignature: {
    env: TENANT_ENV,
    async check(server, faulted) {
      const user = await TestUser.create(server);
      const signed = (offsetS: number) => tenantHeaders(TENANT.id, TENANT.secret, Date.now() + offsetS * 1000);
      const badSignature = (offsetS: number) => ({ ...user.authHeaders(), ...signed(offsetS), [HEADERS.tenantSignature]: 'f'.repeat(64) });
      expectAcceptedOr401(await openSessionWith(server, badSignature(0)), faulted, TEXT.invalidTenantHeaders);
      const otherSecret = { ...user.authHeaders(), ...tenantHeaders(TENANT.id, 'some-other-secret') };
      expectAcceptedOr401(await openSessionWith(server, otherSecret), faulted, TEXT.invalidTenantHeaders);
      // presence and freshness are still checked
      expectText(await openSessionWith(server, badSignature(-400)), 401, TEXT.invalidTenantHeaders);
      const { [HEADERS.tenantSignature]: _dropped, ...unsigned } = signed(0);
      expectText(await openSessionWith(server, { ...user.authHeaders(), ...unsigned }), 401, TEXT.invalidTenantHeaders);
      expectText(
        await openSessionWith(server, { ...user.authHeaders(), ...signed(0), [HEADERS.tenantTimestamp]: 'yesterday' }),
        401,
        TEXT.invalidTenantHeaders,
      );
    },
  },
  skipTenantCheck: {
    env: TENANT_ENV,
    async check(server, faulted) {
      const user = await TestUser.create(server);
      expectAcceptedOr401(await openSessionWith(server, user.authHeaders()), faulted, TEXT.invalidTenantHeaders);
      const stale = { ...user.authHeaders(), ...tenantHeaders(TENANT.id, 'wrong', Date.now() - 3_600_000) };
      expectAcceptedOr401(await openSessionWith(server, stale), faulted, TEXT.invalidTenantHeaders);
      // the JWT is still required
      expectText(await openSessionWith(server, {}), 401, TEXT.unauthorized);
    },
  },
  tenantOracle: {
    env: TENANT_ENV,
    async check(server, faulted) {
      const user = await TestUser.create(server);
      const signed = tenantHeaders(TENANT.id, TENANT.secret);
      const answers = [
        await openSessionWith(server, user.authHeaders()),
        await openSessionWith(server, { ...user.authHeaders(), ...signed, [HEADERS.tenantTimestamp]: 'soon' }),
        await openSessionWith(server, { ...user.authHeaders(), ...tenantHeaders(TENANT.id, TENANT.secret, Date.now() - 3_600_000) }),
        await openSessionWith(server, { ...user.authHeaders(), ...signed, [HEADERS.tenantSignature]: '0'.repeat(64) }),
      ];
      const texts = answers.map((a) => a.text);
      for (const answer of answers) expect(answer.status).toBe(401);
      if (faulted) expect(new Set(texts).size).toBe(4);
      else expect(texts).toEqual(Array(4).fill(`${TEXT.invalidTenantHeaders}\n`));
    },
  },
  acceptUppercaseSignature: {
    env: TENANT_ENV,
    async check(server, faulted) {
      const user = await TestUser.create(server);
      const signed = tenantHeaders(TENANT.id, TENANT.secret);
      const upper = { ...user.authHeaders(), ...signed, [HEADERS.tenantSignature]: signed[HEADERS.tenantSignature]!.toUpperCase() };
      expectAcceptedOr401(await openSessionWith(server, upper), faulted, TEXT.invalidTenantHeaders);
    },
  },
  acceptSecondsTimestamp: {
    env: TENANT_ENV,
    async check(server, faulted) {
      const user = await TestUser.create(server);
      const seconds = String(Math.floor(Date.now() / 1000));
      const headers = { ...user.authHeaders(), [HEADERS.tenantId]: TENANT.id, [HEADERS.tenantTimestamp]: seconds, [HEADERS.tenantSignature]: createHmac('sha256', TENANT.secret).update(`${TENANT.id}:${seconds}`).digest('hex') };
      expectAcceptedOr401(await openSessionWith(server, headers), faulted, TEXT.invalidTenantHeaders);
      // seconds far from now are still refused
      const old = String(Math.floor(Date.now() / 1000) - 3600);
      const stale = { ...headers, [HEADERS.tenantTimestamp]: old, [HEADERS.tenantSignature]: createHmac('sha256', TENANT.secret).update(`${TENANT.id}:${old}`).digest('hex') };
      expectText(await openSessionWith(server, stale), 401, TEXT.invalidTenantHeaders);
    },
  },
  ignoreOwnerScoping: {
    async check(server, faulted) {
      const alice = await sessionUser(server);
      const bob = await sessionUser(server);
      const created = await alice.request('POST', '/v1/notes', { body: { title: 'alice only' } });
      expect(created.status).toBe(201);
      const note = Item.parse(created.json());
      const get = await bob.request('GET', `/v1/notes/${note.uid}`);
      if (faulted) {
        expect(get.status).toBe(200);
        expect(Item.parse(get.json())).toEqual(note);
      } else {
        expectJsonError(get, 404, 'note not found');
      }
      // the list from just before alice's note (the shared database holds other tests' rows too)
      const cursor = encodeCursor({ ms: Date.parse(note.updatedAt) - 1, uid: '00000000-0000-0000-0000-000000000000' });
      const list = await bob.request('GET', `/v1/notes?limit=1000&cursor=${cursor}`);
      expect(list.status).toBe(200);
      expect(List.parse(list.json()).items.some((item) => item.uid === note.uid)).toBe(faulted);
      // only get and list: writes and sync pull stay scoped
      expectJsonError(await bob.request('PATCH', `/v1/notes/${note.uid}`, { body: { title: 'bob' } }), 404, 'note not found');
      expectJsonError(await bob.request('DELETE', `/v1/notes/${note.uid}`), 404, 'note not found');
      expect(PullPage.parse((await bob.request('GET', '/v1/sync/notes/pull')).json()).upserts).toEqual([]);
    },
  },
  ignoreSessionOwner: {
    async check(server, faulted) {
      const alice = await sessionUser(server);
      const bob = await sessionUser(server);
      const bobNote = randomUUID();
      await bob.request('POST', '/v1/sync/notes/push', { body: { items: [{ uid: bobNote, updatedTs: '1000' }] } });
      bob.session = alice.session;
      const state = await bob.request('GET', '/v1/sync/state');
      const pull = await bob.request('GET', '/v1/sync/notes/pull');
      const lookup = await bob.request('GET', `/v1/sync/sessions/${alice.session!.id}`);
      if (faulted) {
        expect(state.status).toBe(200);
        expect(state.text).toBe('{"epoch":1}\n');
        // data is still scoped by the JWT owner: bob sees his own notes through alice's session
        expect(PullPage.parse(pull.json()).upserts.map((p) => p.uid)).toEqual([bobNote]);
        expect(lookup.status).toBe(200);
        expect(Session.parse(lookup.json()).id).toBe(alice.session!.id);
      } else {
        expectJsonError(state, 403, ERR.sessionWrongOwner);
        expectJsonError(pull, 403, ERR.sessionWrongOwner);
        expectText(lookup, 403, TEXT.forbidden);
      }
      // unknown sessions are still refused
      bob.session = { id: randomUUID(), epoch: 1 };
      expectJsonError(await bob.request('GET', '/v1/sync/state'), 428, ERR.sessionInvalid);
    },
  },
  ignoreOwnerOnWrites: {
    async check(server, faulted) {
      const alice = await sessionUser(server);
      const bob = await sessionUser(server);
      const note = Item.parse((await alice.request('POST', '/v1/notes', { body: { title: 'alice only' } })).json());
      const patch = await bob.request('PATCH', `/v1/notes/${note.uid}`, { body: { title: 'changed by bob' } });
      const mine = Item.parse((await alice.request('GET', `/v1/notes/${note.uid}`)).json());
      if (faulted) {
        expect(patch.status).toBe(200);
        expect(mine.payload.title).toBe('changed by bob');
      } else {
        expectJsonError(patch, 404, 'note not found');
        expect(mine.payload.title).toBe('alice only');
      }
      // reads stay scoped
      expectJsonError(await bob.request('GET', `/v1/notes/${note.uid}`), 404, 'note not found');
    },
  },
  wipeAllOwners: {
    isolated: true,
    async check(server, faulted) {
      const alice = await sessionUser(server);
      const bob = await sessionUser(server);
      const note = Item.parse((await alice.request('POST', '/v1/notes', { body: { title: 'survives?' } })).json());
      expect((await bob.request('POST', '/v1/sync/wipe', { body: { confirm: 'WIPE' } })).status).toBe(200);
      const after = await alice.request('GET', `/v1/notes/${note.uid}`);
      if (faulted) expectJsonError(after, 404, 'note not found');
      else expect(after.status).toBe(200);
    },
  },
  disableRateLimit: {
    async check(server, faulted) {
      const user = await sessionUser(server);
      const first = await user.request('GET', '/v1/sync/chats/pull');
      expect(first.status).toBe(200);
      for (const name of RATE_LIMIT_HEADERS) expect(first.headers.get(name) === null, name).toBe(faulted);
      if (!faulted) expect(first.headers.get(HEADERS.rateLimitRemaining)).toBe('119');
      // bursts of concurrent requests, well past the 120-token bucket (refill: 10 per second)
      const statuses: number[] = [];
      for (let round = 0; round < (faulted ? 2 : 4) && !statuses.includes(429); round++) {
        const burst = await Promise.all(Array.from({ length: 150 }, () => user.request('GET', '/v1/sync/chats/pull')));
        for (const response of burst) {
          statuses.push(response.status);
          if (faulted) for (const name of RATE_LIMIT_HEADERS) expect(response.headers.get(name), name).toBeNull();
        }
      }
      if (faulted) {
        expect(statuses).toHaveLength(300);
        expect(statuses.every((s) => s === 200)).toBe(true);
      } else {
        expect(statuses).toContain(429);
        expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
      }
      // the REST bucket too
      const rest = await user.request('GET', '/v1/chats');
      expect(rest.status).toBe(200);
      expect(rest.headers.get(HEADERS.rateLimitBurst)).toBe(faulted ? null : '120');
    },
  },
  skipEpochCheck: {
    async check(server, faulted) {
      const user = await sessionUser(server);
      const sessionOnly = { withSession: false, headers: { [HEADERS.syncSession]: user.session!.id } };
      for (const options of [sessionOnly, { headers: { [HEADERS.syncEpoch]: '0' } }, { headers: { [HEADERS.syncEpoch]: 'x' } }]) {
        const response = await user.request('GET', '/v1/sync/tasks/pull', options);
        if (faulted) expect(response.status).toBe(200);
        else {
          expect(response.status).toBe(409);
          expect(response.json()).toEqual({ error: 'epoch_mismatch', epoch: 1, correlation_id: '' });
        }
      }
      // the session is still required
      expectJsonError(await user.request('GET', '/v1/sync/tasks/pull', { withSession: false }), 428, ERR.sessionHeaderRequired);
    },
  },
  hardDelete: {
    async check(server, faulted) {
      const user = await sessionUser(server);
      const note = Item.parse((await user.request('POST', '/v1/notes', { body: { title: 'doomed' } })).json());
      const deleted = await user.request('DELETE', `/v1/notes/${note.uid}`);
      expect(deleted.status).toBe(200);
      expect(DeleteSummary.parse(deleted.json())).toMatchObject({ uid: note.uid, version: 2 });
      const get = await user.request('GET', `/v1/notes/${note.uid}`);
      const withDeleted = await user.request('GET', `/v1/notes/${note.uid}?includeDeleted=true`);
      const pull = PullPage.parse((await user.request('GET', '/v1/sync/notes/pull')).json());
      if (faulted) {
        expectJsonError(get, 404, 'note not found');
        expectJsonError(withDeleted, 404, 'note not found');
        expect(pull.deletes).toEqual([]);
      } else {
        expect(get.status).toBe(410);
        expect(Tombstone.parse(get.json()).error).toBe('note deleted');
        expect(withDeleted.status).toBe(200);
        expect(Item.parse(withDeleted.json()).deletedAt).toBeDefined();
        expect(pull.deletes.map((d) => d.uid)).toEqual([note.uid]);
      }
    },
  },
  versionAsString: {
    async check(server, faulted) {
      const user = await sessionUser(server);
      const created = await user.request('POST', '/v1/notes', { body: { title: 'typed' } });
      expect(created.status).toBe(201);
      expect(created.json<{ version: unknown }>().version).toBe(faulted ? '1' : 1);
      const uid = created.json<{ uid: string }>().uid;
      // reads keep the integer
      expect((await user.request('GET', `/v1/notes/${uid}`)).json<{ version: unknown }>().version).toBe(1);
    },
  },
  createReturns200: {
    async check(server, faulted) {
      const user = await sessionUser(server);
      const created = await user.request('POST', '/v1/tasks', { body: { title: 'status check' } });
      expect(created.status).toBe(faulted ? 200 : 201);
      const task = Item.parse(created.json());
      expect(task).toMatchObject({ version: 1, payload: { title: 'status check' } });
      // other routes keep their statuses
      expect((await user.request('PUT', `/v1/tasks/${task.uid}`, { body: { title: 'replaced' } })).status).toBe(200);
      expect((await user.request('POST', '/v1/sync/sessions')).status).toBe(201);
    },
  },
  ignoreIfMatch: {
    async check(server, faulted) {
      const user = await sessionUser(server);
      const note = Item.parse((await user.request('POST', '/v1/notes', { body: { title: 'v1' } })).json());
      const put = await user.request('PUT', `/v1/notes/${note.uid}`, { body: { title: 'v2' }, headers: { [HEADERS.ifMatch]: '5' } });
      if (faulted) expect(Item.parse(put.json()).version).toBe(2);
      else expectJsonError(put, 412, ERR.versionMismatch(5, 1));
      const patch = await user.request('PATCH', `/v1/notes/${note.uid}`, { body: { title: 'v3' }, headers: { [HEADERS.ifMatch]: '"7"' } });
      if (faulted) expect(Item.parse(patch.json()).version).toBe(3);
      else expectJsonError(patch, 412, ERR.versionMismatch(7, 1));
    },
  },
  fixedLatencyMs: {
    setting: `fixedLatencyMs=${LATENCY_MS}`,
    async check(server, faulted) {
      for (const path of ['/healthz', '/no-such-route']) {
        const started = performance.now();
        const response = await rawRequest(`${server.url}${path}`, {});
        const elapsed = performance.now() - started;
        expect(response.status).toBe(path === '/healthz' ? 200 : 404);
        if (faulted) expect(elapsed).toBeGreaterThanOrEqual(LATENCY_MS - 5);
        else expect(elapsed).toBeLessThan(LATENCY_MS);
      }
    },
  },
} satisfies Record<GoApiFaultName, Scenario>;

describe('fault catalogue', () => {
  it('has a scenario for every fault and every fault is off by default', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual([...FAULT_NAMES].sort());
    expect(FaultList.parse('')).toEqual({});
    expect(describeFaults(FaultList.parse(''))).toEqual([]);
  });

  it('parses STANDIN_FAULTS: flags, flags with =true, durations, whitespace and empty entries', () => {
    expect(FaultList.parse(' hardDelete , ,ignoreIfMatch=true,fixedLatencyMs=200 ')).toEqual({
      hardDelete: true,
      ignoreIfMatch: true,
      fixedLatencyMs: 200,
    });
    expect(describeFaults(FaultList.parse('fixedLatencyMs=0,skipEpochCheck'))).toEqual(['fixedLatencyMs=0', 'skipEpochCheck']);
    expect(FaultList.parse('fixedLatencyMs = 60000')).toEqual({ fixedLatencyMs: 60000 });
  });

  it.each([
    ['an unknown fault', 'dropTables', /unknown fault "dropTables"/],
    ['a differently cased name', 'harddelete', /unknown fault "harddelete"/],
    ['a flag with a value', 'hardDelete=false', /takes no value/],
    ['a duration without value', 'fixedLatencyMs', /needs a duration/],
    ['a negative duration', 'fixedLatencyMs=-1', /needs a duration/],
    ['a fractional duration', 'fixedLatencyMs=1.5', /needs a duration/],
    ['a duration above 60 s', 'fixedLatencyMs=60001', /needs a duration/],
    ['an empty duration', 'fixedLatencyMs=', /needs a duration/],
    ['a hex duration', 'fixedLatencyMs=0x10', /needs a duration/],
    ['an exponent duration', 'fixedLatencyMs=1e3', /needs a duration/],
    ['a second "=" in a duration', 'fixedLatencyMs=5=6', /needs a duration/],
    ['a second "=" in a flag', 'hardDelete=true=false', /takes no value/],
  ])('refuses %s', (_, text, message) => {
    const parsed = FaultList.safeParse(text);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message).join('\n')).toMatch(message);
  });
});

describe.each(BACKENDS)('fault switches (%s)', (backend) => {
  describe.each(FAULT_NAMES)('%s', (name) => {
    const scenario: Scenario = SCENARIOS[name];
    let faulty: GoApiServer;
    let clean: GoApiServer;
    beforeAll(async () => {
      const env = { ...scenario.env, ...(await scenario.setup?.()) };
      [faulty, clean] = await Promise.all([
        startTestGoApi({ backend, env: { ...env, STANDIN_FAULTS: scenario.setting ?? name }, isolated: scenario.isolated }),
        startTestGoApi({ backend, env }),
      ]);
    });
    afterAll(() => Promise.all([faulty.close(), clean.close()]));

    it(`with the fault: ${GO_API_FAULTS[name].summary}`, async () => {
      await scenario.check(faulty, true);
    });

    it('without the fault: behaves per the contract', async () => {
      await scenario.check(clean, false);
    });
  });

  describe('no request can switch a fault on', () => {
    let server: GoApiServer;
    beforeAll(async () => {
      server = await startTestGoApi({ backend, env: TENANT_ENV });
    });
    afterAll(() => server.close());

    const all = FAULT_NAMES.map((n) => (n === 'fixedLatencyMs' ? `${n}=${LATENCY_MS}` : n)).join(',');
    /** Every fault name as a header, plus the variable name and look-alikes. */
    const faultHeaders: Record<string, string> = {
      ...Object.fromEntries(FAULT_NAMES.map((n) => [n, n === 'fixedLatencyMs' ? String(LATENCY_MS) : 'true'])),
      STANDIN_FAULTS: all,
      'X-Standin-Faults': all,
      'X-Faults': all,
      'X-Fault': all,
    };
    const faultQuery = new URLSearchParams({
      ...Object.fromEntries(FAULT_NAMES.map((n) => [n, n === 'fixedLatencyMs' ? String(LATENCY_MS) : 'true'])),
      STANDIN_FAULTS: all,
      faults: all,
    }).toString();

    it('ignores fault-named headers and query parameters on every kind of route', async () => {
      const user = await TestUser.create(server, { tenant: TENANT });
      await user.openSession();
      const other = await TestUser.create(server, { tenant: TENANT });
      await other.openSession();
      const withFaults = (extra: Record<string, string> = {}) => ({ headers: { ...faultHeaders, ...extra } });
      const q = (path: string) => `${path}${path.includes('?') ? '&' : '?'}${faultQuery}`;

      // JWT: forged signature, alg none, expired → 401
      const forged = await mintHs256('not-the-server-secret', { sub: uniqueSub() });
      const expired = await mintHs256(TEST_JWT_SECRET, { sub: uniqueSub(), expiresInS: -60 });
      for (const token of [forged, expired, unsignedToken('none', uniqueSub())]) {
        const response = await rawRequest(`${server.url}${q('/v1/sync/sessions')}`, {
          method: 'POST',
          headers: { ...faultHeaders, ...tenantHeaders(TENANT.id, TENANT.secret), Authorization: `Bearer ${token}` },
        });
        expectText(response, 401, TEXT.unauthorized);
      }
      // tenant: missing, stale, badly signed → 401
      for (const tenant of [{}, tenantHeaders(TENANT.id, TENANT.secret, Date.now() - 450_000), { ...tenantHeaders(TENANT.id, TENANT.secret), [HEADERS.tenantSignature]: '0'.repeat(64) }]) {
        const response = await rawRequest(`${server.url}${q('/v1/sync/sessions')}`, {
          method: 'POST',
          headers: { ...faultHeaders, Authorization: user.authHeaders().Authorization!, ...tenant },
        });
        expectText(response, 401, TEXT.invalidTenantHeaders);
      }
      // epoch still required, rate-limit headers still sent
      const noEpoch = await user.request('GET', q('/v1/sync/notes/pull'), withFaults({ [HEADERS.syncEpoch]: '' }));
      expect(noEpoch.status).toBe(409);
      expect(noEpoch.headers.get(HEADERS.rateLimitLimit)).toBe('600');
      // another user's session still refused
      const foreign = await user.request('GET', q('/v1/sync/state'), withFaults({ [HEADERS.syncSession]: other.session!.id }));
      expectJsonError(foreign, 403, ERR.sessionWrongOwner);
      // create is 201, If-Match enforced, delete leaves a tombstone, reads stay owner-scoped
      const started = performance.now();
      const created = await user.request('POST', q('/v1/notes'), { ...withFaults(), body: { title: 'x' } });
      expect(performance.now() - started).toBeLessThan(LATENCY_MS);
      expect(created.status).toBe(201);
      const note = Item.parse(created.json());
      expectJsonError(await user.request('PUT', q(`/v1/notes/${note.uid}`), { ...withFaults({ [HEADERS.ifMatch]: '9' }), body: { title: 'y' } }), 412, ERR.versionMismatch(9, 1));
      expectJsonError(await other.request('GET', q(`/v1/notes/${note.uid}`), withFaults()), 404, 'note not found');
      expect((await user.request('DELETE', q(`/v1/notes/${note.uid}`), withFaults())).status).toBe(200);
      const tombstone = await user.request('GET', q(`/v1/notes/${note.uid}`), withFaults());
      expect(tombstone.status).toBe(410);
    });

    it('ignores fault names sent in request bodies', async () => {
      const user = await TestUser.create(server, { tenant: TENANT });
      await user.openSession();
      const faultBody = Object.fromEntries(FAULT_NAMES.map((n) => [n, true]));
      const created = await user.request('POST', '/v1/chats', { body: { title: 'c', STANDIN_FAULTS: 'createReturns200', ...faultBody } });
      expect(created.status).toBe(201);
      const pushed = await user.request('POST', '/v1/sync/chats/push', { body: { items: [], ...faultBody }, headers: { [HEADERS.syncEpoch]: '' } });
      expect(pushed.status).toBe(409);
    });
  });
});
