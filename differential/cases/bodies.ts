/**
 * Malformed and boundary bodies on every route that reads one: JSON that is not an object, broken or trailing
 * JSON, duplicate keys, odd unicode, long strings, huge numbers, deep nesting, odd uids and odd parent links.
 */
import { ENTITIES, restPath, type EntityDef } from '../../contract/index.js';
import { clientUuid, SESSION_STEP, step, type Case, type Step } from '../case.js';
import { createItem, itemPath, parentSetup, validPayload } from './payloads.js';

/** Bodies sent as raw text. */
const RAW_BODIES: readonly string[] = [
  '',
  ' ',
  'null',
  'true',
  '1',
  '"text"',
  '[]',
  '[{}]',
  '{',
  '{}x',
  '{} {}',
  '{"a":1}{"b":2}',
  'nullx',
  '{"title":"a",}',
  "{'title':'a'}",
  '{"title":"a","title":"b"}',
  '{"uid":"a","uid":null}',
  '\uFEFF{}',
  '{"title":"\\ud800"}',
  '{"title":"\\u0000"}',
  '{"title":"<b>&amp;</b> \u2028 \u2029"}',
  '{"n":1e400}',
  '{"n":12345678901234567890}',
  '{"n":-0}',
  '{"n":1.0}',
  '{"n":0.1e-400}',
  `${'['.repeat(200)}${']'.repeat(200)}`,
  `{"deep":${'{"a":'.repeat(100)}1${'}'.repeat(100)}}`,
];

function uidVariants(seed: string): readonly unknown[] {
  const uid = clientUuid(seed);
  return [
    uid,
    uid.toUpperCase(),
    `{${uid}}`,
    `urn:uuid:${uid}`,
    uid.replace(/-/g, ''),
    '00000000-0000-0000-0000-000000000000',
    'not-a-uuid',
    '',
    123,
    null,
    [uid],
  ];
}

function objectBodies(entity: EntityDef, seed: string): readonly unknown[] {
  const valid = validPayload(entity);
  const withUid = (uid: unknown) => ({ ...valid, uid });
  const bodies: unknown[] = [
    {},
    valid,
    ...uidVariants(seed).map(withUid),
    { ...valid, title: 123, content: ['a'], tags: 'one' },
    { ...valid, title: 'ü∑😀 \u202e RTL', content: 'x'.repeat(70_000) },
    { ...valid, sync: { version: 7, isDeleted: false } },
    { ...valid, sync: { version: 2, isDeleted: true, deletedAt: '2025-01-02T03:04:05.678Z' } },
    { ...valid, sync: 'yes' },
    { ...valid, version: 9, updatedAt: '2020-01-01T00:00:00Z', updatedTs: '2021-01-01T00:00:00.123456789+02:00' },
    { ...valid, updatedTs: '1700000000000' },
    { ...valid, updatedTs: 'yesterday' },
    { ...valid, updateTime: '2022-02-02T02:02:02Z' },
    { ...valid, createdAt: '2019-01-01T00:00:00Z', deletedAt: '2019-01-02T00:00:00Z' },
  ];
  if (entity.parent?.kind === 'polymorphic') {
    const { typeField, uidField } = entity.parent;
    const without = (key: string) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key));
    bodies.push(
      without(typeField),
      without(uidField),
      { ...valid, [typeField]: 'task' },
      { ...valid, [typeField]: 'chat' },
      { ...valid, [typeField]: 'Note' },
      { ...valid, [typeField]: 7 },
      { ...valid, [uidField]: clientUuid(`${seed}-no-such-parent`) },
      { ...valid, [uidField]: 'not-a-uuid' },
      { ...valid, [uidField]: '{{parent|upper}}' },
    );
  }
  if (entity.parent?.kind === 'fixed') {
    const { uidField } = entity.parent;
    bodies.push(
      Object.fromEntries(Object.entries(valid).filter(([k]) => k !== uidField)),
      { ...valid, [uidField]: clientUuid(`${seed}-no-such-chat`) },
      { ...valid, [uidField]: 'not-a-uuid' },
      { ...valid, [uidField]: 42 },
    );
  }
  return bodies;
}

function bodySteps(method: string, path: string, bodies: readonly unknown[], label: string): Step[] {
  return bodies.map((body, i) => step(`${label} body #${i}: ${(typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 60)}`, { method, path, body }));
}

