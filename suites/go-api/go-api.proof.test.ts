/**
 * Proof that the go-api checks can fail: the whole catalogue passes against the correct stand-in, and each
 * stand-in fault the suite covers makes exactly the listed checks fail — no more, no fewer.
 */
import { describe, expect, test } from 'vitest';
import { ENTITIES } from '../../contract/entities.js';
import type { GoApiFaultName, GoApiFaults } from '../../fixtures/go-api/faults.js';
import { runAgainstLocal } from '../../harness/proof/run-against.js';
import { goApiChecks } from './go-api.checks.js';
import { entityCheckId } from './lib/samples.js';

const RUN_TIMEOUT_MS = 120_000;

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

/** Failure messages by check id, so a mismatch shows why each unexpected check failed. */
function failureMessages(run: Awaited<ReturnType<typeof runAgainstLocal>>): Record<string, string> {
  return Object.fromEntries(run.failed.map((id) => [id, run.results.get(id)?.message ?? '']));
}

/** A failure must come from an assertion, not from a check that crashed. */
function expectAssertionFailures(run: Awaited<ReturnType<typeof runAgainstLocal>>): void {
  for (const [id, message] of Object.entries(failureMessages(run))) expect(message, id).not.toMatch(/^the check could not complete/);
}

describe('go-api catalogue', () => {
  test('ids are stable and generated from the entity table', () => {
    const ids = goApiChecks.map((check) => check.id);
    expect(ids.filter((id) => /^GOAPI-[A-Z_]+-(CRUD|LIST|TOMBSTONE|IFMATCH|SYNC)$/.test(id))).toHaveLength(5 * ENTITIES.length);
    expect(ids.filter((id) => id.endsWith('-PARENT'))).toEqual(['GOAPI-COMMENTS-PARENT', 'GOAPI-CHAT_MESSAGES-PARENT']);
    for (const expected of Object.values(EXPECTED_FAILURES).flat()) expect(ids).toContain(expected);
    for (const check of goApiChecks) {
      expect(check.area).toBe('go-api');
      expect(check.requirement).toMatch(/^contract §/);
      expect(check.expected).toBeTruthy();
    }
  });

  test('every check passes against the correct stand-in', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(goApiChecks);
    expect(failureMessages(run)).toEqual({});
    expect(run.other).toEqual({});
    expect(run.results.size).toBe(goApiChecks.length);
  });

  test.each(Object.entries(EXPECTED_FAILURES))('fault %s fails exactly its checks', { timeout: RUN_TIMEOUT_MS }, async (fault, expected) => {
    const run = await runAgainstLocal(goApiChecks, { goFaults: { [fault]: true } as GoApiFaults });
    // Compared with messages, so an unexpected failure shows its reason.
    expect(failureMessages(run)).toEqual(Object.fromEntries(expected.map((id) => [id, expect.any(String)])));
    expect(run.other).toEqual({});
    expectAssertionFailures(run);
  });
});
