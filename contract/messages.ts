/**
 * Every literal the Go API puts on the wire: header names, plain-text bodies, JSON error texts (contract §4–§12).
 */
import type { EntityDef } from './entities.js';

export const HEADERS = {
  correlationId: 'X-Correlation-ID',
  syncSession: 'X-Sync-Session',
  syncEpoch: 'X-Sync-Epoch',
  debugSub: 'X-Debug-Sub',
  ifMatch: 'If-Match',
  tenantId: 'X-TB-Tenant-ID',
  tenantTimestamp: 'X-TB-Timestamp',
  tenantSignature: 'X-TB-Signature',
  rateLimitLimit: 'X-RateLimit-Limit',
  rateLimitRemaining: 'X-RateLimit-Remaining',
  rateLimitReset: 'X-RateLimit-Reset',
  rateLimitBurst: 'X-RateLimit-Burst',
  retryAfter: 'Retry-After',
} as const;

export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';
export const JSON_CONTENT_TYPE = 'application/json';

/** Go's default HMAC secret; the real API refuses to start with it outside DevMode. */
export const DEFAULT_JWT_SECRET = 'dev-secret-change-in-production';

/** Plain-text bodies (Go `http.Error` adds a trailing newline). */
export const TEXT = {
  unauthorized: 'unauthorized',
  invalidTenantHeaders: 'Unauthorized: invalid tenant headers',
  serverError: 'server error',
  sessionNotFound: 'session not found or expired',
  forbidden: 'forbidden',
  epochLoadFailed: 'epoch load failed',
  epochInitFailed: 'epoch init failed',
  notFound: '404 page not found',
  healthOk: 'ok',
} as const;

/** JSON `error` texts. */
export const ERR = {
  sessionHeaderRequired:
    'X-Sync-Session header required. Please call POST /v1/sync/sessions to begin a session.',
  sessionInvalid:
    'Invalid or expired sync session. Please call POST /v1/sync/sessions to begin a new session.',
  sessionWrongOwner: 'Session does not belong to authenticated user.',
  rateLimited: (retryAfterS: number) => `Rate limit exceeded. Please retry after ${retryAfterS} seconds.`,
  epochMismatch: 'epoch_mismatch',
  failedInitEpoch: 'Failed to initialize epoch',
  failedLoadEpoch: 'Failed to load epoch',
  invalidJson: 'invalid JSON',
  invalidUid: 'invalid UID',
  invalidAction: (action: string) => `invalid action: ${action}`,
  versionMismatch: (expected: number, actual: number) =>
    `version mismatch: version mismatch: expected ${expected}, actual ${actual}`,
  notFound: (e: EntityDef) => `${e.singular} not found`,
  deleted: (e: EntityDef) => `${e.singular} deleted`,
  alreadyDeleted: (e: EntityDef) => `${e.singular} already deleted`,
  failedTo: (op: 'create' | 'update' | 'patch' | 'delete' | 'archive' | 'process' | 'get', e: EntityDef) =>
    `failed to ${op} ${e.singular}`,
  failedToList: (e: EntityDef) => `failed to list ${e.plural}`,
  pushInvalidJson: 'invalid json',
  pushTransactionError: 'transaction error',
  pushCommitFailed: 'commit failed',
  pullFailed: 'pull failed',
  wipeInvalidBody: 'invalid request body',
  wipeConfirmationRequired: 'confirmation required: must send {"confirm":"WIPE"}',
  stateLoadFailed: 'failed to load sync state',
} as const;

/** Push ack error texts (contract §10). */
export const ACK = {
  invalidUid: 'missing or invalid uid',
  missingParentType: 'missing parentType',
  missingParentUid: 'missing parentUid',
  invalidParentUid: 'invalid parentUid',
  invalidParentType: (t: string) => `invalid parent_type: ${t} (must be 'note' or 'task')`,
  parentNotFound: (parentSingular: string, uid: string) => `parent ${parentSingular} not found: ${uid}`,
  missingChatUid: 'missing chatUid',
  invalidChatUid: (value: string) => `invalid chatUid: ${value}`,
} as const;

export const LIMITS = {
  defaultListLimit: 500,
  maxListLimit: 1000,
  sessionTtlMs: 30 * 60 * 1000,
  tenantSkewSeconds: 300,
  rateLimit: { windowSeconds: 60, maxRequests: 600, burst: 120 },
} as const;
