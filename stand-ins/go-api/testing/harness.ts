/**
 * Test harness for the stand-in: start a server on a free loopback port with a config built from env-style
 * overrides, and talk to it as a given user.
 */
import { exchangeRaw } from '../../../framework/clients/raw-socket.js';
import { entityByKey, type EntityDef } from '../../../contract/entities.js';
import { afterAll, beforeAll, expect } from 'vitest';
import { HEADERS } from '../../../contract/messages.js';
import { AliveItem } from '../../../contract/schemas.js';
import { tenantHeaders } from '../../../contract/tenant-signature.js';
import { mintHs256, uniqueSub } from '../../identities/tokens.js';
import { loadGoApiConfig } from '../config.js';
import { startGoApi, type GoApiServer } from '../server.js';
import type { Clock } from '../state/clock.js';
import { isolatedDatabase, sharedDatabase, type BackendName } from './backends.js';

export const TEST_JWT_SECRET = 'stand-in-test-secret-0123456789abcdef';
export const TEST_TENANT_SECRET = 'stand-in-tenant-secret-fedcba9876543210';

export interface TestServerOptions {
  readonly backend: BackendName;
  /** environment overrides on top of a dev-mode config with TEST_JWT_SECRET */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly clock?: Clock;
  /** a database of its own instead of the shared one (see `isolatedDatabase`) */
  readonly isolated?: boolean;
}

export async function startTestGoApi(options: TestServerOptions): Promise<GoApiServer> {
  const config = loadGoApiConfig({
    HTTP_ADDR: '127.0.0.1:0',
    ENV: 'dev',
    JWT_HS256_SECRET: TEST_JWT_SECRET,
    ...options.env,
  });
  if (!options.isolated) return startGoApi({ config, database: await sharedDatabase(options.backend), clock: options.clock });
  const database = await isolatedDatabase(options.backend);
  const server = await startGoApi({ config, database, clock: options.clock });
  return {
    ...server,
    async close() {
      await server.close();
      await database.close();
    },
  };
}

/**
 * One stand-in for the enclosing `describe` block: started before its tests, closed after them. The returned handle
 * stands for the running server (using it before the block's tests start is an error).
 */
export function useTestGoApi(options: TestServerOptions): GoApiServer {
  let server: GoApiServer | undefined;
  beforeAll(async () => {
    server = await startTestGoApi(options);
  });
  afterAll(() => server?.close());
  return new Proxy({} as GoApiServer, {
    get(_target, key) {
      if (!server) throw new Error('the test server is used before its describe block started it');
      return Reflect.get(server, key);
    },
  });
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  json<T = unknown>(): T;
}

export interface RequestOptions {
  readonly body?: unknown;
  /** raw body text, sent as is */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** send X-Sync-Session / X-Sync-Epoch of the user's open session (default true when one is open) */
  readonly withSession?: boolean;
  /** send tenant headers signed with this secret (default: the user's tenant settings) */
  readonly auth?: boolean;
}

export async function rawRequest(url: string, init: RequestInit): Promise<TestResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}

/** Sends bytes on a fresh connection and returns everything the server writes before it closes (or goes quiet). */
export async function rawExchange(url: string, request: string, quietMs = 2_000): Promise<string> {
  return (await exchangeRaw(url, request, { quietMs })).toString('latin1');
}

/** One user of the stand-in: a JWT subject, optional tenant signing, an open sync session. */
export class TestUser {
  session: { id: string; epoch: number } | undefined;

  constructor(
    readonly server: { url: string },
    readonly sub: string,
    private readonly token: string | undefined,
    private readonly tenant: { id: string; secret: string } | undefined,
  ) {}

  static async create(
    server: { url: string },
    options: { sub?: string; secret?: string; tenant?: { id: string; secret: string }; debugOnly?: boolean } = {},
  ): Promise<TestUser> {
    const sub = options.sub ?? uniqueSub();
    const token = options.debugOnly ? undefined : await mintHs256(options.secret ?? TEST_JWT_SECRET, { sub });
    return new TestUser(server, sub, token, options.tenant);
  }

  authHeaders(): Record<string, string> {
    const headers: Record<string, string> = this.token ? { Authorization: `Bearer ${this.token}` } : { [HEADERS.debugSub]: this.sub };
    if (this.tenant) Object.assign(headers, tenantHeaders(this.tenant.id, this.tenant.secret));
    return headers;
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<TestResponse> {
    const headers: Record<string, string> = {};
    if (options.auth !== false) Object.assign(headers, this.authHeaders());
    if (this.session && options.withSession !== false) {
      headers[HEADERS.syncSession] = this.session.id;
      headers[HEADERS.syncEpoch] = String(this.session.epoch);
    }
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
    Object.assign(headers, options.headers);
    return rawRequest(`${this.server.url}${path}`, { method, headers, body });
  }

  async openSession(): Promise<{ id: string; epoch: number }> {
    const response = await this.request('POST', '/v1/sync/sessions', { withSession: false });
    if (response.status !== 201) throw new Error(`session create failed: ${response.status} ${response.text}`);
    const { id, epoch } = response.json<{ id: string; epoch: number }>();
    this.session = { id, epoch };
    return this.session;
  }
}

/** A fresh user (unique JWT subject) with an open sync session, ready for the entity routes. */
export async function userWithSession(server: { url: string }): Promise<TestUser> {
  const user = await TestUser.create(server);
  await user.openSession();
  return user;
}

/**
 * Payload keys satisfying an entity's parent rule (contract §9.2): creates a live parent for `user` through REST
 * and returns `{parentType, parentUid}` / `{chatUid}`; `{}` for an entity without a parent rule.
 * `parentType` picks the type of a polymorphic rule (default: its first type).
 */
export async function parentFieldsFor(user: TestUser, entity: EntityDef, parentType?: string): Promise<Record<string, string>> {
  const rule = entity.parent;
  if (!rule) return {};
  const type = rule.kind === 'polymorphic' ? (parentType ?? Object.keys(rule.types)[0]!) : undefined;
  const parentKey = rule.kind === 'polymorphic' ? rule.types[type!] : rule.parent;
  if (!parentKey) throw new Error(`${entity.key} has no parent type ${type}`);
  const response = await user.request('POST', `/v1/${entityByKey(parentKey).path}`, { body: { title: `parent of ${entity.key}` } });
  if (response.status !== 201) throw new Error(`parent create failed: ${response.status} ${response.text}`);
  const { uid } = response.json<{ uid: string }>();
  return rule.kind === 'polymorphic' ? { [rule.typeField]: type!, [rule.uidField]: uid } : { [rule.uidField]: uid };
}

/** Creates an `entity` item for `user` through REST, with a live parent when the entity needs one; expects 201. */
export async function createRestItem(user: TestUser, entity: EntityDef, body: Record<string, unknown>) {
  const parents = await parentFieldsFor(user, entity);
  const response = await user.request('POST', `/v1/${entity.path}`, { body: { ...parents, ...body } });
  expect(response.status, response.text).toBe(201);
  return { item: AliveItem.parse(response.json()), parents, response };
}
