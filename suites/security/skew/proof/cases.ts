/**
 * Stand-in fault → the skew checks it must fail (and no others).
 */
import type { GoApiFaultName } from '../../../../stand-ins/go-api/faults.js';
import { goFaultCases, type ProofCase } from '../../../../proofs/proof-case.js';
import { skewChecks } from '../skew.checks.js';

export const ALL = skewChecks.map((check) => check.id).sort();
export const WINDOW = ['SEC-SKEW-WINDOW-FUTURE', 'SEC-SKEW-WINDOW-PAST'];

const EXPECTED_FAILURES: Readonly<Partial<Record<GoApiFaultName, readonly string[]>>> = {
  widenTenantSkew: WINDOW,
  narrowTenantSkew: WINDOW,
  acceptSecondsTimestamp: ['SEC-SKEW-TIMESTAMP-FORMAT'],
  skipTenantCheck: ALL,
};

export const PROOF_CASES: readonly ProofCase[] = goFaultCases(EXPECTED_FAILURES);
