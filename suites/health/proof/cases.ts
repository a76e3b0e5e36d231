/**
 * The defects the health checks are proven against, with exactly the checks each one fails.
 */
import { formatMs } from '../../../contract/formats.js';
import type { ProofCase } from '../../../proofs/proof-case.js';
import { editJson } from '../../../stand-ins/tamper/tamper-front.js';

const path = (p: string) => (_method: string, actual: string) => actual === p;

/** Each health defect, and the one check that must catch it. */
export const PROOF_CASES: readonly ProofCase[] = [
  {
    defect: 'the proxy cannot reach the Go API',
    options: { proxyEnv: { TOOLBRIDGE_GO_API_BASE_URL: 'http://127.0.0.1:9' } },
    failed: ['HEALTH-002'],
  },
  {
    defect: 'liveness answers 503',
    options: { tamper: { proxy: [{ when: path('/'), rewrite: (r) => void (r.status = 503) }] } },
    failed: ['HEALTH-001'],
  },
  {
    defect: '/healthz answers "OK\\n"',
    options: { tamper: { goApi: [{ when: path('/healthz'), rewrite: (r) => void (r.body = 'OK\n') }] } },
    failed: ['HEALTH-003'],
  },
  {
    defect: '/v1/sync/info drops the rate-limit advertisement',
    options: { tamper: { goApi: [{ when: path('/v1/sync/info'), rewrite: (r) => editJson(r, (b) => delete b.rateLimit) }] } },
    failed: ['HEALTH-004'],
  },
  {
    defect: 'the Go API clock runs 5 minutes fast',
    options: {
      tamper: {
        goApi: [{ when: path('/v1/sync/info'), rewrite: (r) => editJson(r, (b) => void (b.serverTime = formatMs(Date.now() + 300_000))) }],
      },
    },
    failed: ['HEALTH-005'],
  },
  {
    defect: 'the metadata names no authorization server',
    options: { tamper: { proxy: [{ when: path('/.well-known/oauth-protected-resource'), rewrite: (r) => editJson(r, (b) => delete b.authorization_servers) }] } },
    // HEALTH-007 follows the challenge to the same (defective) document
    failed: ['HEALTH-006', 'HEALTH-007'],
  },
  {
    defect: 'no metadata is published, yet the challenge points at it',
    options: { tamper: { proxy: [{ when: path('/.well-known/oauth-protected-resource'), rewrite: (r) => void ((r.status = 404), (r.body = '{"error":"not_found"}')) }] } },
    failed: ['HEALTH-006', 'HEALTH-007'],
  },
  {
    defect: 'metadata is published, but the challenge does not point at it',
    options: { proxyFaults: { noResourceMetadata: true } },
    failed: ['HEALTH-007'],
  },
  {
    defect: 'the 401 carries no WWW-Authenticate',
    options: { tamper: { proxy: [{ when: path('/mcp'), rewrite: (r) => void delete r.headers['www-authenticate'] }] } },
    failed: ['HEALTH-007'],
  },
];
