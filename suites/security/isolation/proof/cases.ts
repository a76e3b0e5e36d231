/**
 * The isolation checks each stand-in fault must fail. ignoreOwnerScoping also fails the tenant check: another subject
 * reading the owner's items under a second tenant id is the "worse than documented" case that must fail, not warn.
 */
import type { GoApiFaultName } from '../../../../stand-ins/go-api/faults.js';
import { goFaultCases, type ProofCase } from '../../../../proofs/proof-case.js';
import { UID_OPERATIONS } from '../../../shared/uid-operations.js';

export const TENANT = 'SEC-ISOLATION-TENANT-UNBOUND';
const CHANNELS = ['GO', 'MCP'] as const;
const crossOwner = (parts: readonly string[]) => CHANNELS.flatMap((channel) => parts.map((part) => `SEC-ISOLATION-${channel}-${part}`));

const READS = crossOwner(['LIST', ...UID_OPERATIONS.filter((o) => !o.writes).map((o) => o.id)]);
const WRITES = crossOwner(UID_OPERATIONS.filter((o) => o.writes).map((o) => o.id));

const EXPECTED: Readonly<Partial<Record<GoApiFaultName, readonly string[]>>> = {
  ignoreOwnerScoping: [...READS, TENANT, 'SEC-ISOLATION-MCP-IDENTITY'],
  ignoreOwnerOnWrites: WRITES,
  ignoreSessionOwner: ['SEC-ISOLATION-SESSION-HIJACK', 'SEC-ISOLATION-SESSION-MANAGE'],
  wipeAllOwners: ['SEC-ISOLATION-WIPE'],
};

/** Faults whose effects cross owners would let concurrent checks see (or wipe) each other's data: their checks run one at a time. */
const CROSSES_CHECKS: readonly GoApiFaultName[] = ['ignoreOwnerScoping', 'wipeAllOwners'];

export const PROOF_CASES: readonly ProofCase[] = [
  ...(Object.keys(EXPECTED) as GoApiFaultName[]).flatMap((fault) =>
    goFaultCases({ [fault]: EXPECTED[fault] }, CROSSES_CHECKS.includes(fault) ? { concurrency: 1 } : {}),
  ),
  // proven against a proxy we did not write (verify/upstream-profile.test.ts), not a stand-in fault
  {
    defect: 'the upstream FastMCP proxy configured with one shared token (TOOLBRIDGE_JWT_TOKEN): every MCP caller acts as that token\'s user',
    failed: ['SEC-ISOLATION-MCP-IDENTITY'],
  },
];
