/**
 * The defects the fuzz checks are proven against (fuzz.proof.test.ts): a stand-in fault or a tampered Go API answer
 * each, fuzzed on the few operations it touches, and the checks that must fail.
 */
import { tenantHeaders } from '../../../contract/tenant-signature.js';
import { mintHs256 } from '../../../stand-ins/identities/tokens.js';
import type { Tamper } from '../../../stand-ins/tamper/tamper-front.js';
import { DEFAULT_SETTINGS } from '../../../framework/checks/run-check.js';
import type { ProofCase } from '../../../proofs/proof-case.js';
import type { ProofOptions } from '../../../proofs/run-against.js';
import { DEFAULT_POLICY, type FuzzSettings } from '../../../framework/model/policy.js';

const on = (method: string, path: string): Tamper['when'] => (m, p) => m === method && p === path;
const budget = (...operations: string[]): FuzzSettings => ({ ...DEFAULT_POLICY.fuzz, operations });
const withBudget = (fuzz: FuzzSettings, options: ProofOptions = {}): ProofOptions => ({ ...options, settings: { ...DEFAULT_SETTINGS, fuzz } });
const goApi = (...tampers: Tamper[]): ProofOptions => ({ tamper: { goApi: tampers } });

/** Known secrets, so a defect can let anonymous requests through as a fixed user. */
const SECRETS = { jwtSecret: 'fuzz-proof-'.padEnd(64, 'j'), tenantId: 'fuzz-tenant', tenantSecret: 'fuzz-proof-'.padEnd(64, 't') };
const ANONYMOUS_TOKEN = await mintHs256(SECRETS.jwtSecret, { sub: 'anonymous', issuer: 'https://auth.toolbridge.local/', audience: 'toolbridge-mcp' });

/** A caching gateway's defect: a request without credentials is sent on with the last ones it saw. */
function replayingCredentials(when: Tamper['when']): Tamper {
  const CREDENTIALS = ['authorization', 'x-tb-tenant-id', 'x-tb-timestamp', 'x-tb-signature'];
  let last: Record<string, string | string[] | undefined> | undefined;
  return {
    when,
    rewriteRequest: (headers) => {
      if (headers.authorization) last = Object.fromEntries(CREDENTIALS.map((name) => [name, headers[name]]));
      else if (last) Object.assign(headers, last);
    },
    rewrite: () => undefined,
  };
}

/** Quirks of the real API the correct stand-in shares: reported, never blocking. */
// the null-body panic (contract §16.20) is a 500 without Content-Type or JSON: three checks report it
export const QUIRK_WARNINGS = new Set([
  'FUZZ-NOT_A_SERVER_ERROR',
  'FUZZ-CONTENT_TYPE_CONFORMANCE',
  'FUZZ-RESPONSE_SCHEMA_CONFORMANCE',
  'FUZZ-MISSING_REQUIRED_HEADER',
  'FUZZ-UNSUPPORTED_METHOD',
  'FUZZ-SCHEMATHESIS-RUN',
]);

