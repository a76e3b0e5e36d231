/**
 * GOAPI-<ENTITY>-IFMATCH: optimistic locking with If-Match on PUT and PATCH — 412 on a stale version, odd forms
 * ignored, other routes unaffected (contract §9.4 "Optimistic locking", §16.7).
 */
import type { EntityDef } from '../../../contract/entities.js';
import { ERR } from '../../../contract/messages.js';
import { AliveItem, type Item } from '../../../contract/schemas.js';
import { equal } from '../../../framework/model/assert.js';
import { defineCheck, type CheckDef } from '../../../framework/checks/define.js';
import { userWithSession } from '../lib/call.js';
import { EntityClient } from '../lib/entity-client.js';
import type { Reply } from '../lib/reply.js';
import { expectNextVersion } from '../lib/items.js';
import { capitalized, entityCheckId, sampleFields, seedItem } from '../lib/samples.js';

/** A write that If-Match does not block: next version, and never an ETag (the server sends none). */
function accepted(reply: Reply, previous: Item, what: string): Item {
  const item = reply.json(200, AliveItem);
  expectNextVersion(previous, item, what);
  equal(reply.header('etag'), undefined, `${what}: ETag header`);
  return item;
}

export function ifMatchCheck(entity: EntityDef): CheckDef {
  return defineCheck(
    {
      id: entityCheckId(entity, 'IFMATCH'),
      title: `${capitalized(entity.plural)}: If-Match on PUT/PATCH answers 412 on a stale version`,
      area: 'go-api',
      severity: 'high',
      requirement: 'contract §9.4 (optimistic locking), §16.7',
      expected:
        'If-Match with the current version (3 or "3") lets PUT/PATCH through; a stale one gets JERR 412 "version mismatch: version mismatch: expected X, actual Y" and changes nothing; W/"n" and * are ignored, and archive ignores If-Match',
    },
    async (ctx) => {
      const api = new EntityClient(await userWithSession(ctx, 'ifmatch'), entity);
      const { item: v1, link } = await seedItem(api.user, entity, { marker: 'locked' });
      const { uid } = v1;
      const body = (step: string) => ({ ...sampleFields(entity, step), ...link, step });

      const v2 = accepted(await api.replace(uid, body('put v1'), '1'), v1, 'PUT If-Match: 1');
      (await api.replace(uid, body('stale put'), '1')).jerr(412, ERR.versionMismatch(1, 2));
      const v3 = accepted(await api.patch(uid, { step: 'patch v2' }, '"2"'), v2, 'PATCH If-Match: "2"');
      (await api.patch(uid, { step: 'stale patch' }, '"2"')).jerr(412, ERR.versionMismatch(2, 3));
      (await api.patch(uid, { step: 'stale patch' }, '7')).jerr(412, ERR.versionMismatch(7, 3));

      const current = (await api.get(uid)).json(200, AliveItem);
      equal(current.version, 3, 'version after the rejected writes');
      equal(current.payload.step, 'patch v2', 'payload after the rejected writes');

      // Forms other than an integer or a quoted integer mean no check at all.
      const v4 = accepted(await api.patch(uid, { step: 'weak' }, 'W/"1"'), v3, 'PATCH If-Match: W/"1"');
      const v5 = accepted(await api.replace(uid, body('star'), '*'), v4, 'PUT If-Match: *');
      // Only PUT and PATCH honour If-Match.
      accepted(await api.archive(uid, '1'), v5, 'archive with a stale If-Match');
    },
  );
}
