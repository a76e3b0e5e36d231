import { describe, expect, it } from 'vitest';
import { formatMs } from '../../contract/formats.js';
import { editJson } from '../../stand-ins/tamper/tamper-front.js';
import { runAgainstLocal, type ProofOptions } from '../../proofs/run-against.js';
import { healthChecks } from './health.checks.js';

const path = (p: string) => (_method: string, actual: string) => actual === p;

/** Each health defect, and the one check that must catch it. */
const DEFECTS: [string, ProofOptions, string[]][] = [
  [
    'the proxy cannot reach the Go API',
    { proxyEnv: { TOOLBRIDGE_GO_API_BASE_URL: 'http://127.0.0.1:9' } },
    ['HEALTH-002'],
  ],
  [
    'liveness answers 503',
    { tamper: { proxy: [{ when: path('/'), rewrite: (r) => void (r.status = 503) }] } },
    ['HEALTH-001'],
  ],
  [
    '/healthz answers "OK\\n"',
    { tamper: { goApi: [{ when: path('/healthz'), rewrite: (r) => void (r.body = 'OK\n') }] } },
    ['HEALTH-003'],
  ],
  [
    '/v1/sync/info drops the rate-limit advertisement',
    { tamper: { goApi: [{ when: path('/v1/sync/info'), rewrite: (r) => editJson(r, (b) => delete b.rateLimit) }] } },
    ['HEALTH-004'],
  ],
  [
    'the Go API clock runs 5 minutes fast',
    {
      tamper: {
        goApi: [{ when: path('/v1/sync/info'), rewrite: (r) => editJson(r, (b) => void (b.serverTime = formatMs(Date.now() + 300_000))) }],
      },
    },
    ['HEALTH-005'],
  ],
  [
    'the metadata names no authorization server',
    { tamper: { proxy: [{ when: path('/.well-known/oauth-protected-resource'), rewrite: (r) => editJson(r, (b) => delete b.authorization_servers) }] } },
    // HEALTH-007 follows the challenge to the same (defective) document
    ['HEALTH-006', 'HEALTH-007'],
  ],
  [
    'no metadata is published, yet the challenge points at it',
    { tamper: { proxy: [{ when: path('/.well-known/oauth-protected-resource'), rewrite: (r) => void ((r.status = 404), (r.body = '{"error":"not_found"}')) }] } },
    ['HEALTH-006', 'HEALTH-007'],
  ],
  [
    'metadata is published, but the challenge does not point at it',
    { proxyFaults: { noResourceMetadata: true } },
    ['HEALTH-007'],
  ],
  [
    'the 401 carries no WWW-Authenticate',
    { tamper: { proxy: [{ when: path('/mcp'), rewrite: (r) => void delete r.headers['www-authenticate'] }] } },
    ['HEALTH-007'],
  ],
];

describe('health checks can fail', () => {
  it('all pass against the correct local stack', async () => {
    const run = await runAgainstLocal(healthChecks);
    expect(run.failed).toEqual([]);
    expect(run.other).toEqual({});
  });

  it('a proxy without an authorization server passes, reported as not OAuth-discoverable', async () => {
    const run = await runAgainstLocal(healthChecks, { proxyEnv: { TOOLBRIDGE_JWT_ISSUER: '' } });
    expect(run.failed).toEqual([]);
    expect(run.other).toEqual({ 'HEALTH-006': 'warned' });
    expect(run.results.get('HEALTH-006')?.message).toMatch(/not OAuth-discoverable/);
  });

  it.each(DEFECTS)('%s', async (_, options, expected) => {
    const run = await runAgainstLocal(healthChecks, options);
    expect(run.failed).toEqual(expected);
    for (const id of expected) expect(run.results.get(id)?.message).toBeTruthy();
  });

  it('every check is shown failing by some defect', () => {
    const proven = new Set(DEFECTS.flatMap(([, , failing]) => failing));
    expect(healthChecks.map((check) => check.id).filter((id) => !proven.has(id))).toEqual([]);
  });
});
