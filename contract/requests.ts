/**
 * zod schemas of the Go API's request bodies (contract §9–§11), generated from the entity table. The API stores
 * payloads as given (§9.3): these say what it requires, not what it rejects with 400 — a child without its parent
 * link is refused with 500 (§9.2, a documented quirk).
 */
import { z } from 'zod';
import { parentFields, type EntityDef } from './entities.js';

/** Any UUID the Go parser takes in its canonical spelling, of any version and case (the nil UUID too). */
export const AnyUuid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/);

const Uuid = AnyUuid.describe('a UUID (any version or case; the API stores it as sent)');

/** A payload as the client sends it: any JSON object, plus the parent link a child entity needs. */
export function payloadBody(entity: EntityDef): z.ZodObject {
  const rule = entity.parent;
  const link: Record<string, z.ZodType> =
    rule === null
      ? {}
      : rule.kind === 'polymorphic'
        ? { [rule.typeField]: z.enum(Object.keys(rule.types) as [string, ...string[]]), [rule.uidField]: Uuid }
        : { [rule.uidField]: Uuid };
  return z.looseObject(link).describe(`a ${entity.singular} payload: stored as given, with uid, updatedTs and sync managed by the server (contract §9.3)`);
}

/** PATCH: merged shallowly into the payload; the parent link may be left out. */
export const PatchBody = z
  .looseObject({})
  .nullable()
  .describe('keys to set; null values are stored as null (contract §9.4); a body of JSON null changes nothing but the version (contract §16.20)');

/**
 * Bodies Go decodes into a struct: unknown keys are ignored and a JSON null leaves a field at its zero value, so
 * both are accepted; a value of the wrong type is refused (400).
 */
export function processBody(entity: EntityDef): z.ZodObject {
  return z.looseObject({
    action: z.enum(Object.keys(entity.processActions) as [string, ...string[]]),
    metadata: z.record(z.string(), z.unknown()).nullable().optional().describe('accepted and ignored'),
  });
}

/** Archive ignores any request body (contract §9.2): whatever is sent, even a bare number, is not read. */
export const ArchiveBody = z.unknown().describe('ignored: any body, or none');

/**
 * Push takes any objects: each item is judged on its own and a bad one (no uid, no parent link) gets an ack error
 * with 200, so the schema says what an item should carry without refusing what the API accepts.
 */
export function pushBody(entity: EntityDef): z.ZodType {
  const link = parentFields(entity);
  const item = z
    .record(z.string(), z.unknown())
    // a null item decodes to an empty payload: its ack says "missing or invalid uid"
    .nullable()
    .describe(`a ${entity.singular} payload with a UUID uid${link.length > 0 ? ` and ${link.join(', ')}` : ''}, or its ack carries the error (with 200)`);
  return z
    .looseObject({
      items: z.array(item).nullable().optional().describe('items pushed in one transaction; missing or null means none (contract §10)'),
    })
    // Go decodes a JSON null into the request struct without an error: no items, answered 200 []
    .nullable();
}

export const WipeBody = z.looseObject({
  confirm: z.literal('WIPE'),
  mode: z.string().nullable().optional().describe('ignored'),
});
