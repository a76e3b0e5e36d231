/**
 * The 40 MCP tools (8 operations × 5 entities), generated from the entity table and named by contract/tools.ts.
 * Parameters follow the upstream proxy (contract §15.3); inputs are validated strictly (a uid is a UUID, never a path).
 */
import { z } from 'zod';
import { ENTITIES, parentFields, type EntityDef, type ToolField } from '../../contract/entities.js';
import { fillPath, restMethod, restPath, type RestOperation } from '../../contract/routes.js';
import { TOOL_OPERATIONS, toolName } from '../../contract/tools.js';
import type { GoCall } from '../go/go-client.js';

export type ToolOutputKind = 'item' | 'list' | 'delete';

export interface ToolAnnotations {
  readonly title: string;
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

export type ToolArgs = Record<string, unknown>;

export interface ToolDef {
  readonly name: string;
  readonly description: string;
  readonly entity: EntityDef;
  readonly op: RestOperation;
  readonly input: z.ZodObject;
  readonly output: ToolOutputKind;
  readonly annotations: ToolAnnotations;
  /** payload keys a full replace must keep: taken from the current item when the caller did not send them */
  readonly carryOver: readonly string[];
  /** the Go request for validated arguments */
  plan(args: ToolArgs): GoCall;
}

const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const uuid = () => z.string().regex(UUID_PATTERN, 'must be a UUID (8-4-4-4-12 hex digits)');
const jsonObject = () => z.record(z.string(), z.unknown());

function fieldSchema(entity: EntityDef, field: ToolField): z.ZodType {
  const parent = entity.parent;
  let schema: z.ZodType;
  if (parent?.kind === 'polymorphic' && field.key === parent.typeField) {
    schema = z.enum(Object.keys(parent.types) as [string, ...string[]]);
  } else if (field.type === 'uuid') schema = uuid();
  else if (field.type === 'string[]') schema = z.array(z.string());
  else if (field.type === 'boolean') schema = z.boolean();
  else schema = z.string();
  schema = schema.describe(field.description);
  if (field.default !== undefined) return schema.default(field.default);
  return field.required ? schema : schema.optional();
}

function fieldShape(entity: EntityDef, fields: readonly ToolField[]): Record<string, z.ZodType> {
  return Object.fromEntries(fields.map((f) => [f.param, fieldSchema(entity, f)]));
}

/** Body keys from tool fields; absent and null values are not sent; additional_fields are merged last. */
function bodyFrom(fields: readonly ToolField[], args: ToolArgs, prefix: Record<string, unknown> = {}): Record<string, unknown> {
  const body: Record<string, unknown> = { ...prefix };
  for (const field of fields) {
    const value = args[field.param];
    if (value !== undefined && value !== null) body[field.key] = value;
  }
  const additional = args.additional_fields;
  if (additional && typeof additional === 'object') Object.assign(body, additional);
  return body;
}

function buildTool(entity: EntityDef, op: RestOperation): ToolDef {
  const uid = uuid().describe(`UID of the ${entity.singular}`);
  const includeDeleted = z.boolean().default(false).describe('Also return deleted items (tombstones)');
  const ifMatch = z.int().nullable().optional().describe('Only apply when the current version equals this (optimistic locking; 412 otherwise)');
  const additional = jsonObject().optional().describe('Extra payload keys, merged last');
  const actions = Object.keys(entity.processActions) as [string, ...string[]];
  const pattern = restPath(entity, op);
  const call = (args: ToolArgs, extra: Omit<GoCall, 'method' | 'path'> = {}): GoCall => ({
    method: restMethod(op),
    path: pattern.includes('{uid}') ? fillPath(pattern, { uid: String(args.uid) }) : pattern,
    ...extra,
  });
  const name = toolName(entity, op);
  const common = { name, entity, op, carryOver: [] as readonly string[] };
  const annotations = (title: string, hints: Partial<ToolAnnotations>): ToolAnnotations => ({
    title,
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
    ...hints,
  });
  const S = entity.singular;
  const P = entity.plural;

  switch (op) {
    case 'list':
      return {
        ...common,
        description: `List ${P}, oldest first. Returns up to \`limit\` items and a \`nextCursor\`; pass it back as \`cursor\` for the next page. The end is reached when a page comes back empty.`,
        input: z.strictObject({
          limit: z.int().min(1).max(1000).default(100).describe('Page size, 1–1000'),
          cursor: z.string().max(512).optional().describe('nextCursor of the previous page'),
          include_deleted: includeDeleted,
        }),
        output: 'list',
        annotations: annotations(`List ${P}`, { readOnlyHint: true, idempotentHint: true }),
        plan: (args) => {
          const query: Record<string, string> = { limit: String(args.limit) };
          if (typeof args.cursor === 'string' && args.cursor !== '') query.cursor = args.cursor;
          if (args.include_deleted === true) query.includeDeleted = 'true';
          return call(args, { query });
        },
      };
    case 'get':
      return {
        ...common,
        description: `Get one ${S} by UID. A deleted ${S} is an error unless include_deleted is true.`,
        input: z.strictObject({ uid, include_deleted: includeDeleted }),
        output: 'item',
        annotations: annotations(`Get a ${S}`, { readOnlyHint: true, idempotentHint: true }),
        plan: (args) => call(args, args.include_deleted === true ? { query: { includeDeleted: 'true' } } : {}),
      };
    case 'create':
      return {
        ...common,
        description: `Create a ${S}.${entity.parent ? ` The parent must exist and belong to you.` : ''}`,
        input: z.strictObject({ ...fieldShape(entity, entity.createFields), additional_fields: additional }),
        output: 'item',
        annotations: annotations(`Create a ${S}`, {}),
        plan: (args) => call(args, { body: bodyFrom(entity.createFields, args) }),
      };
    case 'replace':
      return {
        ...common,
        carryOver: parentFields(entity),
        description: `Replace a ${S}: its payload becomes exactly the given fields${
          entity.parent ? ` (the parent link is kept)` : ''
        }. Use patch_${entity.toolSingular} to change single fields.`,
        input: z.strictObject({ uid, ...fieldShape(entity, entity.updateFields), if_match: ifMatch, additional_fields: additional }),
        output: 'item',
        annotations: annotations(`Replace a ${S}`, { idempotentHint: true }),
        plan: (args) =>
          call(args, {
            body: bodyFrom(entity.updateFields, args, { uid: args.uid }),
            ...(typeof args.if_match === 'number' ? { ifMatch: args.if_match } : {}),
          }),
      };
    case 'patch':
      return {
        ...common,
        description: `Change some fields of a ${S}; other fields are kept. A null value stores null.`,
        input: z.strictObject({ uid, updates: jsonObject().describe('Fields to set') }),
        output: 'item',
        annotations: annotations(`Patch a ${S}`, {}),
        plan: (args) => call(args, { body: args.updates }),
      };
    case 'delete':
      return {
        ...common,
        description: `Delete a ${S} (a tombstone stays for sync). Returns the delete summary.`,
        input: z.strictObject({ uid }),
        output: 'delete',
        annotations: annotations(`Delete a ${S}`, { destructiveHint: true, idempotentHint: false }),
        plan: (args) => call(args),
      };
    case 'archive':
      return {
        ...common,
        description: `Archive a ${S} (sets ${Object.entries(entity.archiveEffect)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(', ')}).`,
        input: z.strictObject({ uid }),
        output: 'item',
        annotations: annotations(`Archive a ${S}`, { idempotentHint: true }),
        plan: (args) => call(args, { body: {} }),
      };
    case 'process':
      return {
        ...common,
        description: `Apply an action to a ${S}: ${Object.entries(entity.processActions)
          .map(([action, effect]) => `${action} (${Object.entries(effect).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')})`)
          .join('; ')}.`,
        input: z.strictObject({
          uid,
          action: z.enum(actions).describe(`One of: ${actions.join(', ')}`),
          metadata: jsonObject().optional().describe('Accepted and ignored by the API'),
        }),
        output: 'item',
        annotations: annotations(`Process a ${S}`, {}),
        plan: (args) =>
          call(args, { body: args.metadata ? { action: args.action, metadata: args.metadata } : { action: args.action } }),
      };
  }
}

export function buildTools(): ToolDef[] {
  return ENTITIES.flatMap((entity) => TOOL_OPERATIONS.map((op) => buildTool(entity, op)));
}
