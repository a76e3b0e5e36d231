import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { useTestGoApi, userWithSession, type TestResponse } from '../../stand-ins/go-api/testing/harness.js';
import { ENTITIES } from '../entities.js';
import { fillPath, ROUTES } from '../routes.js';
import { openApiDocument } from './document.js';
import { OPENAPI_FILE, renderOpenApi } from './main.js';

type Operation = { responses: Record<string, { content?: Record<string, { schema: unknown }>; headers?: Record<string, unknown> }>; parameters?: { in: string; name: string; required?: boolean }[] };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components: Record<string, unknown> };

const document = openApiDocument() as unknown as Document;

describe('the OpenAPI document of the Go API', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(JSON.parse(JSON.stringify(document)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('has exactly the routes of the route table, each with its success status', () => {
    const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of ROUTES) expect(Object.keys(document.paths[route.path]![route.method.toLowerCase()]!.responses), `${route.method} ${route.path}`).toContain(String(route.successStatus));
  });

  it('documents the middleware of each route: 401, 428 and 403, 429, 409 exactly where the route table says', () => {
    for (const route of ROUTES) {
      const op = document.paths[route.path]![route.method.toLowerCase()]!;
      const statuses = Object.keys(op.responses);
      const where = `${route.method} ${route.path}`;
      expect(statuses.includes('401'), where).toBe(route.flags.auth);
      expect(statuses.includes('428'), where).toBe(route.flags.session);
      expect(statuses.includes('429'), where).toBe(route.flags.rateLimit !== null);
      expect(statuses.includes('409'), where).toBe(route.flags.epoch);
      const headers = (op.parameters ?? []).filter((p) => p.in === 'header' && p.required).map((p) => p.name);
      expect(headers.includes('X-Sync-Session'), where).toBe(route.flags.session);
      expect(headers.includes('X-Sync-Epoch'), where).toBe(route.flags.epoch);
    }
  });

  it(`is published up to date in ${OPENAPI_FILE} (run \`npm run openapi\` after changing the contract)`, () => {
    expect(readFileSync(fileURLToPath(new URL(`../../${OPENAPI_FILE}`, import.meta.url)), 'utf8')).toBe(renderOpenApi());
  });
});

