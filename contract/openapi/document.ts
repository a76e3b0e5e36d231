/**
 * The Go API as an OpenAPI 3.1 document, generated from the contract: the route table (paths, methods, middleware
 * flags), the response schemas, the request schemas and the messages. zod-openapi turns the zod schemas into JSON
 * Schema; nothing of the document is written by hand. Status codes include the real API's quirks (500 for a child
 * without its parent, 412 on If-Match, 428 without a session, 409 without an epoch), so a contract fuzzer reads
 * them as documented behaviour, not as findings.
 */
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import type { EntityDef } from '../entities.js';
import { HEADERS, LIMITS, TEXT_CONTENT_TYPE } from '../messages.js';
import { AnyUuid, ArchiveBody, PatchBody, payloadBody, processBody, pushBody, WipeBody } from '../requests.js';
import { ROUTES, type RouteDef, type RouteName } from '../routes.js';
import {
  DeleteSummary,
  EpochMismatch,
  Item,
  JsonError,
  List,
  PullPage,
  PushAcks,
  Session,
  SyncInfo,
  SyncState,
  Tombstone,
  WipeResult,
} from '../schemas.js';

export const OPENAPI_VERSION = '3.1.0';

const PlainText = z.string();
const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
const text = { [TEXT_CONTENT_TYPE]: { schema: PlainText } };

type Headers = Record<string, z.ZodType>;
/** A response header as a component (each one is written once and referenced). */
const header = (name: string, schema: z.ZodType, description: string) => schema.meta({ description, header: { id: name } });
const integer = () => z.string().regex(/^-?\d+$/);

const rateLimitHeaders: Headers = {
  [HEADERS.rateLimitLimit]: header(HEADERS.rateLimitLimit, integer(), 'requests per window (600)'),
  [HEADERS.rateLimitRemaining]: header(HEADERS.rateLimitRemaining, integer(), 'whole tokens left after this request'),
  [HEADERS.rateLimitReset]: header(HEADERS.rateLimitReset, integer(), 'unix seconds when the bucket would be full'),
  [HEADERS.rateLimitBurst]: header(HEADERS.rateLimitBurst, integer(), 'bucket capacity (120)'),
};
const correlationHeader: Headers = { [HEADERS.correlationId]: header(HEADERS.correlationId, z.string(), 'generated, or echoed from the request') };
const retryAfterHeader: Headers = { [HEADERS.retryAfter]: header(HEADERS.retryAfter, integer(), 'seconds (1 with the defaults)') };
const epochHeaderOut: Headers = { [HEADERS.syncEpoch]: header(HEADERS.syncEpoch, integer(), 'the server epoch') };

/** Before the rate limiter (contract §2): these answers carry no X-RateLimit-* headers. */
const BEFORE_LIMITER = new Set(['401', '403', '428']);

function response(description: string, content: ZodOpenApiResponseObject['content'], route: RouteDef, status: string, extraHeaders: Headers = {}): ZodOpenApiResponseObject {
  const limited = route.flags.rateLimit !== null && !BEFORE_LIMITER.has(status);
  return {
    description,
    ...(content ? { content } : {}),
    headers: z.object({ ...correlationHeader, ...(limited ? rateLimitHeaders : {}), ...extraHeaders }),
  };
}

const SUCCESS: Record<RouteName, { schema?: z.ZodType; text?: true; description: string }> = {
  healthz: { text: true, description: 'the body is exactly "ok"' },
  syncInfo: { schema: SyncInfo, description: 'server capabilities' },
  createSession: { schema: Session, description: 'a new sync session; X-Sync-Epoch carries the owner epoch' },
  getSession: { schema: Session, description: 'the session' },
  deleteSession: { description: 'ended; empty body' },
  push: { schema: PushAcks, description: 'one ack per item, in order (per-item errors in `error`)' },
  pull: { schema: PullPage, description: 'raw stored payloads and tombstones after the cursor' },
  list: { schema: List, description: 'oldest first; nextCursor on every non-empty page' },
  create: { schema: Item, description: 'created (or an existing uid replaced or resurrected)' },
  get: { schema: Item, description: 'the item' },
  replace: { schema: Item, description: 'the payload replaced; version + 1' },
  patch: { schema: Item, description: 'merged shallowly; version + 1' },
  delete: { schema: DeleteSummary, description: 'soft-deleted: a summary without payload' },
  archive: { schema: Item, description: 'archived; version + 1' },
  process: { schema: Item, description: 'the action applied; version + 1' },
  wipe: { schema: WipeResult, description: "the owner's data hard-deleted and the epoch bumped" },
  state: { schema: SyncState, description: 'the owner epoch and last wipe' },
};

