/**
 * Delta sync stories: push, conflicting pushes (last writer wins by updatedTs), tombstones, pulls with cursors,
 * and REST writes seen by pull.
 */
import { ENTITIES, restPath, type EntityDef } from '../../contract/index.js';
import { clientUuid, SESSION_STEP, step, type Case, type Step } from '../case.js';
import { parentSetup, validPayload } from './payloads.js';

function syncStory(entity: EntityDef): Step[] {
  const push = `/v1/sync/${entity.path}/push`;
  const pull = `/v1/sync/${entity.path}/pull`;
  const uid = clientUuid(`sync-${entity.key}`);
  const other = clientUuid(`sync-${entity.key}-2`);
  const item = (updatedTs: string, extra: Record<string, unknown> = {}) => ({ ...validPayload(entity, updatedTs), uid, updatedTs, ...extra });
  return [
    SESSION_STEP,
    ...parentSetup(entity),
    step('push v1', { method: 'POST', path: push, body: { items: [item('2025-06-01T10:00:00.000Z')] } }),
    step('push the same again', { method: 'POST', path: push, body: { items: [item('2025-06-01T10:00:00.000Z')] } }),
    step('push an older write', { method: 'POST', path: push, body: { items: [item('2025-05-01T10:00:00.000Z')] } }),
    step('push a newer write', { method: 'POST', path: push, body: { items: [item('2025-07-01T10:00:00.000Z')] } }),
    step('push with a stale version', { method: 'POST', path: push, body: { items: [item('2025-08-01T10:00:00.000Z', { sync: { version: 1 } })] } }),
    step('push with a future version', { method: 'POST', path: push, body: { items: [item('2025-09-01T10:00:00.000Z', { sync: { version: 50 } })] } }),
    step('push in the same millisecond', { method: 'POST', path: push, body: { items: [item('2025-09-01T10:00:00.000Z', { note: 'tie' })] } }),
    step('push two items', { method: 'POST', path: push, body: { items: [{ ...validPayload(entity, 'b'), uid: other, updatedTs: '2025-06-02T00:00:00Z' }, item('2025-10-01T10:00:00.000Z')] } }),
    step('pull', { method: 'GET', path: pull }),
    step('pull limit=1', { method: 'GET', path: `${pull}?limit=1` }),
    step('get over REST', { method: 'GET', path: `/v1/${entity.path}/${uid}` }),
    step('push a tombstone', { method: 'POST', path: push, body: { items: [item('2025-11-01T10:00:00.000Z', { sync: { isDeleted: true } })] } }),
    step('pull after the tombstone', { method: 'GET', path: pull }),
    step('get the tombstone over REST', { method: 'GET', path: `/v1/${entity.path}/${uid}` }),
    step('push over the tombstone (older)', { method: 'POST', path: push, body: { items: [item('2025-10-15T10:00:00.000Z')] } }),
    step('push over the tombstone (newer)', { method: 'POST', path: push, body: { items: [item('2025-12-01T10:00:00.000Z')] } }),
    step('pull after the revival', { method: 'GET', path: pull }),
    step('create over REST', { method: 'POST', path: restPath(entity, 'create'), body: validPayload(entity, 'rest'), capture: 'rest' }),
    step('pull sees the REST write', { method: 'GET', path: pull }),
    step('list sees the pushes', { method: 'GET', path: restPath(entity, 'list') }),
  ];
}

export function syncCases(): Case[] {
  return ENTITIES.map((entity) => ({ id: `sync/${entity.key}`, steps: syncStory(entity) }));
}
