/**
 * Test data generated from the entity table: sample payloads, parent links, and arrange steps that create items.
 */
import { randomUUID } from 'node:crypto';
import { entityByKey, parentFields, type EntityDef, type ToolField } from '../../../contract/entities.js';
import { AliveItem, type Item } from '../../../contract/schemas.js';
import type { GoUser } from '../../../framework/clients/go-user.js';
import { EntityClient } from './entity-client.js';

/** Payload keys that tie a child to its parent, e.g. `{parentType: "note", parentUid}` or `{chatUid}`. */
export type ParentLink = Readonly<Record<string, string>>;

/** One way an entity can point at a parent (comments: a note or a task; chat messages: a chat). */
export interface ParentKind {
  readonly parent: EntityDef;
  /** the value of the type field, for polymorphic rules */
  readonly typeName?: string;
  link(parentUid: string): ParentLink;
}

export function parentKinds(entity: EntityDef): ParentKind[] {
  const rule = entity.parent;
  if (!rule) return [];
  if (rule.kind === 'fixed') return [{ parent: entityByKey(rule.parent), link: (uid) => ({ [rule.uidField]: uid }) }];
  return Object.entries(rule.types).map(([typeName, key]) => ({
    parent: entityByKey(key),
    typeName,
    link: (uid) => ({ [rule.typeField]: typeName, [rule.uidField]: uid }),
  }));
}

function sampleValue(field: ToolField, marker: string): unknown {
  switch (field.type) {
    case 'string':
      return `${field.description} (${marker})`;
    case 'string[]':
      return [marker];
    case 'boolean':
      return field.default ?? false;
    case 'uuid':
      return randomUUID();
  }
}

/** A payload for a new item, without its parent link: the required fields of create_* plus a `marker`. */
export function sampleFields(entity: EntityDef, marker: string): Record<string, unknown> {
  const linkKeys = new Set(parentFields(entity));
  const fields = entity.createFields.filter((field) => field.required && !linkKeys.has(field.key));
  return { ...Object.fromEntries(fields.map((field) => [field.key, sampleValue(field, marker)])), marker };
}

export interface Seeded {
  readonly item: Item;
  /** the parent link the item was created with (empty for root entities) */
  readonly link: ParentLink;
}

/**
 * Arrange step: creates a live item through REST POST, after creating a live parent when the entity needs one
 * and no link is given. Any 2xx will do here: the exact 201 is what GOAPI-<ENTITY>-CRUD asserts.
 */
export async function seedItem(
  user: GoUser,
  entity: EntityDef,
  options: { readonly link?: ParentLink; readonly extra?: Readonly<Record<string, unknown>>; readonly marker?: string } = {},
): Promise<Seeded> {
  const link = options.link ?? (await linkToNewParent(user, entity));
  const body = { ...sampleFields(entity, options.marker ?? 'seed'), ...link, ...options.extra };
  const item = (await new EntityClient(user, entity).create(body)).succeeded(AliveItem);
  return { item, link };
}

/** Arrange step: a new live parent for a child entity, as the link to put in the child (`{}` for root entities). */
export async function linkToNewParent(user: GoUser, entity: EntityDef, kind: ParentKind | undefined = parentKinds(entity)[0]): Promise<ParentLink> {
  if (!kind) return {};
  const { item } = await seedItem(user, kind.parent, { marker: `parent of a ${entity.singular}` });
  return kind.link(item.uid);
}

/** `GOAPI-<ENTITY>-<ASPECT>`, with the entity key uppercased (e.g. GOAPI-CHAT_MESSAGES-PARENT). */
export function entityCheckId(entity: EntityDef, aspect: string): string {
  return `GOAPI-${entity.key.toUpperCase()}-${aspect}`;
}

export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
