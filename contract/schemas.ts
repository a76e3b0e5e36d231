/**
 * zod schemas of every Go API response shape (contract §6–§12). Strict: an unexpected key is a contract change.
 */
import { z } from 'zod';
import { ENTITIES } from './entities.js';

/** Canonical lowercase UUID, as the Go API renders it. */
export const CanonicalUuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'canonical lowercase UUID');

/** Entity timestamp: whole ms, UTC `Z`, trailing zeros of the fraction trimmed. */
export const EntityTimestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,2}[1-9])?Z$/, 'RFC3339 UTC with trimmed millisecond fraction');

/** Session / serverTime timestamp: up to nanoseconds, trailing zeros trimmed. */
export const NanoTimestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,8}[1-9])?Z$/, 'RFC3339Nano UTC');

/** Postgres timestamptz rendered by Go (microseconds, any offset). */
export const PgTimestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'RFC3339 timestamp');

export const Payload = z.record(z.string(), z.unknown());

export const Item = z.strictObject({
  uid: CanonicalUuid,
  version: z.int().min(1),
  updatedAt: EntityTimestamp,
  deletedAt: EntityTimestamp.optional(),
  payload: Payload,
});
export type Item = z.infer<typeof Item>;

/** An alive item: `deletedAt` must be absent (not null). */
export const AliveItem = Item.refine((item) => !('deletedAt' in item), 'alive item carries deletedAt');

export const List = z
  .strictObject({
    items: z.array(Item),
    nextCursor: z.string().min(1).optional(),
  })
  .refine((list) => (list.items.length > 0) === (list.nextCursor !== undefined), {
    message: 'nextCursor must be present exactly when the page is non-empty',
  });
export type List = z.infer<typeof List>;

export const DeleteSummary = z
  .strictObject({
    uid: CanonicalUuid,
    version: z.int().min(1),
    updatedAt: EntityTimestamp,
    deletedAt: EntityTimestamp,
  })
  .refine((s) => s.deletedAt === s.updatedAt, 'deletedAt must equal updatedAt');
export type DeleteSummary = z.infer<typeof DeleteSummary>;

export const Session = z.strictObject({
  id: CanonicalUuid,
  userId: CanonicalUuid,
  createdAt: NanoTimestamp,
  expiresAt: NanoTimestamp,
  epoch: z.int().min(1),
});
export type Session = z.infer<typeof Session>;

const entityCapabilities = z.strictObject({
  maxLimit: z.literal(1000),
  push: z.literal(true),
  pull: z.literal(true),
});

export const SyncInfo = z.strictObject({
  apiVersion: z.literal('1.1'),
  serverTime: NanoTimestamp,
  entities: z.strictObject(
    Object.fromEntries(ENTITIES.map((e) => [e.path, entityCapabilities])) as Record<string, typeof entityCapabilities>,
  ),
  locking: z.strictObject({ supported: z.literal(true), mode: z.literal('session') }),
  minClientVersion: z.literal('0.1.0'),
  rateLimit: z.strictObject({
    windowSeconds: z.literal(60),
    maxRequests: z.literal(600),
    burst: z.literal(120),
  }),
  hints: z.strictObject({ recommendedBatch: z.literal(500), backoffMsOn429: z.literal(1500) }),
});
export type SyncInfo = z.infer<typeof SyncInfo>;

export const PushAck = z.strictObject({
  uid: z.union([CanonicalUuid, z.literal('')]),
  version: z.int().min(0),
  updatedAt: z.union([EntityTimestamp, z.literal('')]),
  error: z.string().min(1).optional(),
});
export type PushAck = z.infer<typeof PushAck>;
export const PushAcks = z.array(PushAck);

export const PullDelete = z.strictObject({ uid: CanonicalUuid, deletedAt: EntityTimestamp });

export const PullPage = z
  .strictObject({
    upserts: z.array(Payload),
    deletes: z.array(PullDelete),
    nextCursor: z.string().min(1).optional(),
  })
  .refine((p) => (p.upserts.length + p.deletes.length > 0) === (p.nextCursor !== undefined), {
    message: 'nextCursor must be present exactly when the page is non-empty',
  });
export type PullPage = z.infer<typeof PullPage>;

export const WipeResult = z.strictObject({
  epoch: z.int().min(2),
  deleted: z.strictObject(
    Object.fromEntries(ENTITIES.map((e) => [e.table, z.int().min(0)])) as Record<string, z.ZodInt>,
  ),
});
export type WipeResult = z.infer<typeof WipeResult>;

export const SyncState = z.strictObject({
  epoch: z.int().min(1),
  lastWipeAt: PgTimestamp.optional(),
  lastWipeBy: CanonicalUuid.optional(),
});
export type SyncState = z.infer<typeof SyncState>;

/** JERR: `{error, correlation_id}`. */
export const JsonError = z.strictObject({
  error: z.string(),
  correlation_id: z.string().min(1),
});
export type JsonError = z.infer<typeof JsonError>;

/** 409 epoch mismatch; correlation_id echoes the request header, possibly "". */
export const EpochMismatch = z.strictObject({
  error: z.literal('epoch_mismatch'),
  epoch: z.int().min(1),
  correlation_id: z.string(),
});
export type EpochMismatch = z.infer<typeof EpochMismatch>;

/** 410 tombstone: no correlation_id. */
export const Tombstone = z.strictObject({
  error: z.string().regex(/ (already )?deleted$/),
  deletedAt: EntityTimestamp,
});
export type Tombstone = z.infer<typeof Tombstone>;
