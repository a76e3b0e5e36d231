/**
 * Reading and seeding the Go API directly, to set up and confirm what an MCP tool call did.
 */
import type { EntityDef } from '../../contract/entities.js';
import { fillPath, restPath } from '../../contract/routes.js';
import { AliveItem, Item, List, Tombstone } from '../../contract/schemas.js';
import { equal, matches } from '../../framework/model/assert.js';
import type { GoUser } from '../../framework/clients/go-user.js';
import { createArgs, expectedCreatedPayload, parentEntity } from '../../fixtures/clients/sample-args.js';

export function itemPath(entity: EntityDef, uid: string): string {
  return fillPath(restPath(entity, 'get'), { uid });
}

/** Creates an item (and its parent, when the entity needs one) through the Go API. */
export async function seedItem(user: GoUser, entity: EntityDef, marker = 'seeded'): Promise<{ item: Item; parentUid?: string }> {
  const parent = parentEntity(entity);
  const parentUid = parent ? (await seedItem(user, parent, `${marker} parent`)).item.uid : undefined;
  const payload = expectedCreatedPayload(entity, createArgs(entity, parentUid, marker));
  const response = await user.request('POST', restPath(entity, 'create'), { body: payload, label: `seed ${entity.singular}` });
  equal(response.status, 201, `seeding a ${entity.singular} through the Go API`);
  return { item: matches(AliveItem, response.json(), `seeded ${entity.singular}`), ...(parentUid ? { parentUid } : {}) };
}

export async function readItem(user: GoUser, entity: EntityDef, uid: string, label = 'confirm via Go API'): Promise<Item> {
  const response = await user.request('GET', itemPath(entity, uid), { label });
  equal(response.status, 200, `Go API GET ${entity.singular} status`);
  return matches(Item, response.json(), `Go API ${entity.singular}`);
}

export async function readTombstone(user: GoUser, entity: EntityDef, uid: string): Promise<{ gone: string; withDeleted: Item }> {
  const gone = await user.request('GET', itemPath(entity, uid), { label: 'confirm deleted via Go API' });
  equal(gone.status, 410, `Go API GET of a deleted ${entity.singular}`);
  const tombstone = matches(Tombstone, gone.json(), '410 body');
  const withDeleted = await user.request('GET', itemPath(entity, uid), { query: { includeDeleted: 'true' }, label: 'tombstone via Go API' });
  equal(withDeleted.status, 200, 'Go API GET with includeDeleted=true');
  return { gone: tombstone.deletedAt, withDeleted: matches(Item, withDeleted.json(), 'tombstone') };
}

export async function listAll(user: GoUser, entity: EntityDef): Promise<Item[]> {
  const response = await user.request('GET', restPath(entity, 'list'), { query: { limit: '1000' }, label: 'list via Go API' });
  equal(response.status, 200, `Go API list ${entity.plural}`);
  return matches(List, response.json(), `Go API ${entity.plural} list`).items;
}
