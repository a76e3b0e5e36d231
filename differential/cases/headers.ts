/** Odd request headers: content types, Accept, a debug subject without DevMode, oversized values. */
import { ENTITIES, restPath } from '../../contract/index.js';
import { SESSION_STEP, step, type Case } from '../case.js';
import { validPayload } from './payloads.js';

export function headerCases(): Case[] {
  const notes = ENTITIES[0]!;
  const create = restPath(notes, 'create');
  const body = validPayload(notes);
  return [
    {
      id: 'headers/odd',
      steps: [
        SESSION_STEP,
        ...['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/merge-patch+json', ''].map((type) =>
          step(`create with Content-Type ${JSON.stringify(type)}`, { method: 'POST', path: create, body, headers: { 'Content-Type': type } }),
        ),
        step('create with Accept: text/html', { method: 'POST', path: create, body, headers: { Accept: 'text/html' } }),
        step('list with Accept: application/xml', { method: 'GET', path: restPath(notes, 'list'), headers: { Accept: 'application/xml' } }),
        step('X-Debug-Sub without a token (DevMode off)', { method: 'GET', path: restPath(notes, 'list'), auth: 'none', headers: { 'X-Debug-Sub': 'someone' } }),
        step('X-Debug-Sub with a token', { method: 'GET', path: restPath(notes, 'list'), headers: { 'X-Debug-Sub': 'someone' } }),
        step('X-Forwarded-For and X-Real-IP', { method: 'GET', path: restPath(notes, 'list'), headers: { 'X-Forwarded-For': '203.0.113.9', 'X-Real-IP': '203.0.113.9' } }),
        step('a 6 KB header', { method: 'GET', path: restPath(notes, 'list'), headers: { 'X-Padding': 'p'.repeat(6_000) } }),
        step('Expect: 100-continue', { method: 'POST', path: create, body, headers: { Expect: '100-continue' } }),
        step('X-Sync-Session twice (comma-joined)', { method: 'GET', path: restPath(notes, 'list'), session: { id: '{{session}}, {{session}}' } }),
        step('If-None-Match on a list', { method: 'GET', path: restPath(notes, 'list'), headers: { 'If-None-Match': '*' } }),
        step('X-HTTP-Method-Override', { method: 'POST', path: restPath(notes, 'list'), body, headers: { 'X-HTTP-Method-Override': 'GET' } }),
      ],
    },
  ];
}
