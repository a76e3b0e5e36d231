/**
 * GOAPI-<ENTITY>-TOMBSTONE: DELETE leaves a tombstone — 410 on reads and writes, visible with includeDeleted=true
 * and in pulls, resurrected by a create with the same uid (contract §8, §9.4, §10, §16.10).
 */
import type { EntityDef } from '../../../contract/entities.js';
import { ERR } from '../../../contract/messages.js';
import { AliveItem, DeleteSummary, Item, List, PullPage } from '../../../contract/schemas.js';
import { ensure, equal } from '../../../framework/model/assert.js';
import { defineCheck, type CheckDef } from '../../../framework/checks/define.js';
import { userWithSession } from '../lib/call.js';
import { EntityClient } from '../lib/entity-client.js';
import { expectServerKeys } from '../lib/items.js';
import { expectSameJson } from '../../shared/json.js';
import { capitalized, entityCheckId, sampleFields, seedItem } from '../lib/samples.js';

const ALL = { limit: '1000' } as const;

export function tombstoneCheck(entity: EntityDef): CheckDef {
  return defineCheck(
    {
      id: entityCheckId(entity, 'TOMBSTONE'),
      title: `${capitalized(entity.plural)}: DELETE leaves a tombstone (410, includeDeleted, pull deletes)`,
      area: 'go-api',
      severity: 'high',
      requirement: 'contract §9.4 (get, delete, check order), §8 (410 body), §10 (pull deletes), §16.10',
      expected: `after DELETE, GET and every write answer 410 "${entity.singular} deleted" (DELETE: "already deleted"), includeDeleted=true shows the tombstone, pulls list it under deletes, and POST with the same uid resurrects it`,
    },
    async (ctx) => {
      const api = new EntityClient(await userWithSession(ctx, 'tombstone'), entity);
      const { item, link } = await seedItem(api.user, entity, { marker: 'to be deleted' });
      const { uid } = item;
      const summary = (await api.remove(uid)).json(200, DeleteSummary);

      const gone = (await api.get(uid)).tombstone(ERR.deleted(entity));
      equal(gone.deletedAt, summary.deletedAt, 'deletedAt of the 410 versus the delete summary');
      (await api.get(uid, { includeDeleted: '1' })).tombstone(ERR.deleted(entity)); // only the exact string "true" counts

      const tombstone = (await api.get(uid, { includeDeleted: 'true' })).json(200, Item);
      equal(tombstone.deletedAt, summary.deletedAt, 'GET ?includeDeleted=true deletedAt');
      equal(tombstone.version, summary.version, 'GET ?includeDeleted=true version');
      expectServerKeys(tombstone, 'the tombstone');

      (await api.replace(uid, { ...sampleFields(entity, 'late'), ...link })).tombstone(ERR.deleted(entity));
      (await api.patch(uid, { late: true })).tombstone(ERR.deleted(entity));
      (await api.archive(uid)).tombstone(ERR.deleted(entity));
      const [action = ''] = Object.keys(entity.processActions);
      (await api.process(uid, { action })).tombstone(ERR.deleted(entity));
      (await api.remove(uid)).tombstone(ERR.alreadyDeleted(entity));

      const alive = (await api.list(ALL)).json(200, List);
      ensure(!alive.items.some((i) => i.uid === uid), 'GET list without includeDeleted shows the tombstone');
      const withDeleted = (await api.list({ ...ALL, includeDeleted: 'true' })).json(200, List);
      const listed = withDeleted.items.find((i) => i.uid === uid);
      ensure(listed, 'GET list?includeDeleted=true does not show the tombstone');
      equal(listed.deletedAt, summary.deletedAt, 'listed tombstone deletedAt');

      const pulled = (await api.pull(ALL)).json(200, PullPage);
      expectSameJson(pulled.deletes.find((d) => d.uid === uid), { uid, deletedAt: summary.deletedAt }, 'pull deletes entry of the tombstone');
      ensure(!pulled.upserts.some((p) => p.uid === uid), 'pull still lists the deleted item under upserts');

      // POST with an existing uid replaces the row, tombstone included (still 201 — asserted by the CRUD check).
      const revived = (await api.create({ ...sampleFields(entity, 'revived'), ...link, uid })).succeeded(AliveItem);
      equal(revived.version, summary.version + 1, 'version of the resurrected item');
      (await api.get(uid)).json(200, AliveItem);
    },
  );
}
