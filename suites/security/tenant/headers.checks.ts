/**
 * Tenant headers, one bad header set at a time (contract §5): missing or empty headers, no headers at all (the Go
 * API reached around the proxy), a wrong key, a truncated or re-cased signature, and a signature moved to another
 * tenant id or timestamp. Each check is generated from a row of the table below: a valid control (201), then its
 * probes, every one of which must be answered 401.
 */
import { HEADERS } from '../../../contract/messages.js';
import { signTenant } from '../../../contract/tenant-signature.js';
import { catalogue, defineCheck, type CheckDef } from '../../../framework/checks/define.js';
import {
  TENANT_HEADER_NAMES,
  freshSet,
  otherTenantId,
  randomHexSecret,
  signedSet,
  without,
  type Signer,
  type TenantProbe,
} from '../../shared/tenant-headers.js';
import { CONTRACT_TENANT, GO_TENANT_CONTRACT, HMAC_CHECKLIST, type SecurityMeta } from '../../shared/tenant-meta.js';
import { expectAllRejected, requireControl } from '../../shared/tenant-probe.js';

interface HeaderCase extends SecurityMeta {
  /** first words of the failure message */
  readonly headline: string;
  readonly probes: (signer: Signer, nowMs: number) => TenantProbe[];
}

/** A fresh, correctly signed set whose signature is replaced by `signature`. */
function withSignature(signer: Signer, nowMs: number, label: string, signature: string, crafted: string): TenantProbe {
  const set = freshSet(signer, nowMs);
  return {
    label,
    headers: { ...set, [HEADERS.tenantSignature]: signature },
    crafted: `${label}: X-TB-Tenant-ID ${JSON.stringify(signer.tenantId)}, X-TB-Timestamp ${set[HEADERS.tenantTimestamp]} (fresh), X-TB-Signature = ${crafted}`,
  };
}

const validSignature = (signer: Signer, nowMs: number) => freshSet(signer, nowMs)[HEADERS.tenantSignature];
const flipLastHexDigit = (hex: string) => `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}`;

