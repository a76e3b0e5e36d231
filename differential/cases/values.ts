/**
 * How the API reads the values inside an item: timestamp spellings (updatedTs, updatedAt, updateTime,
 * sync.deletedAt), version extremes, and values the database refuses (a NUL character, int4 overflow), alone and
 * in the middle of a batch, whose transaction they may poison.
 */
import { ENTITIES, type EntityDef } from '../../contract/index.js';
import { clientUuid, SESSION_STEP, step, type Case, type Step } from '../case.js';
import { parentSetup, validPayload } from './payloads.js';

const TIMESTAMPS: readonly unknown[] = [
  '2025-01-01T00:00:00Z',
  '2025-01-01T00:00:00.1Z',
  '2025-01-01T00:00:00.123456789Z',
  '2025-01-01T00:00:00.1234567891Z',
  '2025-01-01T00:00:00,5Z',
  '2025-01-01T00:00:00.Z',
  '2025-01-01T00:00:00z',
  '2025-01-01t00:00:00Z',
  '2025-01-01 00:00:00Z',
  '2025-01-01T00:00:00+0000',
  '2025-01-01T00:00:00+05:30',
  '2025-01-01T00:00:00-23:59',
  '2025-01-01T00:00:00+24:00',
  '2025-01-01T24:00:00Z',
  '2025-02-30T00:00:00Z',
  '2025-1-1T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59.999Z',
  '2025-01-01',
  '1700000000000',
  '+1700000000000',
  ' 1700000000000',
  '-5',
  '0',
  '1',
  '1e12',
  '99999999999999999999',
  '',
  'now',
  1700000000000,
  true,
  null,
];

const VERSIONS: readonly unknown[] = [0, 1, 2, -1, 2147483647, 2147483648, 3e9, 1e20, -1e20, 1.5, '5', null, true, [3]];

function pushOne(entity: EntityDef, label: string, extra: Record<string, unknown>, seed: string): Step {
  const item = { ...validPayload(entity, 'v'), uid: clientUuid(seed), ...extra };
  return step(label, { method: 'POST', path: `/v1/sync/${entity.path}/push`, body: { items: [item] } });
}

/** Three items pushed at once, the middle one with `bad` (a value the database or the driver refuses). */
function badMiddle(entity: EntityDef, label: string, bad: Record<string, unknown>, seed: string): Step {
  const item = (n: number, extra: Record<string, unknown> = {}) => ({ ...validPayload(entity, `batch${n}`), uid: clientUuid(`${seed}/${n}`), updatedTs: '2025-05-05T00:00:00Z', ...extra });
  return step(label, { method: 'POST', path: `/v1/sync/${entity.path}/push`, body: { items: [item(1), item(2, bad), item(3)] } });
}

