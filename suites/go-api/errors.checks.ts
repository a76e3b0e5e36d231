/**
 * Every error shape of the Go API (contract §8): plain-text 401/404, JERR with its correlation id, the special 409
 * and 410 bodies, the empty 405 and the empty 500 of a recovered panic.
 */
import { randomUUID } from 'node:crypto';
import { ENTITIES, entityByKey } from '../../contract/entities.js';
import { ERR, HEADERS, TEXT } from '../../contract/messages.js';
import { DeleteSummary, EpochMismatch } from '../../contract/schemas.js';
import { tenantHeaders } from '../../contract/tenant-signature.js';
import { ensure, equal } from '../../framework/model/assert.js';
import { catalogue, defineCheck } from '../../framework/checks/define.js';
import { anonymous, call, freshCorrelationId, openSessionOf, sessionHeaders, userWithSession } from './lib/call.js';
import { EntityClient } from './lib/entity-client.js';
import { expectSameJson } from '../shared/json.js';
import type { Reply } from './lib/reply.js';
import { sampleFields, seedItem } from './lib/samples.js';

const notes = entityByKey('notes');
const correlated = (id: string) => ({ [HEADERS.correlationId]: id });
/** Go's generated correlation ids are random UUIDv4 strings. */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function expectNoChallenge(reply: Reply): void {
  equal(reply.header('www-authenticate'), undefined, `${reply.label}: WWW-Authenticate header`);
}

