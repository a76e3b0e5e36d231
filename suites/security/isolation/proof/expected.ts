/**
 * The isolation checks each stand-in fault must fail. ignoreOwnerScoping also fails the tenant check: another subject
 * reading the owner's items under a second tenant id is the "worse than documented" case that must fail, not warn.
 */
import type { GoApiFaultName } from '../../../../fixtures/go-api/faults.js';
import { goFaultProofs } from '../../../../harness/proof/proof-record.js';
import { UID_OPERATIONS } from '../lib/operations.js';

export const TENANT = 'SEC-ISOLATION-TENANT-UNBOUND';
const CHANNELS = ['GO', 'MCP'] as const;
const crossOwner = (parts: readonly string[]) => CHANNELS.flatMap((channel) => parts.map((part) => `SEC-ISOLATION-${channel}-${part}`));

const READS = crossOwner(['LIST', ...UID_OPERATIONS.filter((o) => !o.writes).map((o) => o.id)]);
const WRITES = crossOwner(UID_OPERATIONS.filter((o) => o.writes).map((o) => o.id));

export const EXPECTED: Readonly<Partial<Record<GoApiFaultName, readonly string[]>>> = {
  ignoreOwnerScoping: [...READS, TENANT],
  ignoreOwnerOnWrites: WRITES,
  ignoreSessionOwner: ['SEC-ISOLATION-SESSION-HIJACK', 'SEC-ISOLATION-SESSION-MANAGE'],
  wipeAllOwners: ['SEC-ISOLATION-WIPE'],
};

export const PROOFS = goFaultProofs(EXPECTED);
