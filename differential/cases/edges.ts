/**
 * Where HTTP stacks differ: repeated headers, query encodings, uid spellings in paths, header sizes, bodies on
 * GET, content encodings, JSON key folding, list-valued If-Match, another user's items, the rate limiter's
 * buckets, tenant header spellings and odd JWT claims.
 */
import { ENTITIES, restPath } from '../../contract/index.js';
import { SESSION_STEP, step, type Case, type Step, type TokenVariant } from '../case.js';
import { createItem, itemPath, parentSetup, validPayload } from './payloads.js';

const notes = ENTITIES[0]!;
const list = restPath(notes, 'list');
const item = (suffix = '') => itemPath(notes, '{{item}}', suffix);

function repeatedHeaders(): Step[] {
  return [
    step('X-Sync-Session twice: valid first', { method: 'GET', path: list, headers: { 'X-Sync-Session': ['{{session}}', 'bogus'] } }),
    step('X-Sync-Session twice: valid second', { method: 'GET', path: list, headers: { 'X-Sync-Session': ['bogus', '{{session}}'] } }),
    step('X-Sync-Epoch twice: 1 then 0', { method: 'GET', path: list, headers: { 'X-Sync-Epoch': ['1', '0'] } }),
    step('X-Sync-Epoch twice: 0 then 1', { method: 'GET', path: list, headers: { 'X-Sync-Epoch': ['0', '1'] } }),
    step('Authorization twice: valid first', { method: 'GET', path: list, headers: { Authorization: ['Bearer {{token}}', 'Bearer garbage'] } }),
    step('Authorization twice: valid second', { method: 'GET', path: list, headers: { Authorization: ['Bearer garbage', 'Bearer {{token}}'] } }),
    step('X-TB-Tenant-ID twice', { method: 'GET', path: list, headers: { 'X-TB-Tenant-ID': ['diff-tenant', 'other'] } }),
    step('If-Match twice', { method: 'PUT', path: item(), body: validPayload(notes), headers: { 'If-Match': ['999', '1'] } }),
    step('If-Match as a list', { method: 'PUT', path: item(), body: validPayload(notes), headers: { 'If-Match': '"1", "2"' } }),
    step('X-Correlation-ID twice', { method: 'GET', path: list, headers: { 'X-Correlation-ID': ['first-id', 'second-id'] } }),
  ];
}

const QUERY_ENCODINGS = [
  '?includeDeleted=tru%65',
  '?limit=%31',
  '?limit=1&x=%zz',
  '?limit=%zz',
  '?limit=1;includeDeleted=true',
  '?includeDeleted=true;limit=1',
  '?limit=1&&&includeDeleted=true',
  '?=1&limit=1',
  '?limit=1#fragment',
  '?limit=1+',
  '?includeDeleted=true+',
  '?cursor=%',
];

const PATH_UIDS = ['{{item}}%20', 'urn:uuid:{{item}}', '{{item|upper}}', '%7B{{item}}%7D', '{{item}}/', '{{item}}%2F', ' {{item}}'];

function otherUser(): Step[] {
  return [
    step('another user opens a session', { method: 'POST', path: '/v1/sync/sessions', auth: 'other-user', session: 'none', opensSession: 'other' }),
    step("another user gets the first user's note", { method: 'GET', path: item(), auth: 'other-user', session: { named: 'other' } }),
    step("another user replaces it (creates their own)", { method: 'PUT', path: item(), auth: 'other-user', session: { named: 'other' }, body: validPayload(notes, 'theirs') }),
    step("another user creates with the same uid", { method: 'POST', path: list, auth: 'other-user', session: { named: 'other' }, body: { ...validPayload(notes, 'theirs'), uid: '{{item}}' } }),
    step("another user comments on the first user's note", {
      method: 'POST',
      path: '/v1/comments',
      auth: 'other-user',
      session: { named: 'other' },
      body: { content: 'c', parentType: 'note', parentUid: '{{item}}' },
    }),
    step('another user lists', { method: 'GET', path: list, auth: 'other-user', session: { named: 'other' } }),
    step("another user deletes the first user's note", { method: 'DELETE', path: item(), auth: 'other-user', session: { named: 'other' } }),
    step('the first user still sees it', { method: 'GET', path: item() }),
    step("the first user uses the other's session", { method: 'GET', path: list, session: { named: 'other' } }),
    step("another user wipes", { method: 'POST', path: '/v1/sync/wipe', auth: 'other-user', session: { named: 'other' }, body: { confirm: 'WIPE' } }),
    step('the first user is unaffected', { method: 'GET', path: item() }),
  ];
}

