/**
 * Sync sessions (contract §6): their lifecycle, their owner, and SessionRequired on the protected routes.
 */
import { randomUUID } from 'node:crypto';
import { entityByKey } from '../../contract/entities.js';
import { ERR, HEADERS, LIMITS, TEXT } from '../../contract/messages.js';
import { Session } from '../../contract/schemas.js';
import { ensure, equal } from '../../framework/model/assert.js';
import { catalogue, defineCheck } from '../../framework/checks/define.js';
import type { GoUser } from '../../framework/clients/go-user.js';
import { call, openSessionOf, sessionHeaders, userWithSession } from './lib/call.js';
import { expectSameJson } from '../shared/json.js';

const SESSIONS = '/v1/sync/sessions';
const notes = entityByKey('notes');

/** One route of each kind behind SessionRequired: REST, sync, state and wipe. */
const PROTECTED_ROUTES = [
  { method: 'GET', path: `/v1/${notes.path}` },
  { method: 'GET', path: `/v1/sync/${notes.path}/pull` },
  { method: 'GET', path: '/v1/sync/state' },
  { method: 'POST', path: '/v1/sync/wipe', body: { confirm: 'WIPE' } },
] as const;

function createSession(user: GoUser) {
  return call(user, 'POST', SESSIONS, { withSession: false, label: `POST ${SESSIONS}` });
}

export const sessionChecks = catalogue([
  defineCheck(
    {
      id: 'GOAPI-SESSION-001',
      title: 'Sync session lifecycle: create 201, get 200, delete 204, then 404',
      area: 'go-api',
      severity: 'high',
      requirement: 'contract §6 (session object, POST/GET/DELETE /v1/sync/sessions)',
      expected:
        'POST answers 201 with the session (30 min lifetime) and X-Sync-Epoch; GET returns it; DELETE answers 204 without body; afterwards GET and DELETE answer TEXT 404 "session not found or expired"',
    },
    async (ctx) => {
      const user = await ctx.user('session');
      const created = await call(user, 'POST', SESSIONS, { withSession: false, body: { id: 'chosen-by-client', epoch: 99 } });
      const session = created.json(201, Session);
      equal(created.header(HEADERS.syncEpoch), String(session.epoch), 'X-Sync-Epoch header of the new session');
      equal(session.epoch, 1, 'epoch of a new user (the request body is ignored)');
      const lifetimeMs = Date.parse(session.expiresAt) - Date.parse(session.createdAt);
      ensure(
        lifetimeMs >= LIMITS.sessionTtlMs - 1 && lifetimeMs <= LIMITS.sessionTtlMs + 5_000,
        `session lifetime is ${lifetimeMs} ms, expected 30 min (${session.createdAt} → ${session.expiresAt})`,
      );
      const second = (await createSession(user)).json(201, Session);
      ensure(second.id !== session.id, 'two sessions of one user share an id');
      equal(second.userId, session.userId, 'userId of the second session (the owner id)');

      const path = `${SESSIONS}/${session.id}`;
      expectSameJson((await call(user, 'GET', path)).json(200, Session), session, 'GET of the session');
      (await call(user, 'DELETE', path)).empty(204);
      (await call(user, 'GET', path)).text(404, TEXT.sessionNotFound);
      (await call(user, 'DELETE', path)).text(404, TEXT.sessionNotFound);
      (await call(user, 'GET', `${SESSIONS}/${randomUUID()}`)).text(404, TEXT.sessionNotFound);
      (await call(user, 'GET', `${SESSIONS}/not-a-session`)).text(404, TEXT.sessionNotFound);
      (await call(user, 'GET', `${SESSIONS}/${second.id}`)).json(200, Session);
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-SESSION-002',
      title: "Another user's session cannot be read or deleted",
      area: 'go-api',
      severity: 'high',
      requirement: 'contract §6 (GET/DELETE /v1/sync/sessions/{id})',
      expected: "GET and DELETE of another owner's session answer TEXT 403 \"forbidden\" and the session survives",
    },
    async (ctx) => {
      const owner = await userWithSession(ctx, 'session-owner');
      const other = await userWithSession(ctx, 'session-other');
      const path = `${SESSIONS}/${openSessionOf(owner).id}`;
      (await call(other, 'GET', path)).text(403, TEXT.forbidden);
      (await call(other, 'DELETE', path)).text(403, TEXT.forbidden);
      (await call(owner, 'GET', path)).json(200, Session);
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-SESSION-003',
      title: 'REST, sync, state and wipe routes require a live session of the caller',
      area: 'go-api',
      severity: 'high',
      requirement: 'contract §6 (SessionRequired), §2 (middleware order)',
      expected:
        'without X-Sync-Session JERR 428 "X-Sync-Session header required…"; with an unknown or deleted session JERR 428 "Invalid or expired sync session…"; with another owner\'s session JERR 403 "Session does not belong to authenticated user."',
    },
    async (ctx) => {
      const user = await userWithSession(ctx, 'session-required');
      const other = await userWithSession(ctx, 'session-foreign');
      const epoch = String(openSessionOf(user).epoch);
      const deleted = (await createSession(user)).json(201, Session);
      (await call(user, 'DELETE', `${SESSIONS}/${deleted.id}`)).empty(204);

      const cases = [
        { why: 'no session header', headers: { [HEADERS.syncEpoch]: epoch }, status: 428, error: ERR.sessionHeaderRequired },
        { why: 'an unknown session', headers: sessionHeaders(randomUUID(), epoch), status: 428, error: ERR.sessionInvalid },
        { why: 'a deleted session', headers: sessionHeaders(deleted.id, epoch), status: 428, error: ERR.sessionInvalid },
        { why: "another owner's session", headers: sessionHeaders(openSessionOf(other).id, epoch), status: 403, error: ERR.sessionWrongOwner },
      ];
      for (const route of PROTECTED_ROUTES) {
        for (const { why, headers, status, error } of cases) {
          const reply = await call(user, route.method, route.path, {
            withSession: false,
            headers,
            ...('body' in route ? { body: route.body } : {}),
            label: `${route.method} ${route.path} with ${why}`,
          });
          reply.jerr(status, error);
        }
      }
    },
  ),
]);