const DEFECTS: readonly [string, ProofOptions, readonly string[]][] = [
  ['create answers 200 instead of the documented 201', withBudget(budget('createTasks'), { goFaults: { createReturns200: true } }), ['FUZZ-STATUS_CODE_CONFORMANCE']],
  ['created items carry their version as a string', withBudget(budget('createNotes'), { goFaults: { versionAsString: true } }), ['FUZZ-RESPONSE_SCHEMA_CONFORMANCE']],
  [
    'listing notes fails with a 500 (not the documented orphan quirk)',
    withBudget(budget('listNotes'), goApi({ when: on('GET', '/v1/notes'), rewrite: (r) => void ((r.status = 500), (r.body = '{"error":"failed to list notes","correlation_id":"x"}')) })),
    ['FUZZ-NOT_A_SERVER_ERROR'],
  ],
  [
    // only a request for an item that exists reaches this answer: the fuzzer's own seeded note, not a generated uid
    'a stored note is read back with its version as a string',
    withBudget(
      budget('getNotes'),
      goApi({
        when: (m, p) => m === 'GET' && /^\/v1\/notes\/[0-9a-f-]{36}(\?|$)/.test(p),
        rewrite: (r) => void (r.status === 200 && (r.body = r.body.replace(/"version":(\d+)/, '"version":"$1"'))),
      }),
    ),
    ['FUZZ-RESPONSE_SCHEMA_CONFORMANCE'],
  ],
  [
    'the sync state answers without a Content-Type',
    withBudget(budget('state'), goApi({ when: on('GET', '/v1/sync/state'), rewrite: (r) => void delete r.headers['content-type'] })),
    ['FUZZ-CONTENT_TYPE_CONFORMANCE'],
  ],
  [
    'a new session comes without its X-Sync-Epoch',
    withBudget(budget('createSession'), goApi({ when: on('POST', '/v1/sync/sessions'), rewrite: (r) => void delete r.headers['x-sync-epoch'] })),
    ['FUZZ-RESPONSE_HEADERS_CONFORMANCE'],
  ],
  [
    'creating a task refuses valid bodies',
    withBudget(budget('createTasks'), goApi({ when: on('POST', '/v1/tasks'), rewrite: (r) => void ((r.status = 400), (r.body = '{"error":"invalid json","correlation_id":"x"}')) })),
    ['FUZZ-POSITIVE_DATA_ACCEPTANCE'],
  ],
  ['the epoch is never checked', withBudget(budget('listTasks'), { goFaults: { skipEpochCheck: true } }), ['FUZZ-NEGATIVE_DATA_REJECTION']],
  [
    '/healthz answers any method',
    withBudget(budget('healthz'), goApi({ when: (m, p) => p === '/healthz' && m !== 'GET', rewrite: (r) => void ((r.status = 200), (r.body = 'ok')) })),
    ['FUZZ-UNSUPPORTED_METHOD'],
  ],
  [
    'Allow names a method /v1/sync/info does not have',
    withBudget(budget('syncInfo'), goApi({ when: (m, p) => p === '/v1/sync/info' && m !== 'GET', rewrite: (r) => void (r.headers.allow = 'GET, DELETE') })),
    ['FUZZ-ALLOW_HEADER_CONFORMANCE'],
  ],
  [
    'a gateway replays the last credentials on requests that carry none',
    withBudget(budget('listNotes'), goApi(replayingCredentials(on('GET', '/v1/notes')))),
    ['FUZZ-IGNORED_AUTH'],
  ],
  [
    'requests without a token are served as a shared user',
    withBudget(budget('listNotes'), {
      secrets: SECRETS,
      tamper: {
        goApi: [
          {
            when: on('GET', '/v1/notes'),
            rewriteRequest: (headers) => {
              if (headers.authorization) return;
              headers.authorization = `Bearer ${ANONYMOUS_TOKEN}`;
              for (const [name, value] of Object.entries(tenantHeaders(SECRETS.tenantId, SECRETS.tenantSecret))) headers[name.toLowerCase()] = value;
            },
            rewrite: () => undefined,
          },
        ],
      },
    }),
    // the shared user does not own the caller's sync session: 403 where a missing token must be 401
    ['FUZZ-MISSING_REQUIRED_HEADER'],
  ],
  [
    'the Go API refuses the fuzzer every time (it never gets past authentication)',
    withBudget(budget('listNotes', 'getNotes'), goApi({ when: (_m, p) => p.startsWith('/v1/notes'), rewrite: (r) => void ((r.status = 401), (r.headers['content-type'] = 'text/plain; charset=utf-8'), (r.body = 'unauthorized')) })),
    ['FUZZ-SCHEMATHESIS-RUN'],
  ],
];

/** The fuzz checks share one Schemathesis run per target: all twelve run side by side. */
const ALL_AT_ONCE = 12;

export const PROOF_CASES: readonly ProofCase[] = DEFECTS.map(([defect, options, failed]) => ({
  defect: `Go API (fuzzed by Schemathesis): ${defect}`,
  options: { ...options, concurrency: ALL_AT_ONCE },
  failed,
}));
