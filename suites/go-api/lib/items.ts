/**
 * Expectations about items that several checks share (contract §9.1, §9.3).
 */
import type { Item } from '../../../contract/schemas.js';
import { ensure, equal } from '../../../framework/model/assert.js';
import { expectSameJson } from '../../shared/json.js';

interface Versioned {
  readonly uid: string;
  readonly version: number;
  readonly updatedAt: string;
}

/** Server-managed payload keys after a REST mutation: `updatedTs` = updatedAt, `sync` = {version, isDeleted}. */
export function expectServerKeys(item: Item, what: string): void {
  equal(item.payload.updatedTs, item.updatedAt, `${what}: payload.updatedTs versus updatedAt`);
  const sync = item.deletedAt === undefined
    ? { version: item.version, isDeleted: false }
    : { version: item.version, isDeleted: true, deletedAt: item.deletedAt };
  expectSameJson(item.payload.sync, sync, `${what}: payload.sync`);
}

/** One successful mutation later: same uid, version + 1, strictly later updatedAt. */
export function expectNextVersion(previous: Versioned, next: Versioned, what: string): void {
  equal(next.uid, previous.uid, `${what}: uid`);
  equal(next.version, previous.version + 1, `${what}: version`);
  ensure(
    Date.parse(next.updatedAt) > Date.parse(previous.updatedAt),
    `${what}: updatedAt ${next.updatedAt} is not later than the previous ${previous.updatedAt}`,
  );
}

/** The (updatedAt ms, uid) order of lists and pulls, oldest first. */
export function byListOrder(a: Versioned, b: Versioned): number {
  return Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);
}

export function uids(items: readonly { readonly uid: string }[]): string[] {
  return items.map((item) => item.uid);
}
