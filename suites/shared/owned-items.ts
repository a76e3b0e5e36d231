/**
 * A user's own items, one per entity (children linked to the user's own parents), and the means to tell whether
 * anything about them changed: the arrange and assert steps of every isolation probe.
 */
import { z } from 'zod';
import { ENTITIES, parentFields, type EntityDef, type EntityKey } from '../../contract/entities.js';
import { restPath } from '../../contract/routes.js';
import { createArgs, expectedCreatedPayload, parentEntity } from '../../fixtures/clients/sample-args.js';
import type { GoUser } from '../../framework/clients/go-user.js';
import type { HttpExchange } from '../../framework/clients/http.js';
import { itemPath } from './go-direct.js';
import { canonicalJson } from './json.js';
import { isSuccess, safeJson, snippet } from './text.js';

export interface OwnedItem {
  readonly entity: EntityDef;
  readonly uid: string;
  readonly version: number;
  readonly payload: Readonly<Record<string, unknown>>;
  /** the payload keys that tie the item to its parent (`{}` for root entities) */
  readonly link: Readonly<Record<string, string>>;
}

/** The fields of an item an isolation probe compares; loose, so an extra key is not an isolation failure. */
const StoredItem = z.looseObject({
  uid: z.string(),
  version: z.number(),
  deletedAt: z.string().optional(),
  payload: z.record(z.string(), z.unknown()),
});

export class ArrangeFailed extends Error {}

/**
 * Creates one live item of every entity through the Go API (the user needs an open session). A child is linked to
 * the user's own item of its parent entity, created first. Throws ArrangeFailed when the API refuses.
 */
export async function seedOneOfEach(user: GoUser, owner: string, marker: string): Promise<OwnedItem[]> {
  const seeded = new Map<EntityKey, OwnedItem>();
  const seed = async (entity: EntityDef): Promise<OwnedItem> => {
    const existing = seeded.get(entity.key);
    if (existing) return existing;
    const parent = parentEntity(entity);
    const parentUid = parent ? (await seed(parent)).uid : undefined;
    const body = { ...expectedCreatedPayload(entity, createArgs(entity, parentUid, marker)), isolationMarker: marker };
    const response = await user.request('POST', restPath(entity, 'create'), { body, label: `${owner}: create a ${entity.singular}` });
    const parsed = isSuccess(response.status) ? StoredItem.safeParse(safeJson(response.text)) : undefined;
    if (!parsed?.success) {
      throw new ArrangeFailed(`${owner} could not create a ${entity.singular}: POST ${restPath(entity, 'create')} answered ${response.status} ${snippet(response.text)}`);
    }
    const link = Object.fromEntries(parentFields(entity).map((key) => [key, String(body[key as keyof typeof body])]));
    const item: OwnedItem = { entity, uid: parsed.data.uid, version: parsed.data.version, payload: parsed.data.payload, link };
    seeded.set(entity.key, item);
    return item;
  };
  for (const entity of ENTITIES) await seed(entity);
  return ENTITIES.map((entity) => seeded.get(entity.key)!);
}

/** How `owned` differs from what its owner reads now; undefined when it is exactly as created. */
export function describeChange(owned: OwnedItem, response: HttpExchange, owner = 'A'): string | undefined {
  const what = `${owner}'s ${owned.entity.singular} ${owned.uid}`;
  if (response.status !== 200) return `${what} now answers ${response.status} ${snippet(response.text)} to its owner`;
  const parsed = StoredItem.safeParse(safeJson(response.text));
  if (!parsed.success) return `${what} now reads back as ${snippet(response.text)}`;
  const now = parsed.data;
  const changes: string[] = [];
  if (now.deletedAt !== undefined) changes.push(`deleted at ${now.deletedAt}`);
  if (now.version !== owned.version) changes.push(`version ${owned.version} → ${now.version}`);
  if (canonicalJson(now.payload) !== canonicalJson(owned.payload)) {
    const keys = [...new Set([...Object.keys(now.payload), ...Object.keys(owned.payload)])].filter(
      (key) => canonicalJson(now.payload[key]) !== canonicalJson(owned.payload[key]),
    );
    changes.push(`payload keys changed: ${keys.join(', ')}`);
  }
  return changes.length > 0 ? `${what} changed (${changes.join('; ')})` : undefined;
}

/** Reads every owned item back as its owner; returns one line per item that is no longer as created. */
export async function changesSince(user: GoUser, owned: readonly OwnedItem[], owner = 'A'): Promise<string[]> {
  const changes: string[] = [];
  for (const item of owned) {
    const read = () => user.request('GET', itemPath(item.entity, item.uid), { label: `${owner} reads back its ${item.entity.singular}` });
    let response = await read();
    if (response.status === 428) {
      // the owner's session is gone (reported by the checks that care); read with a new one
      await user.openSession();
      response = await read();
    }
    const change = describeChange(item, response, owner);
    if (change) changes.push(change);
  }
  return changes;
}
