/** Limits: the rate limiter's burst, large bodies, a large batch. */
import { ENTITIES, restPath } from '../../contract/index.js';
import { clientUuid, SESSION_STEP, step, type Case } from '../case.js';
import { validPayload } from './payloads.js';

export function limitCases(): Case[] {
  const notes = ENTITIES[0]!;
  return [
    {
      id: 'limits/rate burst',
      steps: [SESSION_STEP, ...Array.from({ length: 130 }, (_, i) => step(`list #${i + 1}`, { method: 'GET', path: restPath(notes, 'list') }))],
    },
    {
      id: 'limits/large bodies',
      steps: [
        SESSION_STEP,
        step('create with 1 MB of content', { method: 'POST', path: restPath(notes, 'create'), body: { ...validPayload(notes), content: 'x'.repeat(1 << 20) } }),
        step('create with 12 MB of content', { method: 'POST', path: restPath(notes, 'create'), body: { ...validPayload(notes), content: 'y'.repeat(12 << 20) } }),
        step('push 1001 items', {
          method: 'POST',
          path: '/v1/sync/notes/push',
          body: { items: Array.from({ length: 1001 }, (_, i) => ({ ...validPayload(notes, String(i)), uid: clientUuid(`big/${i}`), updatedTs: '2025-01-01T00:00:00Z' })) },
        }),
        step('pull with the default limit', { method: 'GET', path: '/v1/sync/notes/pull' }),
        step('list with limit 1000', { method: 'GET', path: `${restPath(notes, 'list')}?limit=1000` }),
      ],
    },
  ];
}
