/**
 * Metadata shared by the tenant-header and skew checks: where the governing behaviour is documented, and the
 * requirement texts they cite.
 */
import type { CheckMeta, SecurityFacts } from '../../framework/model/types.js';

/** The Go API's tenant-header behaviour (the middleware itself is not in this repository). */
export const GO_TENANT_CONTRACT = 'contract/toolbridge-api.md';
/** Where the signing/verification code of this repository lives. */
export const SIGNATURE_CODE = 'contract/tenant-signature.ts';
/** Where the two secrets that must match are documented. */
export const SECRETS_REFERENCE = 'docs/SECRETS-REFERENCE.md';

export const CONTRACT_TENANT = 'contract §5 (tenant headers)';
export const HMAC_CHECKLIST = 'checks-reference §3 (HMAC request signing)';

export type SecurityMeta = Omit<CheckMeta, 'area'> & { readonly security: SecurityFacts; readonly expected: string; readonly rationale: string };
