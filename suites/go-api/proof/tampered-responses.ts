/**
 * Response-level defects no stand-in fault produces, each made by a tampering front before the Go API, with the
 * go-api checks that must fail against it (run by go-api.tamper.proof.test.ts).
 */
import { randomUUID } from 'node:crypto';
import { ENTITIES } from '../../../contract/entities.js';
import { editJson, type Tamper, type UpstreamResponse } from '../../../stand-ins/tamper/tamper-front.js';
import { entityCheckId } from '../lib/samples.js';

const contentType = (response: UpstreamResponse) => String(response.headers['content-type'] ?? '');
const anyRequest = () => true;

/** A rewrite of the answers with one status only. */
function onStatus(status: number, edit: (response: UpstreamResponse) => void): (response: UpstreamResponse) => void {
  return (response) => {
    if (response.status === status) edit(response);
  };
}

export interface Defect {
  readonly defect: string;
  readonly checks: readonly string[];
  readonly tamper: Tamper;
}

export const TAMPERED_RESPONSES: readonly Defect[] = [
  {
    defect: 'DELETE of a session answers 200 with a body',
    checks: ['GOAPI-SESSION-001'],
    tamper: {
      when: (method, path) => method === 'DELETE' && path.startsWith('/v1/sync/sessions/'),
      rewrite: onStatus(204, (r) => {
        r.status = 200;
        r.body = '{}';
        r.headers['content-type'] = 'application/json';
      }),
    },
  },
  {
    defect: 'refused wipes answer another error text',
    checks: ['GOAPI-EPOCH-003'],
    tamper: {
      when: (method, path) => method === 'POST' && path === '/v1/sync/wipe',
      rewrite: onStatus(400, (r) => editJson(r, (body) => (body.error = 'bad request'))),
    },
  },
  {
    defect: '401 bodies lose their trailing newline',
    checks: ['GOAPI-ERRORS-001'],
    tamper: { when: anyRequest, rewrite: onStatus(401, (r) => (r.body = r.body.trimEnd())) },
  },
  {
    defect: 'JERR correlation_id differs from the X-Correlation-ID header',
    checks: ['GOAPI-ERRORS-003'],
    tamper: { when: anyRequest, rewrite: onStatus(428, (r) => editJson(r, (body) => (body.correlation_id = randomUUID()))) },
  },
  {
    defect: 'a generic "not found" instead of "<entity> not found"',
    checks: ['GOAPI-ERRORS-005'],
    tamper: {
      when: anyRequest,
      rewrite: onStatus(404, (r) => {
        if (contentType(r) === 'application/json') editJson(r, (body) => (body.error = 'not found'));
      }),
    },
  },
  {
    defect: 'bad requests answered 422',
    checks: ['GOAPI-ERRORS-006'],
    tamper: { when: anyRequest, rewrite: onStatus(400, (r) => (r.status = 422)) },
  },
  {
    defect: 'parent rule violations answered 400 instead of the documented 500',
    checks: ['GOAPI-ERRORS-008', ...ENTITIES.filter((entity) => entity.parent).map((entity) => entityCheckId(entity, 'PARENT'))],
    tamper: {
      when: anyRequest,
      rewrite: onStatus(500, (r) => {
        if (r.body.includes('failed to')) r.status = 400;
      }),
    },
  },
  {
    defect: 'unknown paths answered with a JSON body',
    checks: ['GOAPI-ERRORS-011'],
    tamper: {
      when: anyRequest,
      rewrite: onStatus(404, (r) => {
        if (!contentType(r).startsWith('text/plain')) return;
        r.body = '{"error":"not found"}';
        r.headers['content-type'] = 'application/json';
      }),
    },
  },
  {
    defect: '405 answers carry a body',
    checks: ['GOAPI-ERRORS-012'],
    tamper: { when: anyRequest, rewrite: onStatus(405, (r) => (r.body = 'Method Not Allowed')) },
  },
  {
    defect: 'a crash answers a JSON error instead of the empty 500',
    checks: ['GOAPI-ERRORS-013'],
    tamper: {
      when: anyRequest,
      rewrite: onStatus(500, (r) => {
        if (r.body === '') r.body = '{"error":"internal"}';
      }),
    },
  },
  {
    defect: 'pulls list upserts newest first',
    checks: ENTITIES.map((entity) => entityCheckId(entity, 'SYNC')),
    tamper: {
      when: (method, path) => method === 'GET' && path.endsWith('/pull'),
      rewrite: onStatus(200, (r) => editJson(r, (body) => (body.upserts as unknown[]).reverse())),
    },
  },
];

