/**
 * GOAPI-<ENTITY>-CRUD: create, get, replace, patch, archive, every process action, and delete (contract §9.1–§9.4).
 */
import { randomUUID } from 'node:crypto';
import type { EntityDef } from '../../../contract/entities.js';
import { ERR } from '../../../contract/messages.js';
import { AliveItem, DeleteSummary } from '../../../contract/schemas.js';
import { equal } from '../../../framework/model/assert.js';
import { defineCheck, type CheckDef } from '../../../framework/checks/define.js';
import { userWithSession } from '../lib/call.js';
import { EntityClient } from '../lib/entity-client.js';
import { expectNextVersion, expectServerKeys } from '../lib/items.js';
import { expectAbsent, expectIncludes, expectSameJson, omit } from '../../shared/json.js';
import { capitalized, entityCheckId, linkToNewParent, sampleFields } from '../lib/samples.js';

export function crudCheck(entity: EntityDef): CheckDef {
  return defineCheck(
    {
      id: entityCheckId(entity, 'CRUD'),
      title: `${capitalized(entity.plural)}: create, get, replace, patch, archive, process and delete`,
      area: 'go-api',
      severity: 'critical',
      requirement: 'contract §9.1–§9.4',
      expected:
        'POST answers 201 with the item at version 1, every later mutation answers 200 with version + 1, a later updatedAt and the documented payload, and DELETE answers the delete summary',
    },
    async (ctx) => {
      const api = new EntityClient(await userWithSession(ctx, 'crud'), entity);
      const link = await linkToNewParent(api.user, entity);
      const uid = randomUUID();

      // Create: the client's uid spelling is kept in the payload; server-managed keys are overwritten.
      const createBody = {
        ...sampleFields(entity, 'created'),
        ...link,
        uid: uid.toUpperCase(),
        nested: { a: 1, b: 2 },
        updatedTs: '2001-02-03T04:05:06Z',
        sync: { version: 42, isDeleted: true },
      };
      const created = (await api.create(createBody)).json(201, AliveItem);
      equal(created.uid, uid, 'created uid (canonical lowercase)');
      equal(created.version, 1, 'created version');
      equal(created.payload.uid, uid.toUpperCase(), "created payload.uid (kept as the client spelled it)");
      expectServerKeys(created, 'created item');
      expectIncludes(created.payload, omit(createBody, ['uid', 'updatedTs', 'sync']), 'created payload');

      // Get, with the uid in upper case (UUIDs in URLs are parsed leniently).
      const fetched = (await api.get(uid.toUpperCase())).json(200, AliveItem);
      expectSameJson(fetched, created, 'GET after create');

      // Replace: the body becomes the whole payload; uid is forced to the URL uid.
      const replaceBody = { ...sampleFields(entity, 'replaced'), ...link, uid: randomUUID(), replacedOnly: true };
      const replaced = (await api.replace(uid, replaceBody)).json(200, AliveItem);
      expectNextVersion(created, replaced, 'PUT');
      equal(replaced.payload.uid, uid, 'PUT payload.uid (forced to the URL uid)');
      expectServerKeys(replaced, 'replaced item');
      const replacedKeys = omit(replaceBody, ['uid']);
      expectIncludes(replaced.payload, replacedKeys, 'replaced payload');
      expectAbsent(replaced.payload, ['nested'], 'replaced payload (PUT replaces the whole payload)');

      // Patch: shallow merge; uid and sync in the body are ignored; null is stored as null.
      const patchBody = { uid: randomUUID(), sync: { version: 99 }, patched: 'yes', cleared: null, replacedOnly: { deep: true } };
      const patched = (await api.patch(uid, patchBody)).json(200, AliveItem);
      expectNextVersion(replaced, patched, 'PATCH');
      equal(patched.payload.uid, uid, 'PATCH payload.uid (body uid ignored)');
      expectServerKeys(patched, 'patched item');
      expectIncludes(patched.payload, { ...replacedKeys, patched: 'yes', cleared: null, replacedOnly: { deep: true } }, 'patched payload');

      // Archive: the entity's archive effect, everything else kept.
      const archived = (await api.archive(uid)).json(200, AliveItem);
      expectNextVersion(patched, archived, 'archive');
      expectServerKeys(archived, 'archived item');
      expectIncludes(archived.payload, { patched: 'yes', ...entity.archiveEffect }, 'archived payload');

      // Process: every action of the entity table; metadata is accepted and ignored.
      let previous = archived;
      for (const [action, effect] of Object.entries(entity.processActions)) {
        const processed = (await api.process(uid, { action, metadata: { by: 'verifier' } })).json(200, AliveItem);
        expectNextVersion(previous, processed, `process ${action}`);
        expectServerKeys(processed, `item after process ${action}`);
        expectIncludes(processed.payload, effect, `payload after process ${action}`);
        expectAbsent(processed.payload, ['metadata', 'action'], `payload after process ${action}`);
        previous = processed;
      }
      (await api.process(uid, { action: 'no-such-action' })).jerr(400, ERR.invalidAction('no-such-action'));

      // Delete: the summary (no payload), deletedAt = updatedAt.
      const summary = (await api.remove(uid)).json(200, DeleteSummary);
      expectNextVersion(previous, summary, 'DELETE');
    },
  );
}