/** The error statuses each route documents (contract §4–§11), by what the route runs and what it does. */
function errorResponses(route: RouteDef): Record<string, ZodOpenApiResponseObject> {
  const out: Record<string, ZodOpenApiResponseObject> = {};
  const add = (status: string, description: string, content: ZodOpenApiResponseObject['content'], extra: Headers = {}) => {
    out[status] = response(description, content, route, status, extra);
  };
  if (route.flags.auth) add('401', 'no usable bearer token ("unauthorized"), or bad tenant headers ("Unauthorized: invalid tenant headers")', text);
  if (route.name === 'getSession' || route.name === 'deleteSession') {
    add('403', 'the session belongs to another user ("forbidden")', text);
    add('404', 'unknown or expired session ("session not found or expired")', text);
  }
  if (route.flags.session) {
    add('428', 'X-Sync-Session missing, unknown, expired or ended by a wipe', json(JsonError));
    add('403', 'the session belongs to another user', json(JsonError));
  }
  if (route.flags.rateLimit) add('429', 'rate limited', json(JsonError), retryAfterHeader);
  if (route.flags.epoch) add('409', 'X-Sync-Epoch missing, unparsable or below the server epoch', json(EpochMismatch), epochHeaderOut);
  const uid = ['get', 'replace', 'patch', 'delete', 'archive', 'process'].includes(route.name);
  if (route.name === 'push') {
    // push answers its own failures as one ack: `[{"uid":"","version":0,"updatedAt":"","error":"invalid json"}]`
    add('400', 'the body does not decode: one ack with error "invalid json"', json(PushAcks));
    add('500', 'the batch failed: one ack with error "commit failed" or "transaction error" (or TEXT "epoch load failed" before the handler)', { ...json(PushAcks), ...text });
    return out;
  }
  if (uid || route.name === 'create' || route.name === 'wipe') {
    add('400', uid ? 'invalid UID, invalid JSON or (process) invalid action' : 'the body does not decode (invalid JSON, or a wipe without {"confirm":"WIPE"})', json(JsonError));
  }
  if (uid) {
    add('404', 'no such item for this owner ("<entity> not found"), also for another owner\'s uid', json(JsonError));
    add('410', 'the item is a tombstone ("<entity> deleted" / "already deleted"); no correlation_id', json(Tombstone));
  }
  if (route.name === 'replace' || route.name === 'patch') add('412', 'If-Match names another version ("version mismatch: version mismatch: …")', json(JsonError));
  if (route.name !== 'healthz' && route.name !== 'syncInfo') {
    const child = route.entity?.parent ? ' For a comment or chat message without a valid, live parent, the real API answers 500 (a documented quirk, contract §9.2).' : '';
    const nul = ['create', 'replace', 'patch'].includes(route.name) ? ' A payload with \\u0000 in a string is refused by PostgreSQL, and answered 500 too.' : '';
    add('500', `a database or handler failure (JSON error, or TEXT "epoch load failed" before the handler).${child}${nul}`, { ...json(JsonError), ...text });
  }
  return out;
}

const sessionHeader = AnyUuid.describe('a live sync session of the caller (POST /v1/sync/sessions)');
const epochHeader = z.string().regex(/^\d+$/).describe('the owner epoch (an integer; missing or unparsable counts as 0 and is refused with 409)');