function pushBodies(entity: EntityDef, seed: string): readonly unknown[] {
  const item = (extra: Record<string, unknown>) => ({ ...validPayload(entity), uid: clientUuid(`${seed}-${JSON.stringify(extra)}`), ...extra });
  return [
    {},
    { items: null },
    { items: {} },
    { items: 'x' },
    { items: [] },
    { items: [null] },
    { items: [1, 'x', []] },
    { items: [{}] },
    ...uidVariants(`${seed}-push`).map((uid) => ({ items: [{ ...validPayload(entity), uid }] })),
    { items: [item({ updatedTs: '2024-05-05T05:05:05.555Z' })] },
    { items: [item({ updatedTs: '2024-05-05T05:05:05.555555Z', sync: { version: 3 } })] },
    { items: [item({ sync: { version: 2, isDeleted: true } })] },
    { items: [item({ sync: { isDeleted: true, deletedAt: '2023-03-03T03:03:03Z' } })] },
    { items: [item({ sync: { version: '2' } })] },
    { items: [item({ sync: { version: 1.9 } })] },
    { items: [item({ sync: { version: -5 } })] },
    { items: [item({ updatedTs: 'not a time' })] },
    { items: [item({ updatedAt: '1999-12-31T23:59:59Z' })] },
    { items: [item({ a: 1, updatedTs: '2024-01-01T00:00:00Z' }), item({ a: 1, updatedTs: '2024-01-01T00:00:00Z' })] },
    { ITEMS: [item({ b: 1 })] },
    { Items: [item({ c: 1 })] },
  ];
}

export function bodyCases(): Case[] {
  const cases: Case[] = [];
  for (const entity of ENTITIES) {
    const seed = `bodies/${entity.key}`;
    const setup = [SESSION_STEP, ...parentSetup(entity), createItem(entity)];
    const objects = objectBodies(entity, seed);
    cases.push(
      { id: `bodies/${entity.key}/create raw`, steps: [...setup, ...bodySteps('POST', restPath(entity, 'create'), RAW_BODIES, 'create')] },
      { id: `bodies/${entity.key}/create objects`, steps: [...setup, ...bodySteps('POST', restPath(entity, 'create'), objects, 'create')] },
      { id: `bodies/${entity.key}/replace raw`, steps: [...setup, ...bodySteps('PUT', itemPath(entity, '{{item}}'), RAW_BODIES, 'replace')] },
      { id: `bodies/${entity.key}/replace objects`, steps: [...setup, ...bodySteps('PUT', itemPath(entity, '{{item}}'), objects, 'replace')] },
      { id: `bodies/${entity.key}/patch raw`, steps: [...setup, ...bodySteps('PATCH', itemPath(entity, '{{item}}'), RAW_BODIES, 'patch')] },
      { id: `bodies/${entity.key}/patch objects`, steps: [...setup, ...bodySteps('PATCH', itemPath(entity, '{{item}}'), objects, 'patch')] },
      {
        id: `bodies/${entity.key}/process`,
        steps: [
          ...setup,
          ...bodySteps('POST', itemPath(entity, '{{item}}', '/process'), [...RAW_BODIES, {}, { action: null }, { action: 7 }, { action: '' }, { Action: Object.keys(entity.processActions)[0] }, { action: Object.keys(entity.processActions)[0]!.toUpperCase() }], 'process'),
        ],
      },
      { id: `bodies/${entity.key}/archive`, steps: [...setup, ...bodySteps('POST', itemPath(entity, '{{item}}', '/archive'), ['', '{', 'null', '{"archived":false}'], 'archive')] },
      { id: `bodies/${entity.key}/push raw`, steps: [SESSION_STEP, ...parentSetup(entity), ...bodySteps('POST', `/v1/sync/${entity.path}/push`, RAW_BODIES, 'push')] },
      { id: `bodies/${entity.key}/push items`, steps: [SESSION_STEP, ...parentSetup(entity), ...bodySteps('POST', `/v1/sync/${entity.path}/push`, pushBodies(entity, seed), 'push')] },
    );
  }
  cases.push({
    id: 'bodies/wipe',
    steps: [SESSION_STEP, ...bodySteps('POST', '/v1/sync/wipe', [...RAW_BODIES, {}, { confirm: 'wipe' }, { confirm: 'WIPE ' }, { Confirm: 'WIPE' }, { confirm: ['WIPE'] }], 'wipe')],
  });
  cases.push({ id: 'bodies/sessions', steps: bodySteps('POST', '/v1/sync/sessions', [...RAW_BODIES, { epoch: 5 }], 'begin session').map((s) => ({ ...s, request: { ...s.request, session: 'none' as const } })) });
  return cases;
}