const CASES: readonly HeaderCase[] = [
  {
    id: 'SEC-TENANT-MISSING-HEADER',
    title: 'Each tenant header is required and non-empty',
    severity: 'critical',
    requirement: `${CONTRACT_TENANT}: all three headers required and non-empty`,
    expected: 'every set with X-TB-Tenant-ID, X-TB-Timestamp or X-TB-Signature left out or empty is answered 401',
    rationale:
      'the tenant headers are what proves a request comes from the proxy; a header the Go API does not insist on turns the HMAC into decoration',
    security: {
      score: 9.1,
      cwe: 'CWE-306',
      remediation:
        'Reject every request to an authenticated route unless X-TB-Tenant-ID, X-TB-Timestamp and X-TB-Signature are all present and non-empty, before any handler runs.',
      location: GO_TENANT_CONTRACT,
    },
    headline: 'the Go API does not require every tenant header',
    // One table-driven check rather than one per header: the Go middleware tests the three headers in one
    // condition, with one answer, severity and remediation; the failure message names each header it let through.
    probes: (signer, nowMs) =>
      TENANT_HEADER_NAMES.flatMap((name) =>
        (['omitted', 'empty'] as const).map((how) => ({
          label: `${name} ${how}`,
          headers: without(freshSet(signer, nowMs), name, how),
          crafted: `${name} ${how === 'omitted' ? 'left out' : 'sent as an empty string'}; the other tenant headers fresh and correctly signed`,
        })),
      ),
  },
  {
    id: 'SEC-TENANT-NO-HEADERS',
    title: 'The Go API cannot be reached around the proxy (valid JWT, no tenant headers)',
    severity: 'critical',
    requirement: `${CONTRACT_TENANT}; ${HMAC_CHECKLIST} test 8 (direct Go API call without a signature)`,
    expected: 'a request with a valid JWT and no X-TB-* headers at all is answered 401',
    rationale:
      'anyone holding a user token (or a leaked one) could call the Go API directly and skip every control the proxy adds; an unset TENANT_HEADER_SECRET disables the check silently',
    security: {
      score: 9.1,
      cwe: 'CWE-306',
      remediation:
        'Set TENANT_HEADER_SECRET on the Go API (unset disables the tenant check entirely) so that only the proxy, which holds the secret, can call it; keep the Go API off the public network where the platform allows.',
      location: GO_TENANT_CONTRACT,
    },
    headline: 'the Go API answers callers that bypass the proxy (is TENANT_HEADER_SECRET set?)',
    probes: () => [
      {
        label: 'no X-TB-* headers at all',
        headers: {},
        crafted: 'a direct call: valid JWT only, no X-TB-Tenant-ID, X-TB-Timestamp or X-TB-Signature',
      },
    ],
  },
  {
    id: 'SEC-TENANT-WRONG-SECRET',
    title: 'A signature made without the shared secret is refused',
    severity: 'critical',
    requirement: `${CONTRACT_TENANT}: HMAC-SHA256 keyed with TENANT_HEADER_SECRET; ${HMAC_CHECKLIST} test 7`,
    expected: 'signatures made with another key, an empty key, one hex digit changed, or all zeros are answered 401',
    rationale: 'if the signature is not verified, anyone can mint tenant headers and reach the Go API without the proxy',
    security: {
      score: 9.1,
      cwe: 'CWE-345',
      remediation:
        'Recompute HMAC-SHA256(secret, "<tenant id>:<timestamp as sent>") on every request and refuse it unless the received signature equals it exactly (constant-time comparison).',
      location: GO_TENANT_CONTRACT,
    },
    headline: 'the Go API accepts tenant signatures it did not verify',
    probes: (signer, nowMs) => {
      const ts = String(nowMs);
      const message = JSON.stringify(`${signer.tenantId}:${ts}`);
      return [
        withSignature(signer, nowMs, 'signed with another secret', signTenant(signer.tenantId, ts, randomHexSecret()), `HMAC-SHA256 of ${message} under a random 256-bit secret`),
        withSignature(signer, nowMs, 'signed with an empty secret', signTenant(signer.tenantId, ts, ''), `HMAC-SHA256 of ${message} under the empty key`),
        withSignature(signer, nowMs, 'one hex digit changed', flipLastHexDigit(validSignature(signer, nowMs)), 'the correct signature with its last hex digit changed'),
        withSignature(signer, nowMs, 'all zeros', '0'.repeat(64), '64 zeros'),
      ];
    },
  },
  {
    id: 'SEC-TENANT-TRUNCATED-SIGNATURE',
    title: 'Only the complete 64-character signature is accepted',
    severity: 'high',
    requirement: `${CONTRACT_TENANT}: 64 lowercase hex characters compared byte for byte; ${HMAC_CHECKLIST} test 7`,
    expected: 'the correct signature truncated to 63, 32 or 8 characters, or extended by one, is answered 401',
    rationale:
      'a verifier that compares only a prefix (or the shorter of two strings) lets an attacker forge a signature by guessing a few characters',
    security: {
      score: 8.1,
      cwe: 'CWE-1023',
      remediation:
        'Refuse a signature whose length differs from 64 before comparing, then compare all 64 bytes in constant time (never a prefix or a min-length comparison).',
      location: GO_TENANT_CONTRACT,
    },
    headline: 'the Go API accepts a partial tenant signature',
    probes: (signer, nowMs) => {
      const valid = validSignature(signer, nowMs);
      return [
        ...[63, 32, 8].map((length) =>
          withSignature(signer, nowMs, `signature truncated to ${length} characters`, valid.slice(0, length), `the first ${length} hex characters of the correct signature`),
        ),
        withSignature(signer, nowMs, 'signature extended by one character', `${valid}0`, 'the correct signature followed by "0" (65 characters)'),
      ];
    },
  },
  {
    id: 'SEC-TENANT-UPPERCASE-SIGNATURE',
    title: 'The signature is compared byte for byte (uppercase hex is refused)',
    severity: 'low',
    requirement: `${CONTRACT_TENANT}: lowercase hex, compared byte-for-byte in constant time, so uppercase hex fails; ${HMAC_CHECKLIST} test 7`,
    expected: 'the correct signature in uppercase hex is answered 401',
    rationale:
      'accepting another spelling shows the signature is normalised and compared as text, typically with a variable-time string comparison, and that the target deviates from the verifier the proxy was built against',
    security: {
      score: 3.1,
      cwe: 'CWE-697',
      remediation:
        'Compare the received X-TB-Signature bytes with the expected lowercase hex using a constant-time comparison (Go hmac.Equal, Node timingSafeEqual) without normalising case.',
      location: GO_TENANT_CONTRACT,
    },
    headline: 'the Go API normalises the tenant signature before comparing',
    probes: (signer, nowMs) => [
      withSignature(signer, nowMs, 'signature in uppercase hex', validSignature(signer, nowMs).toUpperCase(), 'the correct signature in uppercase hex'),
    ],
  },
  {
    id: 'SEC-TENANT-SIGNATURE-BINDING',
    title: "A signature binds its tenant id and timestamp (tenant A's signature sent as tenant B is refused)",
    severity: 'critical',
    requirement: `${CONTRACT_TENANT}: the signed message is "<tenant id>:<timestamp as sent>"; ${HMAC_CHECKLIST} tests 5 and 6`,
    expected: "tenant A's signature sent with tenant id B, and a signature of an earlier timestamp sent with a fresh one, are answered 401",
    rationale:
      'a signature that does not cover the tenant id lets one tenant act as another; one that does not cover the timestamp makes a captured header set valid forever',
    security: {
      score: 9.1,
      cwe: 'CWE-345',
      remediation:
        'Verify the signature over exactly "<X-TB-Tenant-ID>:<X-TB-Timestamp>" as received, so that changing either header after signing invalidates it.',
      location: GO_TENANT_CONTRACT,
    },
    headline: 'the tenant signature does not bind what it should',
    probes: (signer, nowMs) => {
      const ts = String(nowMs);
      const tenantB = otherTenantId(signer, 'b');
      const earlier = String(nowMs - 60_000);
      return [
        {
          label: "tenant A's signature sent as tenant B",
          headers: { ...signedSet(signer.tenantId, ts, signer.tenantSecret), [HEADERS.tenantId]: tenantB },
          crafted: `tenant A's signature sent as tenant B: X-TB-Tenant-ID ${JSON.stringify(tenantB)}, X-TB-Timestamp ${ts}, X-TB-Signature = the correct signature of ${JSON.stringify(`${signer.tenantId}:${ts}`)} (tenant A)`,
        },
        {
          label: 'signature of an earlier timestamp with a fresh timestamp',
          headers: { ...signedSet(signer.tenantId, earlier, signer.tenantSecret), [HEADERS.tenantTimestamp]: ts },
          crafted: `signature of an earlier timestamp: X-TB-Timestamp ${ts} (fresh), X-TB-Signature = the correct signature of ${JSON.stringify(`${signer.tenantId}:${earlier}`)} (60 s earlier)`,
        },
      ];
    },
  },
];

function headerCheck(c: HeaderCase): CheckDef {
  const { headline, probes, ...meta } = c;
  return defineCheck({ ...meta, area: 'security/tenant' }, async (ctx) => {
    const user = await ctx.user(c.id.toLowerCase());
    await requireControl(ctx, user);
    await expectAllRejected(ctx, user, probes(ctx.target, Date.now()), headline);
  });
}

export const headerChecks = catalogue(CASES.map(headerCheck));