describe('answers of the Go API stand-in match the document', () => {
  const server = useTestGoApi({ backend: 'pglite' });
  const ajv = addFormats.default(new Ajv2020({ strict: false, allErrors: true }));
  ajv.addSchema({ ...JSON.parse(JSON.stringify(document)), $id: 'openapi.json' });

  /** The response schema the document gives for this exchange, checked against the answer. */
  function expectDocumented(method: string, pattern: string, response: TestResponse): void {
    const op = document.paths[pattern]![method.toLowerCase()]!;
    const documented = op.responses[String(response.status)];
    expect(documented, `${method} ${pattern} → ${response.status} is not documented`).toBeDefined();
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    if (!documented!.content || response.text === '') return;
    expect(Object.keys(documented!.content), `${method} ${pattern} → ${response.status} ${type}`).toContain(type === 'text/plain' ? 'text/plain; charset=utf-8' : type);
    if (type !== 'application/json') return;
    const pointer = `openapi.json#/paths/${pattern.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${response.status}/content/application~1json/schema`;
    const validate = ajv.getSchema(pointer)!;
    expect(validate(response.json()), `${method} ${pattern} → ${response.status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
  }

  const fake = (status: number, body: unknown): TestResponse => {
    const text = JSON.stringify(body);
    return { status, headers: new Headers({ 'content-type': 'application/json' }), text, json: <T>() => JSON.parse(text) as T };
  };

  it('catches an answer whose body breaks its schema, or whose status is undocumented', () => {
    expect(() => expectDocumented('GET', '/v1/notes/{uid}', fake(200, { uid: '00000000-0000-4000-8000-000000000000', payload: {} }))).toThrow(/must have required property 'version'/);
    expect(() => expectDocumented('GET', '/v1/notes/{uid}', fake(418, {}))).toThrow(/418 is not documented/);
    expect(() => expectDocumented('GET', '/v1/notes', fake(200, { items: [], nextCursor: 'x', extra: 1 }))).toThrow(/must NOT have additional properties/);
  });

  it('for a session, each entity through its REST life cycle, sync, wipe and the errors a client meets', async () => {
    const user = await userWithSession(server);
    for (const entity of ENTITIES) {
      const base = `/v1/${entity.path}`;
      const item = `${base}/{uid}`;
      const parent = entity.parent
        ? await user.request('POST', '/v1/notes', { body: { title: 'parent' } }).then((r) => r.json<{ uid: string }>().uid)
        : undefined;
      const link = !entity.parent ? {} : entity.parent.kind === 'polymorphic' ? { parentType: 'note', parentUid: parent } : { [entity.parent.uidField]: parent };
      if (entity.parent?.kind === 'fixed') {
        const chat = await user.request('POST', '/v1/chats', { body: { title: 'chat' } });
        Object.assign(link, { [entity.parent.uidField]: chat.json<{ uid: string }>().uid });
      }
      const created = await user.request('POST', base, { body: { title: 'openapi', ...link } });
      expectDocumented('POST', base, created);
      const uid = created.json<{ uid: string }>().uid;
      const path = fillPath(item, { uid });
      expectDocumented('GET', item, await user.request('GET', path));
      expectDocumented('GET', base, await user.request('GET', `${base}?limit=5`));
      expectDocumented('PUT', item, await user.request('PUT', path, { body: { title: 'replaced', ...link } }));
      expectDocumented('PUT', item, await user.request('PUT', path, { body: { title: 'stale', ...link }, headers: { 'If-Match': '1' } }));
      expectDocumented('PATCH', item, await user.request('PATCH', path, { body: { extra: null } }));
      expectDocumented('POST', `${item}/archive`, await user.request('POST', `${path}/archive`, { body: {} }));
      expectDocumented('POST', `${item}/process`, await user.request('POST', `${path}/process`, { body: { action: Object.keys(entity.processActions)[0] } }));
      expectDocumented('POST', `${item}/process`, await user.request('POST', `${path}/process`, { body: { action: 'nope' } }));
      expectDocumented('DELETE', item, await user.request('DELETE', path));
      expectDocumented('GET', item, await user.request('GET', path));
      expectDocumented('DELETE', item, await user.request('DELETE', path));
      expectDocumented('GET', item, await user.request('GET', fillPath(item, { uid: 'not-a-uid' })));
      expectDocumented('GET', item, await user.request('GET', fillPath(item, { uid: '00000000-0000-4000-8000-000000000000' })));
      if (entity.parent) expectDocumented('POST', base, await user.request('POST', base, { body: { title: 'orphan' } }));
      expectDocumented('POST', `/v1/sync/${entity.path}/push`, await user.request('POST', `/v1/sync/${entity.path}/push`, { body: { items: [{ uid: 'bad' }] } }));
      expectDocumented('POST', `/v1/sync/${entity.path}/push`, await user.request('POST', `/v1/sync/${entity.path}/push`, { rawBody: '{"items":', headers: { 'Content-Type': 'application/json' } }));
      expectDocumented('GET', base, await user.request('GET', `${base}?limit=banana`));
      expectDocumented('GET', `/v1/sync/${entity.path}/pull`, await user.request('GET', `/v1/sync/${entity.path}/pull?limit=3`));
      expectDocumented('GET', base, await user.request('GET', base, { withSession: false }));
      expectDocumented('GET', base, await user.request('GET', base, { headers: { 'X-Sync-Epoch': '0' } }));
      expectDocumented('GET', base, await user.request('GET', base, { auth: false }));
    }
    expectDocumented('GET', '/healthz', await user.request('GET', '/healthz'));
    expectDocumented('GET', '/v1/sync/info', await user.request('GET', '/v1/sync/info'));
    expectDocumented('GET', '/v1/sync/sessions/{id}', await user.request('GET', `/v1/sync/sessions/${user.session!.id}`));
    expectDocumented('GET', '/v1/sync/sessions/{id}', await user.request('GET', '/v1/sync/sessions/00000000-0000-4000-8000-000000000000'));
    expectDocumented('GET', '/v1/sync/state', await user.request('GET', '/v1/sync/state'));
    expectDocumented('POST', '/v1/sync/wipe', await user.request('POST', '/v1/sync/wipe', { body: { confirm: 'nope' } }));
    expectDocumented('POST', '/v1/sync/wipe', await user.request('POST', '/v1/sync/wipe', { body: { confirm: 'WIPE' } }));
    expectDocumented('DELETE', '/v1/sync/sessions/{id}', await user.request('DELETE', `/v1/sync/sessions/${user.session!.id}`));
  });
});