function parameters(route: RouteDef): ZodOpenApiOperationObject['requestParams'] {
  const header: Record<string, z.ZodType> = { [HEADERS.correlationId]: z.string().optional().describe('echoed as X-Correlation-ID') };
  if (route.flags.session) header[HEADERS.syncSession] = sessionHeader;
  if (route.flags.epoch) header[HEADERS.syncEpoch] = epochHeader;
  if (route.name === 'replace' || route.name === 'patch') header[HEADERS.ifMatch] = z.string().optional().describe('the expected version, `3` or `"3"`; other forms are ignored');
  const path: Record<string, z.ZodType> = {};
  if (route.path.includes('{uid}')) path.uid = AnyUuid.describe('the item uid: a UUID (the Go parser also takes braces, urn:uuid: and 32 hex digits; anything else is 400 "invalid UID")');
  if (route.path.includes('{id}')) path.id = AnyUuid.describe('the session id (an unknown id is 404)');
  const query: Record<string, z.ZodType> = {};
  if (route.name === 'list' || route.name === 'pull') {
    // any text is accepted: not an integer or ≤ 0 means the default, more than the maximum is clamped (contract §9.4)
    query.limit = z.string().optional().describe(`page size, an integer: default ${LIMITS.defaultListLimit}, at most ${LIMITS.maxListLimit}; larger is clamped, anything else means the default`);
    query.cursor = z.string().optional().describe('opaque; an invalid cursor restarts from the beginning');
  }
  if (route.name === 'list' || route.name === 'get') query.includeDeleted = z.string().optional().describe('only the exact string "true" includes tombstones; anything else is false');
  return {
    header: z.object(header),
    ...(Object.keys(path).length > 0 ? { path: z.object(path) } : {}),
    ...(Object.keys(query).length > 0 ? { query: z.object(query) } : {}),
  };
}

function requestBody(route: RouteDef): ZodOpenApiOperationObject['requestBody'] {
  const entity = route.entity as EntityDef | undefined;
  const body = (schema: z.ZodType, required = true) => ({ required, content: json(schema) });
  switch (route.name) {
    case 'create':
    case 'replace':
      return body(payloadBody(entity!));
    case 'patch':
      return body(PatchBody);
    case 'process':
      return body(processBody(entity!));
    case 'archive':
      return body(ArchiveBody, false);
    case 'push':
      return body(pushBody(entity!));
    case 'wipe':
      return body(WipeBody);
    default:
      return undefined;
  }
}

/** Bearer JWT with the signed tenant headers, or the JWT alone on a server that does not check them. */
const AUTHENTICATED: Record<string, string[]>[] = [
  { bearerAuth: [], tenantId: [], tenantTimestamp: [], tenantSignature: [] },
  { bearerAuth: [] },
];

function operationId(route: RouteDef): string {
  const entity = route.entity ? route.entity.path.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()) : '';
  return entity ? `${route.name}${entity[0]!.toUpperCase()}${entity.slice(1)}` : route.name;
}

function operation(route: RouteDef): ZodOpenApiOperationObject {
  const success = SUCCESS[route.name];
  const createdEpoch: Headers = route.name === 'createSession' ? epochHeaderOut : {};
  const content = success.text ? text : success.schema ? json(success.schema) : undefined;
  const body = requestBody(route);
  return {
    operationId: operationId(route),
    summary: `${route.method} ${route.path}`,
    tags: [route.entity ? route.entity.path : route.path.startsWith('/v1/sync') ? 'sync' : 'health'],
    security: route.flags.auth ? AUTHENTICATED : [],
    requestParams: parameters(route),
    ...(body ? { requestBody: body } : {}),
    responses: {
      [String(route.successStatus)]: response(success.description, content, route, String(route.successStatus), createdEpoch),
      ...errorResponses(route),
    },
  };
}

export function openApiDocument(): ReturnType<typeof createDocument> {
  const paths: Record<string, Record<string, ZodOpenApiOperationObject>> = {};
  for (const route of ROUTES) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  return createDocument({
    openapi: OPENAPI_VERSION,
    info: {
      title: 'ToolBridge Go API',
      version: '1.1',
      description:
        'Generated from toolbridge-verify contract/ (the entity table, the route table and the zod schemas) by `npm run openapi`. ' +
        'Every route but /healthz and /v1/sync/info needs a bearer JWT and, when the server checks them, the signed tenant headers ' +
        '(X-TB-Signature = lowercase hex HMAC-SHA256 of "<tenant id>:<X-TB-Timestamp ms>"). Status codes include the real API\'s quirks.',
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        tenantId: { type: 'apiKey', in: 'header', name: HEADERS.tenantId },
        tenantTimestamp: { type: 'apiKey', in: 'header', name: HEADERS.tenantTimestamp, description: 'epoch milliseconds, within 300 s of the server clock' },
        tenantSignature: { type: 'apiKey', in: 'header', name: HEADERS.tenantSignature, description: 'hex HMAC-SHA256 of "<tenant id>:<timestamp>"' },
      },
      schemas: { Item, List, DeleteSummary, Session, SyncInfo, PushAcks, PullPage, WipeResult, SyncState, JsonError, EpochMismatch, Tombstone },
    },
    paths,
  });
}
