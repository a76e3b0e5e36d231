/**
 * For each stand-in fault the go-api suite covers, exactly the checks that must fail against it
 * (run by go-api.proof.test.ts).
 */
import { ENTITIES } from '../../../contract/entities.js';
import type { GoApiFaultName } from '../../../stand-ins/go-api/faults.js';
import { entityCheckId } from '../lib/samples.js';

const forEveryEntity = (aspect: string) => ENTITIES.map((entity) => entityCheckId(entity, aspect));

/**
 * The checks each fault must fail. Besides the obvious family, a check is listed when it legitimately depends on the
 * broken behaviour (the error-shape check that needs the 410, the 412 or the foreign session; the ordering check
 * that needs the 409). Arrange steps accept any 2xx create, so createReturns200 fails only the CRUD checks.
 * Not covered here: the JWT faults, widenTenantSkew (security suites) and fixedLatencyMs (latency suite).
 */
export const EXPECTED_FAILURES: Readonly<Partial<Record<GoApiFaultName, readonly string[]>>> = {
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

