/** Sessions, wipe and sync state: their life, their owners, and the epoch a wipe moves. */
import { ENTITIES, restPath } from '../../contract/index.js';
import { SESSION_STEP, step, type Case } from '../case.js';
import { validPayload } from './payloads.js';

const notes = ENTITIES[0]!;

export function sessionCases(): Case[] {
  const session = '/v1/sync/sessions/{{session}}';
  return [
    {
      id: 'sessions/life',
      steps: [
        { ...SESSION_STEP, request: { ...SESSION_STEP.request, capture: 'session' } },
        step('get the session', { method: 'GET', path: session }),
        step('get it as another user', { method: 'GET', path: session, auth: 'other-user' }),
        step('delete it as another user', { method: 'DELETE', path: session, auth: 'other-user' }),
        step('get an unknown session', { method: 'GET', path: '/v1/sync/sessions/00000000-0000-0000-0000-000000000000' }),
        step('get a non-uuid session', { method: 'GET', path: '/v1/sync/sessions/abc' }),
        step('get the session in upper case', { method: 'GET', path: '/v1/sync/sessions/{{session|upper}}' }),
        step('state', { method: 'GET', path: '/v1/sync/state' }),
        step('delete the session', { method: 'DELETE', path: session }),
        step('get the deleted session', { method: 'GET', path: session }),
        step('delete it again', { method: 'DELETE', path: session }),
        step('use the deleted session', { method: 'GET', path: restPath(notes, 'list') }),
        step('state with the deleted session', { method: 'GET', path: '/v1/sync/state' }),
      ],
    },
    {
      id: 'sessions/wipe and epoch',
      steps: [
        SESSION_STEP,
        step('create a note', { method: 'POST', path: restPath(notes, 'create'), body: validPayload(notes), capture: 'item' }),
        step('state before the wipe', { method: 'GET', path: '/v1/sync/state' }),
        step('wipe', { method: 'POST', path: '/v1/sync/wipe', body: { confirm: 'WIPE' } }),
        step('state after the wipe', { method: 'GET', path: '/v1/sync/state' }),
        step('list with the old epoch', { method: 'GET', path: restPath(notes, 'list') }),
        step('pull with the old epoch', { method: 'GET', path: '/v1/sync/notes/pull' }),
        step('push with the old epoch', { method: 'POST', path: '/v1/sync/notes/push', body: { items: [] } }),
        step('list with epoch 2', { method: 'GET', path: restPath(notes, 'list'), session: { epoch: '2' } }),
        step('list with epoch 3', { method: 'GET', path: restPath(notes, 'list'), session: { epoch: '3' } }),
        step('wipe again', { method: 'POST', path: '/v1/sync/wipe', body: { confirm: 'WIPE' } }),
        { ...SESSION_STEP, label: 'open a new session' },
        step('list in the new epoch', { method: 'GET', path: restPath(notes, 'list') }),
        step('get the wiped note', { method: 'GET', path: '/v1/notes/{{item}}' }),
        step('get it ?includeDeleted=true', { method: 'GET', path: '/v1/notes/{{item}}?includeDeleted=true' }),
        step('pull in the new epoch', { method: 'GET', path: '/v1/sync/notes/pull' }),
        step('state in the new epoch', { method: 'GET', path: '/v1/sync/state' }),
      ],
    },
    {
      id: 'sessions/open info and health',
      steps: [
        step('healthz', { method: 'GET', path: '/healthz', auth: 'none', tenant: 'none', session: 'none' }),
        step('healthz with query', { method: 'GET', path: '/healthz?full=1', auth: 'none', tenant: 'none', session: 'none' }),
        step('info', { method: 'GET', path: '/v1/sync/info', auth: 'none', tenant: 'none', session: 'none' }),
        step('info with a bad token', { method: 'GET', path: '/v1/sync/info', auth: { raw: 'Bearer garbage' }, tenant: 'none', session: 'none' }),
        step('info with a correlation id', { method: 'GET', path: '/v1/sync/info', headers: { 'X-Correlation-ID': 'my-trace-1' } }),
        step('healthz with a long correlation id', { method: 'GET', path: '/healthz', headers: { 'X-Correlation-ID': 'c'.repeat(500) } }),
        step('error with a correlation id', { method: 'GET', path: restPath(notes, 'list'), session: 'none', headers: { 'X-Correlation-ID': 'trace-xyz' } }),
        step('epoch mismatch with a correlation id', { method: 'GET', path: restPath(notes, 'list'), session: { id: 'x', epoch: '0' }, headers: { 'X-Correlation-ID': 'trace-e' } }),
      ],
    },
  ];
}
