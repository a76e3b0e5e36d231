/**
 * The life of one item of each entity over REST: create, read, replace, patch, optimistic locking (If-Match),
 * archive, every process action and some that are not, delete, and everything after the delete.
 */
import { ENTITIES, restPath, type EntityDef } from '../../contract/index.js';
import { clientUuid, SESSION_STEP, step, type Case, type Step } from '../case.js';
import { createItem, itemPath, parentSetup, validPayload } from './payloads.js';

const IF_MATCH = ['1', '"1"', '2', '"2"', 'W/"2"', '*', ' 2', '2 ', '"2', 'abc', '', '99999999999999999999', '-1', '"3"', '3'] as const;

function lifecycle(entity: EntityDef): Step[] {
  const item = (suffix = '') => itemPath(entity, '{{item}}', suffix);
  const payload = validPayload(entity, 'replaced');
  const actions = Object.keys(entity.processActions);
  return [
    SESSION_STEP,
    ...parentSetup(entity),
    createItem(entity),
    step('get', { method: 'GET', path: item() }),
    step('get ?includeDeleted=true (alive)', { method: 'GET', path: `${item()}?includeDeleted=true` }),
    step('get an unknown uid', { method: 'GET', path: itemPath(entity, clientUuid(`${entity.key}-unknown`)) }),
    step('get an invalid uid', { method: 'GET', path: itemPath(entity, 'not-a-uuid') }),
    step('get the uid in upper case', { method: 'GET', path: itemPath(entity, '{{item|upper}}') }),
    step('get the uid in braces', { method: 'GET', path: itemPath(entity, '%7B{{item}}%7D') }),
    step('replace', { method: 'PUT', path: item(), body: payload }),
    step('replace with a different uid in the body', { method: 'PUT', path: item(), body: { ...payload, uid: clientUuid('other') } }),
    step('patch one field', { method: 'PATCH', path: item(), body: { tags: ['patched'] } }),
    step('patch uid and sync (ignored)', { method: 'PATCH', path: item(), body: { uid: clientUuid('patched-uid'), sync: { version: 99 } } }),
    step('patch null clears a field', { method: 'PATCH', path: item(), body: { tags: null } }),
    ...IF_MATCH.map((value) => step(`replace with If-Match ${JSON.stringify(value)}`, { method: 'PUT', path: item(), body: payload, headers: { 'If-Match': value } })),
    ...IF_MATCH.slice(0, 6).map((value) => step(`patch with If-Match ${JSON.stringify(value)}`, { method: 'PATCH', path: item(), body: { tags: ['m'] }, headers: { 'If-Match': value } })),
    step('get after the updates', { method: 'GET', path: item() }),
    ...actions.map((action) => step(`process ${action}`, { method: 'POST', path: item('/process'), body: { action } })),
    ...actions.map((action) => step(`process ${action} with If-Match 1`, { method: 'POST', path: item('/process'), body: { action }, headers: { 'If-Match': '1' } })),
    step('process an unknown action', { method: 'POST', path: item('/process'), body: { action: 'explode' } }),
    step('process with extra metadata', { method: 'POST', path: item('/process'), body: { action: actions[0], metadata: { a: 1 } } }),
    step('archive', { method: 'POST', path: item('/archive') }),
    step('archive again', { method: 'POST', path: item('/archive'), body: {} }),
    step('archive with If-Match 1', { method: 'POST', path: item('/archive'), headers: { 'If-Match': '1' } }),
    step('list', { method: 'GET', path: restPath(entity, 'list') }),
    step('delete with If-Match 1', { method: 'DELETE', path: item(), headers: { 'If-Match': '1' } }),
    step('delete', { method: 'DELETE', path: item() }),
    step('delete again', { method: 'DELETE', path: item() }),
    step('get after delete', { method: 'GET', path: item() }),
    step('get after delete ?includeDeleted=true', { method: 'GET', path: `${item()}?includeDeleted=true` }),
    step('replace after delete', { method: 'PUT', path: item(), body: payload }),
    step('patch after delete', { method: 'PATCH', path: item(), body: { tags: [] } }),
    step('archive after delete', { method: 'POST', path: item('/archive') }),
    step('process after delete', { method: 'POST', path: item('/process'), body: { action: actions[0] } }),
    step('list after delete', { method: 'GET', path: restPath(entity, 'list') }),
    step('list ?includeDeleted=true', { method: 'GET', path: `${restPath(entity, 'list')}?includeDeleted=true` }),
    step('pull after delete', { method: 'GET', path: `/v1/sync/${entity.path}/pull` }),
    step('create with a client uid', { method: 'POST', path: restPath(entity, 'create'), body: { ...validPayload(entity, 'client'), uid: clientUuid(`${entity.key}-client`) } }),
    step('create the same uid again', { method: 'POST', path: restPath(entity, 'create'), body: { ...validPayload(entity, 'again'), uid: clientUuid(`${entity.key}-client`) } }),
    step('create over the deleted uid', { method: 'POST', path: restPath(entity, 'create'), body: { ...validPayload(entity, 'revived'), uid: '{{item}}' } }),
    step('get the revived item', { method: 'GET', path: item() }),
  ];
}

function parentDeletion(entity: EntityDef): Step[] {
  if (!entity.parent) return [];
  return [
    SESSION_STEP,
    ...parentSetup(entity),
    createItem(entity),
    step('delete the parent', { method: 'DELETE', path: '/v1/{{parent_path}}/{{parent}}'.replace('{{parent_path}}', entity.parent.kind === 'fixed' ? 'chats' : 'notes') }),
    step('create a child of the deleted parent', { method: 'POST', path: restPath(entity, 'create'), body: validPayload(entity, 'orphan') }),
    step('replace the child (its parent is deleted)', { method: 'PUT', path: itemPath(entity, '{{item}}'), body: validPayload(entity, 'orphan') }),
    step('patch the child', { method: 'PATCH', path: itemPath(entity, '{{item}}'), body: { content: 'x' } }),
    step('archive the child', { method: 'POST', path: itemPath(entity, '{{item}}', '/archive') }),
    step('process the child', { method: 'POST', path: itemPath(entity, '{{item}}', '/process'), body: { action: Object.keys(entity.processActions)[0] } }),
    step('delete the child', { method: 'DELETE', path: itemPath(entity, '{{item}}') }),
  ];
}

export function lifecycleCases(): Case[] {
  return ENTITIES.flatMap((entity) => [
    { id: `lifecycle/${entity.key}`, steps: lifecycle(entity) },
    ...(entity.parent ? [{ id: `lifecycle/${entity.key}/deleted parent`, steps: parentDeletion(entity) }] : []),
  ]);
}
