/**
 * Every security proof as data (defect → failing checks; engine checks with security facts included), for the docs' "shown failing by" column and the test that
 * no security check goes unproven.
 */
import type { ProofRecord } from '../../proofs/proof-record.js';
import { PROOFS as FUZZ } from '../fuzz/proof/defects.js';
import { PROOFS as TESTSSL } from './https/testssl/proof/defects.js';
import { PROOFS as HTTPS } from './https/proof/defects.js';
import { PROOFS as ISOLATION } from './isolation/proof/expected.js';
import { PROOFS as JWT } from './jwt/proof/scenarios.js';
import { PROOFS as SKEW } from './skew/proof/expected.js';
import { PROOFS as TENANT } from './tenant/proof/defects.js';
import { PROOFS as TRANSPORT } from './transport/proof/defects.js';

export const SECURITY_PROOFS: readonly ProofRecord[] = [...JWT, ...TENANT, ...SKEW, ...ISOLATION, ...TRANSPORT, ...HTTPS, ...TESTSSL, ...FUZZ];