export const errorChecks = catalogue([
  defineCheck(
    {
      id: 'GOAPI-ERRORS-001',
      title: 'No usable bearer token: TEXT 401 "unauthorized"',
      area: 'go-api',
      severity: 'critical',
      requirement: 'contract §4 (token extraction, decision table), §8',
      expected:
        'without a token, with a non-"Bearer " scheme or with a token that does not validate, authenticated routes answer 401 text/plain "unauthorized\\n" without WWW-Authenticate',
    },
    async (ctx) => {
      const user = await ctx.user('no-token');
      const cases: readonly [string, string, string, Readonly<Record<string, string>>][] = [
        ['POST', '/v1/sync/sessions', 'without Authorization', {}],
        ['POST', '/v1/sync/sessions', 'with the scheme "bearer"', { Authorization: `bearer ${user.token}` }],
        ['POST', '/v1/sync/sessions', 'with a token that is not a JWT', { Authorization: 'Bearer not-a-jwt' }],
        ['GET', `/v1/${notes.path}`, 'without Authorization', {}],
      ];
      for (const [method, path, why, headers] of cases) {
        const reply = await call(user, method, path, { auth: false, withSession: false, headers, label: `${method} ${path} ${why}` });
        reply.text(401, TEXT.unauthorized);
        expectNoChallenge(reply);
      }
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-ERRORS-002',
      title: 'Bad tenant headers: TEXT 401 "Unauthorized: invalid tenant headers"',
      area: 'go-api',
      severity: 'critical',
      requirement: 'contract §5, §8',
      expected:
        'with a valid JWT but a tampered X-TB-Signature or no tenant headers, authenticated routes answer 401 text/plain "Unauthorized: invalid tenant headers\\n"',
    },
    async (ctx) => {
      const user = await ctx.user('bad-tenant');
      const signed = tenantHeaders(ctx.target.tenantId, ctx.target.tenantSecret);
      const signature = signed[HEADERS.tenantSignature]!;
      const tampered = { ...signed, [HEADERS.tenantSignature]: `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}` };
      for (const [why, headers] of [
        ['a tampered signature', tampered],
        ['no tenant headers', {}],
      ] as const) {
        for (const [method, path] of [
          ['POST', '/v1/sync/sessions'],
          ['GET', '/v1/notes'],
        ] as const) {
          const reply = await call(user, method, path, { tenant: false, withSession: false, headers, label: `${method} ${path} with ${why}` });
          reply.text(401, TEXT.invalidTenantHeaders);
        }
      }
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-ERRORS-003',
      title: 'JERR 428: correlation_id is the X-Correlation-ID, generated or echoed',
      area: 'go-api',
      severity: 'high',
      requirement: 'contract §2 (correlation), §6, §8',
      expected:
        'a 428 answers {"error":…,"correlation_id":id} in application/json where id is the X-Correlation-ID header: a fresh UUIDv4 when the client sent none, else the client\'s value',
    },
    async (ctx) => {
      const user = await ctx.user('jerr-428');
      const generated = (await call(user, 'GET', '/v1/notes', { label: 'GET /v1/notes without session' })).jerr(428, ERR.sessionHeaderRequired);
      ensure(UUID_V4.test(generated.correlation_id), `generated correlation id ${JSON.stringify(generated.correlation_id)} is not a UUIDv4`);
      const again = (await call(user, 'GET', '/v1/notes', { label: 'GET /v1/notes without session (again)' })).jerr(428, ERR.sessionHeaderRequired);
      ensure(again.correlation_id !== generated.correlation_id, 'two requests got the same generated correlation id');
      const sent = freshCorrelationId();
      const echoed = await call(user, 'GET', '/v1/notes', { headers: { ...sessionHeaders(randomUUID(), '1'), ...correlated(sent) } });
      echoed.jerr(428, ERR.sessionInvalid, sent);
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-ERRORS-004',
      title: "JERR 403 for another owner's sync session",
      area: 'go-api',
      severity: 'high',
      requirement: 'contract §6 (SessionRequired), §8',
      expected: 'JERR 403 "Session does not belong to authenticated user." with correlation_id equal to X-Correlation-ID',
    },
    async (ctx) => {
      const user = await userWithSession(ctx, 'jerr-403');
      const other = await userWithSession(ctx, 'jerr-403-other');
      const foreign = sessionHeaders(openSessionOf(other).id, String(openSessionOf(user).epoch));
      (await call(user, 'GET', '/v1/notes', { withSession: false, headers: foreign, label: "GET /v1/notes with another owner's session" })).jerr(
        403,
        ERR.sessionWrongOwner,
      );
      const sent = freshCorrelationId();
      (await call(user, 'GET', '/v1/sync/state', { withSession: false, headers: { ...foreign, ...correlated(sent) } })).jerr(
        403,
        ERR.sessionWrongOwner,
        sent,
      );
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-ERRORS-005',
      title: 'JERR 404 "<entity> not found" for every entity',
      area: 'go-api',
      severity: 'medium',
      requirement: 'contract §9.4 (get), §8',
      expected: 'GET /v1/{E}/{unknown uid} answers JERR 404 "note not found", "task not found", … "chat message not found"',
    },
    async (ctx) => {
      const user = await userWithSession(ctx, 'jerr-404');
      for (const entity of ENTITIES) (await new EntityClient(user, entity).get(randomUUID())).jerr(404, ERR.notFound(entity));
      const sent = freshCorrelationId();
      (await new EntityClient(user, notes).rest('delete', randomUUID(), { headers: correlated(sent) })).jerr(404, ERR.notFound(notes), sent);
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-ERRORS-006',
      title: 'JERR 400: invalid UID, invalid JSON, invalid action',
      area: 'go-api',
      severity: 'medium',
      requirement: 'contract §9.4 (check order), §8',
      expected:
        'a uid that is not a UUID answers JERR 400 "invalid UID"; a create/replace/process body that is not a JSON object "invalid JSON" (process decodes before the lookup); a missing or unknown action "invalid action: <action>"',
    },
    async (ctx) => {
      const api = new EntityClient(await userWithSession(ctx, 'jerr-400'), notes);
      const { uid } = (await seedItem(api.user, notes, { marker: 'target of bad requests' })).item;
      (await api.get('not-a-uid')).jerr(400, ERR.invalidUid);
      (await api.remove('not-a-uid')).jerr(400, ERR.invalidUid);
      for (const body of ['', '[1,2]', '"text"', '{"title":']) {
        (await api.rest('create', undefined, { body, label: `POST /v1/notes with body ${JSON.stringify(body)}` })).jerr(400, ERR.invalidJson);
      }
      (await api.rest('replace', uid, { body: '[]', label: 'PUT /v1/notes/{uid} with body []' })).jerr(400, ERR.invalidJson);
      (await api.rest('process', randomUUID(), { body: 'nope', label: 'process an unknown uid with a body that is not JSON' })).jerr(400, ERR.invalidJson);
      (await api.process(uid, {})).jerr(400, ERR.invalidAction(''));
      (await api.process(uid, { action: 'explode' })).jerr(400, ERR.invalidAction('explode'));
      const sent = freshCorrelationId();
      (await api.rest('get', 'nope', { headers: correlated(sent) })).jerr(400, ERR.invalidUid, sent);
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-ERRORS-007',
      title: 'JERR 412 on an If-Match mismatch, with the doubled prefix',
      area: 'go-api',
      severity: 'high',
      requirement: 'contract §9.4 (optimistic locking), §8, §16.7',
      expected: 'PUT with a stale If-Match answers JERR 412 "version mismatch: version mismatch: expected 5, actual 1" (not 409)',
    },
    async (ctx) => {
      const api = new EntityClient(await userWithSession(ctx, 'jerr-412'), notes);
      const { uid } = (await seedItem(api.user, notes, { marker: 'locked' })).item;
      const sent = freshCorrelationId();
      const reply = await api.rest('replace', uid, { body: sampleFields(notes, 'stale'), headers: { [HEADERS.ifMatch]: '5', ...correlated(sent) } });
      reply.jerr(412, ERR.versionMismatch(5, 1), sent);
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-ERRORS-008',
      title: 'JERR 500 "failed to create <entity>" for a parent rule violation',
      area: 'go-api',
      severity: 'medium',
      requirement: 'contract §9.2, §8, §16.6',
      expected: 'creating a child without its parent link answers JERR 500 "failed to create comment" / "failed to create chat message" (not 400)',
    },
    async (ctx) => {
      const user = await userWithSession(ctx, 'jerr-500');
      for (const entity of ENTITIES.filter((e) => e.parent)) {
        const sent = freshCorrelationId();
        const reply = await new EntityClient(user, entity).rest('create', undefined, { body: sampleFields(entity, 'orphan'), headers: correlated(sent) });
        reply.jerr(500, ERR.failedTo('create', entity), sent);
      }
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-ERRORS-009',
      title: "409 epoch_mismatch echoes the request's correlation id, even an absent one",
      area: 'go-api',
      severity: 'high',
      requirement: 'contract §6 (409 response), §8, §16.13',
      expected:
        'the 409 body is {"error":"epoch_mismatch","epoch":n,"correlation_id":<request X-Correlation-ID>} and the X-Correlation-ID header is overwritten with that value: the client\'s id, or "" when it sent none',
    },
    async (ctx) => {
      const user = await userWithSession(ctx, 'epoch-409');
      const { id, epoch } = openSessionOf(user);
      const sent = freshCorrelationId();
      const withId = await call(user, 'GET', '/v1/notes', { withSession: false, headers: { ...sessionHeaders(id, null), ...correlated(sent) } });
      const echoed = withId.json(409, EpochMismatch);
      expectSameJson(echoed, { error: ERR.epochMismatch, epoch, correlation_id: sent }, `${withId.label}: body`);
      equal(withId.header(HEADERS.correlationId), sent, `${withId.label}: X-Correlation-ID header`);

      const withoutId = await call(user, 'GET', '/v1/notes', { withSession: false, headers: sessionHeaders(id, null), label: 'GET /v1/notes without X-Sync-Epoch nor X-Correlation-ID' });
      const blank = withoutId.json(409, EpochMismatch);
      expectSameJson(blank, { error: ERR.epochMismatch, epoch, correlation_id: '' }, `${withoutId.label}: body`);
      equal(withoutId.header(HEADERS.correlationId) ?? '', '', `${withoutId.label}: X-Correlation-ID header (the empty request value)`);
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-ERRORS-010',
      title: '410 tombstone bodies carry deletedAt and no correlation_id',
      area: 'go-api',
      severity: 'high',
      requirement: 'contract §8 (REST tombstone), §9.4, §16.13',
      expected: 'GET of a deleted item answers 410 {"error":"note deleted","deletedAt":ts}, a second DELETE {"error":"note already deleted",…}; no correlation_id in the body, X-Correlation-ID still in the headers',
    },
    async (ctx) => {
      const api = new EntityClient(await userWithSession(ctx, 'tombstone-410'), notes);
      const { uid } = (await seedItem(api.user, notes, { marker: 'deleted' })).item;
      const summary = (await api.remove(uid)).json(200, DeleteSummary);
      const sent = freshCorrelationId();
      for (const [reply, message] of [
        [await api.rest('get', uid, { headers: correlated(sent) }), ERR.deleted(notes)],
        [await api.rest('delete', uid, { headers: correlated(sent) }), ERR.alreadyDeleted(notes)],
      ] as const) {
        equal(reply.tombstone(message).deletedAt, summary.deletedAt, `${reply.label}: deletedAt`);
        ensure(!reply.res.text.includes('correlation_id'), `${reply.label}: the 410 body carries a correlation_id`);
        equal(reply.header(HEADERS.correlationId), sent, `${reply.label}: X-Correlation-ID header`);
      }
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-ERRORS-011',
      title: 'Unknown paths: TEXT 404 "404 page not found" before any auth',
      area: 'go-api',
      severity: 'medium',
      requirement: 'contract §2 (unmatched paths, no trailing-slash redirect), §8',
      expected: 'unknown paths, including /v1/notes/ with a trailing slash, answer 404 text/plain "404 page not found\\n" without asking for a token',
    },
    async (ctx) => {
      for (const path of ['/v1/unknown', `/v1/${notes.path}/`, `/v1/sync/${notes.path}`, '/']) {
        (await anonymous(ctx, 'GET', path)).text(404, TEXT.notFound);
      }
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-ERRORS-012',
      title: 'Known path, wrong method: 405 with an empty body before any auth',
      area: 'go-api',
      severity: 'medium',
      requirement: 'contract §2 (wrong method, no HEAD), §8',
      expected: 'a known path with another method answers 405 with no body and an Allow header listing the served methods, without asking for a token; HEAD is not served',
    },
    async (ctx) => {
      const cases: readonly [string, string, readonly string[]][] = [
        ['PUT', `/v1/${notes.path}`, ['GET', 'POST']],
        ['DELETE', '/v1/sync/sessions', ['POST']],
        ['GET', `/v1/sync/${notes.path}/push`, ['POST']],
        ['POST', '/healthz', ['GET']],
        ['HEAD', '/healthz', ['GET']],
      ];
      for (const [method, path, allowed] of cases) {
        const reply = await anonymous(ctx, method, path);
        reply.empty(405);
        reply.expectCorrelationHeader();
        const allow = new Set((reply.header('allow') ?? '').split(',').map((m) => m.trim()).filter(Boolean));
        equal([...allow].sort(), [...allowed].sort(), `${reply.label}: Allow header (methods served on the path)`);
      }
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-ERRORS-013',
      title: 'A JSON null create body panics into an empty 500',
      area: 'go-api',
      severity: 'medium',
      requirement: 'contract §2 (panic recoverer), §9.4 (create), §16.20',
      expected: 'POST /v1/notes with the body null answers 500 with an empty body and an X-Correlation-ID header (documented crash, kept as is)',
    },
    async (ctx) => {
      const api = new EntityClient(await userWithSession(ctx, 'panic'), notes);
      const reply = await api.rest('create', undefined, { body: 'null', label: 'POST /v1/notes with body null' });
      reply.empty(500);
      reply.expectCorrelationHeader();
    },
  ),
]);
