/**
 * GOAPI-<ENTITY>-LIST: the collection GET — owner scoping, oldest-first order, cursor paging, limit parsing
 * (contract §9.1, §9.4, cursor format §10).
 */
import type { EntityDef } from '../../../contract/entities.js';
import { decodeCursor } from '../../../contract/formats.js';
import { AliveItem, List, type Item } from '../../../contract/schemas.js';
import { ensure, equal } from '../../../framework/model/assert.js';
import { defineCheck, type CheckDef } from '../../../framework/checks/define.js';
import { userWithSession } from '../lib/call.js';
import { EntityClient } from '../lib/entity-client.js';
import { byListOrder, uids } from '../lib/items.js';
import { expectSameJson } from '../../shared/json.js';
import { capitalized, entityCheckId, linkToNewParent, seedItem } from '../lib/samples.js';

const PAGE = '2';

/** The cursor names the last item of its page: base64url (no padding) of `<updatedAt ms>|<uid>`. */
function expectCursorAt(cursor: string | undefined, last: Item, what: string): string {
  equal(decodeCursor(cursor ?? ''), { ms: Date.parse(last.updatedAt), uid: last.uid }, `${what}: nextCursor decoded`);
  return cursor!;
}

export function listCheck(entity: EntityDef): CheckDef {
  return defineCheck(
    {
      id: entityCheckId(entity, 'LIST'),
      title: `${capitalized(entity.plural)}: list is owner-scoped, oldest first, and pages with a cursor`,
      area: 'go-api',
      severity: 'medium',
      requirement: 'contract §9.1, §9.4 (list), §10 (cursor format)',
      expected:
        "GET /v1/{E} returns only the caller's items ordered by (updatedAt, uid), nextCursor on every non-empty page and none on the empty page that ends the list; invalid cursors restart and odd limits fall back to 500",
    },
    async (ctx) => {
      const owner = await userWithSession(ctx, 'list');
      const stranger = await userWithSession(ctx, 'list-other');
      const api = new EntityClient(owner, entity);
      const link = await linkToNewParent(owner, entity);
      const mine: Item[] = [];
      for (const n of [1, 2, 3]) mine.push((await seedItem(owner, entity, { link, marker: `list ${n}` })).item);
      await seedItem(stranger, entity, { marker: "someone else's" });
      const expected = [...mine].sort(byListOrder);
      const [first, second, third] = expected as [Item, Item, Item];

      const whole = (await api.list()).json(200, List);
      const foreign = whole.items.filter((item) => !mine.some((m) => m.uid === item.uid));
      ensure(foreign.length === 0, `GET list shows ${foreign.length} item(s) the caller does not own, e.g. ${foreign[0]?.uid}`);
      expectSameJson(whole.items, expected, "GET list: exactly the caller's items, oldest first");
      expectCursorAt(whole.nextCursor, third, 'GET list');

      const page1 = (await api.list({ limit: PAGE })).json(200, List);
      equal(uids(page1.items), uids([first, second]), 'page 1 (limit 2)');
      const cursor1 = expectCursorAt(page1.nextCursor, second, 'page 1');
      const page2 = (await api.list({ limit: PAGE, cursor: cursor1 })).json(200, List);
      equal(uids(page2.items), uids([third]), 'page 2 (limit 2)');
      const cursor2 = expectCursorAt(page2.nextCursor, third, 'page 2');
      const page3 = (await api.list({ limit: PAGE, cursor: cursor2 })).json(200, List);
      equal(page3.items.length, 0, 'page 3 (after the last item) item count');

      // Invalid cursors (bad characters; padding, which raw base64url refuses) silently restart from the start.
      for (const cursor of ['not-a-cursor!', `${cursor1}=`]) {
        const restarted = (await api.list({ limit: PAGE, cursor })).json(200, List);
        equal(uids(restarted.items), uids(page1.items), `list with invalid cursor ${JSON.stringify(cursor)}`);
      }

      // Non-numeric or non-positive limits mean 500; limits above 1000 are clamped: all three items either way.
      for (const limit of ['abc', '0', '-1', '5000']) {
        const page = (await api.list({ limit })).json(200, List);
        equal(uids(page.items), uids(expected), `list with limit=${limit}`);
      }

      // The order follows updatedAt: a mutation moves the oldest item to the end.
      const touched = (await api.patch(first.uid, { touched: true })).json(200, AliveItem);
      const reordered = (await api.list()).json(200, List);
      equal(uids(reordered.items), uids([second, third, touched]), 'list after patching the oldest item');
    },
  );
}