function sizesAndBodies(): Step[] {
  return [
    step('a 20 KB header', { method: 'GET', path: list, headers: { 'X-Padding': 'p'.repeat(20_000) } }),
    step('a 100 KB header', { method: 'GET', path: list, headers: { 'X-Padding': 'p'.repeat(100_000) } }),
    step('a 20 KB query string', { method: 'GET', path: `${list}?pad=${'q'.repeat(20_000)}` }),
    step('a GET with a body', { method: 'GET', path: list, body: { limit: 1 } }),
    step('a DELETE with a body', { method: 'DELETE', path: itemPath(notes, '{{second}}'), body: { uid: 'x' } }),
    step('Content-Encoding: gzip on plain JSON', { method: 'POST', path: list, body: validPayload(notes, 'gz'), headers: { 'Content-Encoding': 'gzip' } }),
    step('push with a long-s key (Go folds ſ to s)', { method: 'POST', path: '/v1/sync/notes/push', body: '{"itemſ":[]}' }),
    step('push with a Kelvin-sign key', { method: 'POST', path: '/v1/sync/notes/push', body: '{"\u212Aey":1,"items":[]}' }),
    step('wipe with CONFIRM in capitals (Go folds case)', { method: 'POST', path: '/v1/sync/wipe', body: '{"CONFIRM":"nope"}' }),
    step('process with a long-s in the key', { method: 'POST', path: item('/process'), body: '{"actionſ":"pin"}' }),
  ];
}

function tenantSpellings(): Step[] {
  const now = () => Date.now();
  return [
    step('timestamp with a plus sign', { method: 'GET', path: list, tenant: { timestamp: { raw: `+${now()}` } } }),
    step('timestamp with leading zeros', { method: 'GET', path: list, tenant: { timestamp: { raw: `000${now()}` } } }),
    step('timestamp in microseconds', { method: 'GET', path: list, tenant: { timestamp: { raw: `${now()}000` } } }),
    step('signature in upper case', { method: 'GET', path: list, tenant: { signatureCase: 'upper' } }),
    step('signature with a prefix', { method: 'GET', path: list, tenant: { signaturePrefix: 'sha256=' } }),
    step('tenant id with spaces', { method: 'GET', path: list, tenant: { id: ' spaced tenant ' } }),
    step('tenant id with a colon', { method: 'GET', path: list, tenant: { id: 'a:b' } }),
  ];
}

const ODD_TOKENS: readonly TokenVariant[] = ['iat-future', 'exp-string', 'exp-float', 'nbf-string', 'sub-array', 'crit-header', 'kid-header'];

export function edgeCases(): Case[] {
  const setup = [{ ...SESSION_STEP, request: { ...SESSION_STEP.request, capture: 'session' } }, createItem(notes), createItem(notes, 'second', 'second')];
  return [
    { id: 'edges/repeated headers', steps: [...setup, ...repeatedHeaders()] },
    { id: 'edges/query encodings', steps: [...setup, ...QUERY_ENCODINGS.flatMap((q) => [step(`list ${q}`, { method: 'GET', path: `${list}${q}` }), step(`pull ${q}`, { method: 'GET', path: `/v1/sync/notes/pull${q}` })])] },
    {
      id: 'edges/uid spellings in paths',
      steps: [
        ...setup,
        ...PATH_UIDS.flatMap((uid) => [
          step(`get /v1/notes/${uid}`, { method: 'GET', path: itemPath(notes, uid) }),
          step(`patch /v1/notes/${uid}`, { method: 'PATCH', path: itemPath(notes, uid), body: { tags: [uid] } }),
          step(`process /v1/notes/${uid}/process`, { method: 'POST', path: itemPath(notes, uid, '/process'), body: { action: 'pin' } }),
        ]),
      ],
    },
    { id: 'edges/another user', steps: [...setup, ...otherUser()] },
    { id: 'edges/sizes and bodies', steps: [...setup, ...sizesAndBodies()] },
    { id: 'edges/tenant spellings', steps: [...setup, ...tenantSpellings()] },
    { id: 'edges/odd tokens', steps: [...setup, ...ODD_TOKENS.flatMap((auth) => [step(`list with ${auth}`, { method: 'GET', path: list, auth }), step(`open a session with ${auth}`, { method: 'POST', path: '/v1/sync/sessions', auth, session: 'none' })])] },
    {
      id: 'edges/rate-limit buckets',
      steps: [
        SESSION_STEP,
        ...parentSetup(notes),
        ...Array.from({ length: 125 }, (_, i) => step(`REST list #${i + 1}`, { method: 'GET', path: list })),
        step('a sync pull after the REST burst', { method: 'GET', path: '/v1/sync/notes/pull' }),
        step('sync state after the REST burst', { method: 'GET', path: '/v1/sync/state' }),
        step('a new session after the REST burst', { method: 'POST', path: '/v1/sync/sessions', session: 'none' }),
      ],
    },
  ];
}
