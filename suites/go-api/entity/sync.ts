/**
 * GOAPI-<ENTITY>-SYNC: delta sync push/pull — acks, last-writer-wins, tombstones and resurrection by push, raw
 * payloads and cursor paging on pull, invalid items (contract §10).
 */
import { randomUUID } from 'node:crypto';
import type { EntityDef } from '../../../contract/entities.js';
import { formatMs } from '../../../contract/formats.js';
import { ACK, ERR } from '../../../contract/messages.js';
import { AliveItem, PullPage, PushAcks } from '../../../contract/schemas.js';
import { equal } from '../../../framework/model/assert.js';
import { defineCheck, type CheckDef } from '../../../framework/checks/define.js';
import { userWithSession } from '../lib/call.js';
import { EntityClient } from '../lib/entity-client.js';
import { expectSameJson } from '../../shared/json.js';
import { capitalized, entityCheckId, linkToNewParent, sampleFields } from '../lib/samples.js';

/** Client timestamps of this check: fixed, in the past, so the order of the rows is known in advance. */
const BASE_MS = Date.UTC(2024, 0, 15, 12, 0, 0, 0);
const at = (offsetMs: number) => formatMs(BASE_MS + offsetMs);

const ack = (uid: string, version: number, offsetMs: number) => ({ uid, version, updatedAt: at(offsetMs) });
const failedAck = (error: string) => ({ uid: '', version: 0, updatedAt: '', error });

export function syncCheck(entity: EntityDef): CheckDef {
  return defineCheck(
    {
      id: entityCheckId(entity, 'SYNC'),
      title: `${capitalized(entity.plural)}: push/pull with last-writer-wins, tombstones and cursor paging`,
      area: 'go-api',
      severity: 'high',
      requirement: 'contract §10',
      expected:
        'push acks every item in order; a row changes only for a strictly newer timestamp (version + 1), equal or older pushes are acknowledged with the server state; pull returns the stored client objects and tombstones oldest first, page by page',
    },
    async (ctx) => {
      const api = new EntityClient(await userWithSession(ctx, 'sync'), entity);
      const link = await linkToNewParent(api.user, entity);
      const doc = (uid: string, offsetMs: number, extra: Readonly<Record<string, unknown>>) => ({
        ...sampleFields(entity, 'synced'),
        ...link,
        uid,
        updatedTs: at(offsetMs),
        ...extra,
      });
      const a = randomUUID();
      const b = randomUUID();

      // New rows: sync.version seeds the version; client times are accepted with any offset.
      const a1 = doc(a, 1000, { rev: 'a1', sync: { version: 5 } });
      const b1 = doc(b, 2000, { rev: 'b1', updatedTs: '2024-01-15T14:00:02+02:00' });
      const created = (await api.push({ items: [a1, b1] })).json(200, PushAcks);
      expectSameJson(created, [ack(a, 5, 1000), ack(b, 1, 2000)], 'acks of two new items');

      const page = (await api.pull()).json(200, PullPage);
      expectSameJson(page, { upserts: [a1, b1], deletes: [], nextCursor: page.nextCursor }, 'pull after the first push');
      const end = (await api.pull({ cursor: page.nextCursor! })).json(200, PullPage);
      expectSameJson(end, { upserts: [], deletes: [] }, 'pull after the last row');

      // Last writer wins: an equal or older timestamp changes nothing and is acknowledged with the server's row.
      const stale = (await api.push({ items: [doc(a, 1000, { rev: 'same time' }), doc(a, 500, { rev: 'older' })] })).json(200, PushAcks);
      expectSameJson(stale, [ack(a, 5, 1000), ack(a, 5, 1000)], 'acks of an equal and an older push');
      const a2 = doc(a, 3000, { rev: 'a2' });
      expectSameJson((await api.push({ items: [a2] })).json(200, PushAcks), [ack(a, 6, 3000)], 'ack of a newer push');

      // A pushed tombstone takes its time from sync.deletedAt.
      const bDeleted = doc(b, 4000, { rev: 'b deleted', sync: { isDeleted: true, deletedAt: at(3500) } });
      expectSameJson((await api.push({ items: [bDeleted] })).json(200, PushAcks), [ack(b, 2, 4000)], 'ack of a pushed tombstone');

      const first = (await api.pull({ limit: '1' })).json(200, PullPage);
      expectSameJson(first.upserts, [a2], 'pull page 1 (limit 1) upserts: the newest a, stored exactly as pushed');
      equal(first.deletes.length, 0, 'pull page 1 (limit 1) deletes');
      const second = (await api.pull({ limit: '1', cursor: first.nextCursor! })).json(200, PullPage);
      expectSameJson(second, { upserts: [], deletes: [{ uid: b, deletedAt: at(3500) }], nextCursor: second.nextCursor }, 'pull page 2 (limit 1)');
      const third = (await api.pull({ limit: '1', cursor: second.nextCursor! })).json(200, PullPage);
      expectSameJson(third, { upserts: [], deletes: [] }, 'pull page 3 (limit 1)');

      // The REST view of pushed rows.
      const restA = (await api.get(a)).json(200, AliveItem);
      expectSameJson(restA, { uid: a, version: 6, updatedAt: at(3000), payload: a2 }, 'GET of a pushed item');
      equal((await api.get(b)).tombstone(ERR.deleted(entity)).deletedAt, at(3500), 'GET of a pushed tombstone: deletedAt');

      // A newer live push resurrects the tombstone.
      expectSameJson((await api.push({ items: [doc(b, 5000, { rev: 'b2' })] })).json(200, PushAcks), [ack(b, 3, 5000)], 'ack of a resurrecting push');
      equal((await api.get(b)).json(200, AliveItem).version, 3, 'version of the resurrected item');

      // Invalid input.
      const noUid = (await api.push({ items: [{ ...link, rev: 'no uid' }] })).json(200, PushAcks);
      expectSameJson(noUid, [failedAck(ACK.invalidUid)], 'ack of an item without uid');
      expectSameJson((await api.push('not json')).json(400, PushAcks), [failedAck(ERR.pushInvalidJson)], 'push with a body that is not JSON');
      expectSameJson((await api.push({})).json(200, PushAcks), [], 'push without items');
    },
  );
}
