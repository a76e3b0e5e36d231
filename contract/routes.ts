/**
 * The Go API route table (contract §3): 57 routes with their middleware flags, generated from the entity table.
 */
import { ENTITIES, type EntityDef } from './entities.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The eight REST operations every entity has. */
export const REST_OPERATIONS = ['list', 'create', 'get', 'replace', 'patch', 'delete', 'archive', 'process'] as const;
export type RestOperation = (typeof REST_OPERATIONS)[number];

export type RouteName =
  | 'healthz'
  | 'syncInfo'
  | 'createSession'
  | 'getSession'
  | 'deleteSession'
  | 'push'
  | 'pull'
  | RestOperation
  | 'wipe'
  | 'state';

export interface RouteFlags {
  /** JWT auth (§4) */
  readonly auth: boolean;
  /** tenant headers (§5), when the server has them enabled */
  readonly tenant: boolean;
  /** SessionRequired (§6) */
  readonly session: boolean;
  /** rate-limit bucket: S (sync push/pull) or R (REST) */
  readonly rateLimit: 'S' | 'R' | null;
  /** EpochRequired (§6) */
  readonly epoch: boolean;
}

export interface RouteDef {
  readonly name: RouteName;
  readonly method: HttpMethod;
  /** path pattern with `{param}` segments */
  readonly path: string;
  readonly flags: RouteFlags;
  readonly successStatus: number;
  readonly entity?: EntityDef;
}

const OPEN: RouteFlags = { auth: false, tenant: false, session: false, rateLimit: null, epoch: false };
const AUTHED: RouteFlags = { auth: true, tenant: true, session: false, rateLimit: null, epoch: false };
const WITH_SESSION: RouteFlags = { ...AUTHED, session: true };
const SYNC: RouteFlags = { ...WITH_SESSION, rateLimit: 'S', epoch: true };
const REST: RouteFlags = { ...WITH_SESSION, rateLimit: 'R', epoch: true };

const REST_SHAPES: Record<RestOperation, { method: HttpMethod; suffix: string; status: number }> = {
  list: { method: 'GET', suffix: '', status: 200 },
  create: { method: 'POST', suffix: '', status: 201 },
  get: { method: 'GET', suffix: '/{uid}', status: 200 },
  replace: { method: 'PUT', suffix: '/{uid}', status: 200 },
  patch: { method: 'PATCH', suffix: '/{uid}', status: 200 },
  delete: { method: 'DELETE', suffix: '/{uid}', status: 200 },
  archive: { method: 'POST', suffix: '/{uid}/archive', status: 200 },
  process: { method: 'POST', suffix: '/{uid}/process', status: 200 },
};

/** Path of one REST operation for an entity, with `{uid}` left as a pattern. */
export function restPath(entity: EntityDef, op: RestOperation): string {
  return `/v1/${entity.path}${REST_SHAPES[op].suffix}`;
}

export function restMethod(op: RestOperation): HttpMethod {
  return REST_SHAPES[op].method;
}

export function restSuccessStatus(op: RestOperation): number {
  return REST_SHAPES[op].status;
}

function buildRoutes(): RouteDef[] {
  const routes: RouteDef[] = [
    { name: 'healthz', method: 'GET', path: '/healthz', flags: OPEN, successStatus: 200 },
    { name: 'syncInfo', method: 'GET', path: '/v1/sync/info', flags: OPEN, successStatus: 200 },
    { name: 'createSession', method: 'POST', path: '/v1/sync/sessions', flags: AUTHED, successStatus: 201 },
    { name: 'getSession', method: 'GET', path: '/v1/sync/sessions/{id}', flags: AUTHED, successStatus: 200 },
    { name: 'deleteSession', method: 'DELETE', path: '/v1/sync/sessions/{id}', flags: AUTHED, successStatus: 204 },
  ];
  for (const entity of ENTITIES) {
    routes.push(
      { name: 'push', method: 'POST', path: `/v1/sync/${entity.path}/push`, flags: SYNC, successStatus: 200, entity },
      { name: 'pull', method: 'GET', path: `/v1/sync/${entity.path}/pull`, flags: SYNC, successStatus: 200, entity },
    );
  }
  for (const entity of ENTITIES) {
    for (const op of REST_OPERATIONS) {
      const shape = REST_SHAPES[op];
      routes.push({ name: op, method: shape.method, path: restPath(entity, op), flags: REST, successStatus: shape.status, entity });
    }
  }
  routes.push(
    { name: 'wipe', method: 'POST', path: '/v1/sync/wipe', flags: WITH_SESSION, successStatus: 200 },
    { name: 'state', method: 'GET', path: '/v1/sync/state', flags: WITH_SESSION, successStatus: 200 },
  );
  return routes;
}

export const ROUTES: readonly RouteDef[] = buildRoutes();

/** Fills `{param}` segments of a route path. */
export function fillPath(pattern: string, params: Readonly<Record<string, string>>): string {
  return pattern.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${pattern}`);
    return encodeURIComponent(value);
  });
}
