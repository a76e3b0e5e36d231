/**
 * The defects the tenant-header checks are proven against: a stand-in fault, or a proxy configured with another
 * tenant secret, and exactly which checks each one fails.
 */
import type { ProofCase } from '../../../../proofs/proof-case.js';
import { randomHexSecret } from '../../../shared/tenant-headers.js';
import { tenantChecks } from '../tenant.checks.js';

export const ALL = tenantChecks.map((check) => check.id).sort();
export const PROXY_SECRET = 'SEC-TENANT-PROXY-SECRET-MATCH';
/** The real API's documented weaknesses: warned, not failed, against a faithful target. */
export const POSTURE_WARNED: Readonly<Record<string, 'warned'>> = { 'SEC-TENANT-REPLAY': 'warned', 'SEC-TENANT-UNBOUND-TENANT': 'warned' };
const BAD_SIGNATURE_ACCEPTED = [
  'SEC-TENANT-WRONG-SECRET',
  'SEC-TENANT-TRUNCATED-SIGNATURE',
  'SEC-TENANT-UPPERCASE-SIGNATURE',
  'SEC-TENANT-SIGNATURE-BINDING',
  'SEC-TENANT-NO-ORACLE',
  // worse than the documented API: a wrongly signed set replays, an unsigned tenant id works
  'SEC-TENANT-REPLAY',
  'SEC-TENANT-UNBOUND-TENANT',
];

export const PROOF_CASES: readonly ProofCase[] = [
  {
    defect: 'the Go API never verifies the tenant signature (skipTenantSignature)',
    options: { goFaults: { skipTenantSignature: true } },
    failed: BAD_SIGNATURE_ACCEPTED,
    other: {},
  },
  {
    defect: 'the Go API does not check tenant headers at all (skipTenantCheck)',
    options: { goFaults: { skipTenantCheck: true } },
    failed: ALL.filter((id) => id !== PROXY_SECRET),
    other: {},
  },
  {
    defect: 'the Go API says which tenant check failed (tenantOracle)',
    options: { goFaults: { tenantOracle: true } },
    failed: ['SEC-TENANT-NO-ORACLE'],
    other: POSTURE_WARNED,
  },
  {
    defect: 'the Go API compares signatures case-insensitively (acceptUppercaseSignature)',
    options: { goFaults: { acceptUppercaseSignature: true } },
    failed: ['SEC-TENANT-UPPERCASE-SIGNATURE'],
    other: POSTURE_WARNED,
  },
  {
    defect: "the proxy's TOOLBRIDGE_TENANT_HEADER_SECRET differs from the Go API's TENANT_HEADER_SECRET",
    options: { proxyEnv: { TOOLBRIDGE_TENANT_HEADER_SECRET: randomHexSecret() } },
    failed: [PROXY_SECRET],
    other: POSTURE_WARNED,
  },
];
