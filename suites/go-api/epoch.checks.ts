/**
 * Epochs (contract §6 EpochRequired, §11 wipe and state): a client behind the owner's epoch is refused with 409
 * until it opens a new session after a wipe.
 */
import { ENTITIES, entityByKey } from '../../contract/entities.js';
import { ERR, HEADERS } from '../../contract/messages.js';
import { EpochMismatch, List, Session, SyncState, WipeResult, PullPage } from '../../contract/schemas.js';
import { ensure, equal } from '../../framework/model/assert.js';
import { catalogue, defineCheck } from '../../framework/checks/define.js';
import { call, openSession, openSessionOf, sessionHeaders, userWithSession } from './lib/call.js';
import { EntityClient } from './lib/entity-client.js';
import { expectSameJson } from '../shared/json.js';
import type { Reply } from './lib/reply.js';
import { sampleFields, seedItem } from './lib/samples.js';

const notes = entityByKey('notes');

/** 409 epoch_mismatch naming the server epoch in the body and in X-Sync-Epoch. */
function expectEpochMismatch(reply: Reply, serverEpoch: number): void {
  const body = reply.json(409, EpochMismatch);
  equal(body.epoch, serverEpoch, `${reply.label}: epoch in the 409 body`);
  equal(reply.header(HEADERS.syncEpoch), String(serverEpoch), `${reply.label}: X-Sync-Epoch header of the 409`);
}

export const epochChecks = catalogue([
  defineCheck(
    {
      id: 'GOAPI-EPOCH-001',
      title: 'A missing, unparsable or low X-Sync-Epoch is refused with 409 epoch_mismatch',
      area: 'go-api',
      severity: 'high',
      requirement: 'contract §6 (EpochRequired), §16.1',
      expected:
        'on REST and sync routes, a missing, non-numeric or lower X-Sync-Epoch answers 409 {"error":"epoch_mismatch","epoch":<server>} with X-Sync-Epoch and changes nothing; an epoch at or above the server\'s passes',
    },
    async (ctx) => {
      const user = await userWithSession(ctx, 'epoch');
      const { id, epoch } = openSessionOf(user);
      const api = new EntityClient(user, notes);
      for (const sent of [null, 'abc', '0']) {
        const headers = sessionHeaders(id, sent);
        const why = sent === null ? 'without X-Sync-Epoch' : `with X-Sync-Epoch: ${sent}`;
        expectEpochMismatch(await api.rest('list', undefined, { withSession: false, headers, label: `GET /v1/notes ${why}` }), epoch);
        expectEpochMismatch(await call(user, 'GET', `/v1/sync/${notes.path}/pull`, { withSession: false, headers, label: `pull ${why}` }), epoch);
      }
      const refused = await api.rest('create', undefined, { withSession: false, headers: sessionHeaders(id, null), body: sampleFields(notes, 'refused') });
      expectEpochMismatch(refused, epoch);
      const pushRefused = await call(user, 'POST', `/v1/sync/${notes.path}/push`, {
        withSession: false,
        headers: sessionHeaders(id, null),
        body: { items: [] },
      });
      expectEpochMismatch(pushRefused, epoch);

      const ahead = (await api.rest('list', undefined, { withSession: false, headers: sessionHeaders(id, '999') })).json(200, List);
      equal(ahead.items.length, 0, 'items after a create refused with 409');
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-EPOCH-002',
      title: "Wipe bumps the epoch, hard-deletes the owner's data and ends every session",
      area: 'go-api',
      severity: 'high',
      requirement: 'contract §11 (wipe), §6 (EpochRequired), §16.14',
      expected:
        'POST /v1/sync/wipe {"confirm":"WIPE"} answers 200 with the new epoch and per-table counts; every old session then gets 428, a new session carries the new epoch, the old epoch gets 409, wiped rows are 404 (no tombstone), and state records the wipe',
    },
    async (ctx) => {
      const user = await userWithSession(ctx, 'wipe');
      const first = { ...openSessionOf(user) };
      const api = new EntityClient(user, notes);
      const { item } = await seedItem(user, notes, { marker: 'to be wiped' });
      const second = (await call(user, 'POST', '/v1/sync/sessions', { withSession: false })).json(201, Session);

      const wiped = (await call(user, 'POST', '/v1/sync/wipe', { body: { confirm: 'WIPE', mode: 'ignored' } })).json(200, WipeResult);
      user.session = undefined; // the wipe ended it
      equal(wiped.epoch, first.epoch + 1, 'epoch after the wipe');
      expectSameJson(wiped.deleted, Object.fromEntries(ENTITIES.map((e) => [e.table, e === notes ? 1 : 0])), 'wipe counts');
      for (const old of [first, second]) {
        const reply = await call(user, 'GET', '/v1/sync/state', { withSession: false, headers: sessionHeaders(old.id, String(wiped.epoch)) });
        reply.jerr(428, ERR.sessionInvalid);
      }

      const fresh = await openSession(user);
      equal(fresh.epoch, wiped.epoch, 'epoch of a session opened after the wipe');
      const stale = await api.rest('get', item.uid, { withSession: false, headers: sessionHeaders(fresh.id, String(first.epoch)) });
      expectEpochMismatch(stale, wiped.epoch);
      (await api.get(item.uid)).jerr(404, ERR.notFound(notes));
      expectSameJson((await api.pull()).json(200, PullPage), { upserts: [], deletes: [] }, 'pull after the wipe (no tombstones)');

      const state = (await call(user, 'GET', '/v1/sync/state')).json(200, SyncState);
      equal(state.epoch, wiped.epoch, 'state epoch');
      equal(state.lastWipeBy, second.userId, 'state lastWipeBy (the owner id, not the JWT subject)');
      ensure(state.lastWipeAt, 'state carries no lastWipeAt after a wipe');
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-EPOCH-003',
      title: 'Wipe and state need a session but no epoch; wipe insists on its confirmation',
      area: 'go-api',
      severity: 'high',
      requirement: 'contract §11',
      expected:
        'GET /v1/sync/state without X-Sync-Epoch answers {"epoch":1} for a new owner; wipe bodies that do not decode answer JERR 400 "invalid request body", anything but confirm "WIPE" JERR 400 "confirmation required…" and wipes nothing',
    },
    async (ctx) => {
      const user = await userWithSession(ctx, 'state');
      const noEpoch = { withSession: false, headers: sessionHeaders(openSessionOf(user).id, null) };
      expectSameJson((await call(user, 'GET', '/v1/sync/state', noEpoch)).json(200, SyncState), { epoch: 1 }, 'state of a new owner');

      const refusals: readonly [string, string][] = [
        ['', ERR.wipeInvalidBody],
        ['{"confirm":1}', ERR.wipeInvalidBody],
        ['{"confirm":"wipe"}', ERR.wipeConfirmationRequired],
        ['{}', ERR.wipeConfirmationRequired],
        ['null', ERR.wipeConfirmationRequired],
      ];
      for (const [body, error] of refusals) {
        (await call(user, 'POST', '/v1/sync/wipe', { ...noEpoch, body, label: `POST /v1/sync/wipe with body ${JSON.stringify(body)}` })).jerr(400, error);
      }
      expectSameJson((await call(user, 'GET', '/v1/sync/state', noEpoch)).json(200, SyncState), { epoch: 1 }, 'state after the refused wipes');

      const wiped = (await call(user, 'POST', '/v1/sync/wipe', { ...noEpoch, body: { confirm: 'WIPE' } })).json(200, WipeResult);
      user.session = undefined;
      equal(wiped.epoch, 2, 'epoch after a wipe without X-Sync-Epoch');
    },
  ),
]);
