/**
 * Every suite's proof table, by suite: the docs print them ("shown failing by"), and fault coverage is computed from
 * their options.
 */
import type { ProofCase } from '../proofs/proof-case.js';
import { PROOF_CASES as CONFORMANCE } from './conformance/proof/cases.js';
import { PROOF_CASES as E2E } from './e2e/proof/cases.js';
import { PROOF_CASES as FUZZ } from './fuzz/proof/cases.js';
import { PROOF_CASES as GO_API } from './go-api/proof/cases.js';
import { PROOF_CASES as HEALTH } from './health/proof/cases.js';
import { PROOF_CASES as LATENCY } from './latency/proof/cases.js';
import { PROOF_CASES as HTTPS } from './security/https/proof/cases.js';
import { PROOF_CASES as TESTSSL } from './security/https/testssl/proof/cases.js';
import { PROOF_CASES as ISOLATION } from './security/isolation/proof/cases.js';
import { PROOF_CASES as JWT } from './security/jwt/proof/cases.js';
import { PROOF_CASES as SKEW } from './security/skew/proof/cases.js';
import { PROOF_CASES as TENANT } from './security/tenant/proof/cases.js';
import { PROOF_CASES as TRANSPORT } from './security/transport/proof/cases.js';
import { PROOF_CASES as OPERATIONS } from './operations/proof/cases.js';

export const PROOF_CASES_BY_SUITE: Readonly<Record<string, readonly ProofCase[]>> = {
  health: HEALTH,
  'go-api': GO_API,
  e2e: E2E,
  latency: LATENCY,
  conformance: CONFORMANCE,
  fuzz: FUZZ,
  'security/jwt': JWT,
  'security/tenant': TENANT,
  'security/skew': SKEW,
  'security/isolation': ISOLATION,
  'security/transport': TRANSPORT,
  'security/https': [...HTTPS, ...TESTSSL],
  operations: OPERATIONS,
};

/** The proofs of the security checks (engine checks with security facts included: the fuzz suite). */
export const SECURITY_PROOF_CASES: readonly ProofCase[] = [...JWT, ...TENANT, ...SKEW, ...ISOLATION, ...TRANSPORT, ...HTTPS, ...TESTSSL, ...FUZZ];