function valueSteps(entity: EntityDef): Step[] {
  const seed = (s: string) => `values/${entity.key}/${s}`;
  return [
    ...TIMESTAMPS.map((ts, i) => pushOne(entity, `updatedTs ${JSON.stringify(ts)}`, { updatedTs: ts }, seed(`ts${i}`))),
    ...TIMESTAMPS.slice(0, 12).map((ts, i) => pushOne(entity, `updatedAt ${JSON.stringify(ts)}`, { updatedAt: ts }, seed(`at${i}`))),
    pushOne(entity, 'updatedTs "0" falls back to updatedAt', { updatedTs: '0', updatedAt: '2024-02-02T00:00:00Z' }, seed('fallback')),
    pushOne(entity, 'updateTime only', { updateTime: '2024-03-03T00:00:00Z' }, seed('updateTime')),
    ...TIMESTAMPS.slice(0, 12).map((ts, i) =>
      pushOne(entity, `sync.deletedAt ${JSON.stringify(ts)}`, { updatedTs: '2025-03-03T00:00:00Z', sync: { isDeleted: true, deletedAt: ts } }, seed(`del${i}`)),
    ),
    pushOne(entity, 'sync.isDeleted "true" (a string)', { updatedTs: '2025-03-03T00:00:00Z', sync: { isDeleted: 'true' } }, seed('del-string')),
    ...VERSIONS.map((version, i) => pushOne(entity, `sync.version ${JSON.stringify(version)}`, { updatedTs: '2025-04-04T00:00:00Z', sync: { version } }, seed(`ver${i}`))),
    pushOne(entity, 'a NUL character', { title: 'a\u0000b', content: 'a\u0000b', updatedTs: '2025-05-05T00:00:00Z' }, seed('nul')),
    badMiddle(entity, 'a batch with a NUL item in the middle', { content: 'x\u0000', title: 'x\u0000' }, seed('nul-batch')),
    badMiddle(entity, 'a batch with an int4-overflowing version in the middle', { sync: { version: 3e9 } }, seed('int4-batch')),
    step('pull everything', { method: 'GET', path: `/v1/sync/${entity.path}/pull?limit=1000` }),
    step('a NUL character over REST', { method: 'POST', path: `/v1/${entity.path}`, body: { ...validPayload(entity, 'rest'), title: 'a\u0000', content: 'a\u0000' } }),
    step('numbers and nesting round-trip', {
      method: 'POST',
      path: `/v1/${entity.path}`,
      body: `{"uid":"${clientUuid(seed('numbers'))}","n1":1.0,"n2":1e-7,"n3":12345678901234567890,"n4":-0,"n5":1e21,"n6":0.1,"nested":{"z":1,"a":[{"b":null}]},"emoji":"😀","esc":"<&>","t":true}`.replace(
        '{"uid"',
        `{${Object.entries(validPayload(entity, 'n')).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')},"uid"`,
      ),
    }),
  ];
}

function pagination(entity: EntityDef): Step[] {
  const items = Array.from({ length: 5 }, (_, i) => ({
    ...validPayload(entity, `p${i}`),
    uid: clientUuid(`page/${entity.key}/${i}`),
    // two share a millisecond: the cursor's uid breaks the tie
    updatedTs: `2025-06-0${i === 4 ? 3 : i + 1}T00:00:00Z`,
  }));
  const pull = `/v1/sync/${entity.path}/pull`;
  const list = `/v1/${entity.path}`;
  return [
    SESSION_STEP,
    ...parentSetup(entity),
    step('push five items', { method: 'POST', path: `/v1/sync/${entity.path}/push`, body: { items } }),
    step('pull page 1 (limit 2)', { method: 'GET', path: `${pull}?limit=2`, capture: { name: 'c1', field: 'nextCursor' } }),
    step('pull page 2', { method: 'GET', path: `${pull}?limit=2&cursor={{c1}}`, capture: { name: 'c2', field: 'nextCursor' } }),
    step('pull page 3', { method: 'GET', path: `${pull}?limit=2&cursor={{c2}}`, capture: { name: 'c3', field: 'nextCursor' } }),
    step('pull past the end', { method: 'GET', path: `${pull}?limit=2&cursor={{c3}}` }),
    step('list page 1 (limit 2)', { method: 'GET', path: `${list}?limit=2`, capture: { name: 'l1', field: 'nextCursor' } }),
    step('list page 2', { method: 'GET', path: `${list}?limit=2&cursor={{l1}}`, capture: { name: 'l2', field: 'nextCursor' } }),
    step('list page 3', { method: 'GET', path: `${list}?limit=2&cursor={{l2}}`, capture: { name: 'l3', field: 'nextCursor' } }),
    step('list past the end', { method: 'GET', path: `${list}?limit=2&cursor={{l3}}` }),
    step('pull with a list cursor', { method: 'GET', path: `${pull}?limit=2&cursor={{l1}}` }),
  ];
}

export function valueCases(): Case[] {
  return ENTITIES.flatMap((entity) => [
    { id: `values/${entity.key}`, steps: [SESSION_STEP, ...parentSetup(entity), ...valueSteps(entity)] },
    { id: `pagination/${entity.key}`, steps: pagination(entity) },
  ]);
}
