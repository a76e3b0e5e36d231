/**
 * The defects the go-api checks are proven against: stand-in faults (go-api.proof.test.ts runs the whole catalogue
 * against each), and response-level defects no fault produces, each made by a tampering front before the Go API
 * (go-api.tamper.proof.test.ts runs only the checks that look at that response).
 */
import { randomUUID } from 'node:crypto';
import { ENTITIES } from '../../../contract/entities.js';
import { editJson, type UpstreamResponse } from '../../../stand-ins/tamper/tamper-front.js';
import { goFaultCases, type ProofCase } from '../../../proofs/proof-case.js';
import type { GoApiFaultName } from '../../../stand-ins/go-api/faults.js';
import { entityCheckId } from '../lib/samples.js';

const contentType = (response: UpstreamResponse) => String(response.headers['content-type'] ?? '');
const anyRequest = () => true;

/** A rewrite of the answers with one status only. */
function onStatus(status: number, edit: (response: UpstreamResponse) => void): (response: UpstreamResponse) => void {
  return (response) => {
    if (response.status === status) edit(response);
  };
}

const TAMPERED_RESPONSES: readonly ProofCase[] = [
  {
    defect: 'DELETE of a session answers 200 with a body',
    failed: ['GOAPI-SESSION-001'],
    options: {
      tamper: {
        goApi: [
          {
            when: (method, path) => method === 'DELETE' && path.startsWith('/v1/sync/sessions/'),
            rewrite: onStatus(204, (r) => {
              r.status = 200;
              r.body = '{}';
              r.headers['content-type'] = 'application/json';
            }),
          },
        ],
      },
    },
  },
  {
    defect: 'refused wipes answer another error text',
    failed: ['GOAPI-EPOCH-003'],
    options: {
      tamper: {
        goApi: [
          {
            when: (method, path) => method === 'POST' && path === '/v1/sync/wipe',
            rewrite: onStatus(400, (r) => editJson(r, (body) => (body.error = 'bad request'))),
          },
        ],
      },
    },
  },
  {
    defect: '401 bodies lose their trailing newline',
    failed: ['GOAPI-ERRORS-001'],
    options: { tamper: { goApi: [{ when: anyRequest, rewrite: onStatus(401, (r) => (r.body = r.body.trimEnd())) }] } },
  },
  {
    defect: 'JERR correlation_id differs from the X-Correlation-ID header',
    failed: ['GOAPI-ERRORS-003'],
    options: { tamper: { goApi: [{ when: anyRequest, rewrite: onStatus(428, (r) => editJson(r, (body) => (body.correlation_id = randomUUID()))) }] } },
  },
  {
    defect: 'a generic "not found" instead of "<entity> not found"',
    failed: ['GOAPI-ERRORS-005'],
    options: {
      tamper: {
        goApi: [
          {
            when: anyRequest,
            rewrite: onStatus(404, (r) => {
              if (contentType(r) === 'application/json') editJson(r, (body) => (body.error = 'not found'));
            }),
          },
        ],
      },
    },
  },
  {
    defect: 'bad requests answered 422',
    failed: ['GOAPI-ERRORS-006'],
    options: { tamper: { goApi: [{ when: anyRequest, rewrite: onStatus(400, (r) => (r.status = 422)) }] } },
  },
  {
    defect: 'parent rule violations answered 400 instead of the documented 500',
    failed: ['GOAPI-ERRORS-008', ...ENTITIES.filter((entity) => entity.parent).map((entity) => entityCheckId(entity, 'PARENT'))],
    options: {
      tamper: {
        goApi: [
          {
            when: anyRequest,
            rewrite: onStatus(500, (r) => {
              if (r.body.includes('failed to')) r.status = 400;
            }),
          },
        ],
      },
    },
  },
  {
    defect: 'unknown paths answered with a JSON body',
    failed: ['GOAPI-ERRORS-011'],
    options: {
      tamper: {
        goApi: [
          {
            when: anyRequest,
            rewrite: onStatus(404, (r) => {
              if (!contentType(r).startsWith('text/plain')) return;
              r.body = '{"error":"not found"}';
              r.headers['content-type'] = 'application/json';
            }),
          },
        ],
      },
    },
  },
  {
    defect: '405 answers carry a body',
    failed: ['GOAPI-ERRORS-012'],
    options: { tamper: { goApi: [{ when: anyRequest, rewrite: onStatus(405, (r) => (r.body = 'Method Not Allowed')) }] } },
  },
  {
    defect: 'a crash answers a JSON error instead of the empty 500',
    failed: ['GOAPI-ERRORS-013'],
    options: {
      tamper: {
        goApi: [
          {
            when: anyRequest,
            rewrite: onStatus(500, (r) => {
              if (r.body === '') r.body = '{"error":"internal"}';
            }),
          },
        ],
      },
    },
  },
  {
    defect: 'pulls list upserts newest first',
    failed: ENTITIES.map((entity) => entityCheckId(entity, 'SYNC')),
    options: {
      tamper: {
        goApi: [
          {
            when: (method, path) => method === 'GET' && path.endsWith('/pull'),
            rewrite: onStatus(200, (r) => editJson(r, (body) => (body.upserts as unknown[]).reverse())),
          },
        ],
      },
    },
  },
];

const forEveryEntity = (aspect: string) => ENTITIES.map((entity) => entityCheckId(entity, aspect));

/**
 * The checks each fault must fail. Besides the obvious family, a check is listed when it legitimately depends on the
 * broken behaviour (the error-shape check that needs the 410, the 412 or the foreign session; the ordering check
 * that needs the 409). Arrange steps accept any 2xx create, so createReturns200 fails only the CRUD checks.
 * Not covered here: the JWT faults, widenTenantSkew (security suites) and fixedLatencyMs (latency suite).
 */
const EXPECTED_FAILURES: Readonly<Partial<Record<GoApiFaultName, readonly string[]>>> = {
  hardDelete: [...forEveryEntity('TOMBSTONE'), 'GOAPI-ERRORS-010'],
  createReturns200: forEveryEntity('CRUD'),
  ignoreIfMatch: [...forEveryEntity('IFMATCH'), 'GOAPI-ERRORS-007'],
  skipEpochCheck: ['GOAPI-EPOCH-001', 'GOAPI-EPOCH-002', 'GOAPI-ERRORS-009', 'GOAPI-RATELIMIT-003'],
  disableRateLimit: ['GOAPI-RATELIMIT-001', 'GOAPI-RATELIMIT-002', 'GOAPI-RATELIMIT-003', 'GOAPI-RATELIMIT-004'],
  ignoreSessionOwner: ['GOAPI-SESSION-002', 'GOAPI-SESSION-003', 'GOAPI-ERRORS-004'],
  ignoreOwnerScoping: forEveryEntity('LIST'),
  skipTenantCheck: ['GOAPI-ERRORS-002'],
  skipTenantSignature: ['GOAPI-ERRORS-002'],
};

/** A fault that leaks rows across owners would let concurrent checks see each other's data: its checks run one by one. */
const LEAKS_ACROSS_OWNERS: readonly GoApiFaultName[] = ['ignoreOwnerScoping'];

export const PROOF_CASES: readonly ProofCase[] = [
  ...(Object.keys(EXPECTED_FAILURES) as GoApiFaultName[]).flatMap((fault) =>
    goFaultCases({ [fault]: EXPECTED_FAILURES[fault] }, LEAKS_ACROSS_OWNERS.includes(fault) ? { concurrency: 1 } : {}),
  ),
  ...TAMPERED_RESPONSES,
];
