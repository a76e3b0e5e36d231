/**
 * Probes on the claims of correctly signed tokens: expiry, not-before, a missing exp, issuer, audience, and an
 * unknown critical header. Each token is signed with the target's own key and differs from a valid one by exactly
 * what the probe changes, so only the claim decides.
 */
import type { TargetSpec } from '../../../../framework/target/spec.js';
import type { JsonObject } from '../../../shared/jwt-craft.js';
import { untrustedSigner } from '../lib/keys.js';
import { crafted, signedByTarget, type Attempt, type ProbeKit, type ProbeSpec } from '../lib/probe.js';
import type { Side } from '../lib/sides.js';

/**
 * The largest clock tolerance this suite accepts on the proxy. The proxy defaults to 5 s
 * (TOOLBRIDGE_JWT_CLOCK_TOLERANCE_S, at most 300 s); RFC 8725 fixes no value and common libraries use 0–60 s.
 */
export const PROXY_MAX_TOLERANCE_S = 60;
/** margin beyond the tolerance for clock differences between the verifier and the proxy (the proxy publishes no clock) */
const PROXY_MARGIN_S = 5;
/** the Go API has no leeway (contract §4); its clock is read from /v1/sync/info, so 2 s is enough */
const GO_EXPIRED_S = 2;
/** nbf ahead of the Go clock: enough to stay in the future while the request travels */
const GO_NOT_BEFORE_S = 5;
const DAY_S = 86_400;
const BEYOND_TOLERANCE_S = PROXY_MAX_TOLERANCE_S + PROXY_MARGIN_S;
const ATTACKER = 'https://attacker.example/';

/** Offsets (seconds) that are past every tolerance this side may have. */
const expiryOffsets = (side: Side): number[] => (side.key === 'GO' ? [GO_EXPIRED_S, BEYOND_TOLERANCE_S, DAY_S] : [BEYOND_TOLERANCE_S, DAY_S]);
const notBeforeOffsets = (side: Side): number[] => (side.key === 'GO' ? [GO_NOT_BEFORE_S, BEYOND_TOLERANCE_S, DAY_S] : [BEYOND_TOLERANCE_S, DAY_S]);
const ago = (seconds: number) => (seconds === DAY_S ? 'a day' : `${seconds} s`);

/** Without AUTH0 the Go API checks neither iss nor aud (contract §4); an HS256 target is taken to run that way. */
const goChecksIssuerAudience = (target: TargetSpec) => target.jwt.kind === 'rs256';

export const expired: ProbeSpec = {
  name: 'EXPIRED',
  title: 'expired tokens are refused',
  severity: 'high',
  score: 7.5,
  cwe: 'CWE-613',
  checklist: '#15',
  references: 'RFC 7519 §4.1.4; RFC 8725 §3.10',
  expected: {
    PROXY: `tokens expired ${BEYOND_TOLERANCE_S} s ago (beyond the ${PROXY_MAX_TOLERANCE_S} s clock tolerance this suite accepts; the proxy's default is 5 s) and a day ago: 401`,
    GO: `tokens expired ${GO_EXPIRED_S} s, ${BEYOND_TOLERANCE_S} s and a day ago on the Go API's own clock: 401 (no leeway, contract §4)`,
  },
  remediation: {
    PROXY: 'Check exp with a small clock tolerance (TOOLBRIDGE_JWT_CLOCK_TOLERANCE_S, a few seconds).',
    GO: 'Keep golang-jwt exp validation (no leeway, or a few seconds with jwt.WithLeeway).',
  },
  rationale: 'Expiry bounds how long a leaked or stolen token is useful; a large tolerance or none at all makes every token permanent.',
  plan: async (kit) => {
    const nowS = await kit.nowS();
    return {
      attempts: expiryOffsets(kit.side).map((offset) =>
        signedByTarget(kit, `expired ${ago(offset)} ago`, kit.header, { ...kit.claims, iat: nowS - offset - 600, exp: nowS - offset }),
      ),
    };
  },
};

export const notYetValid: ProbeSpec = {
  name: 'NOT-YET-VALID',
  title: 'tokens whose nbf lies in the future are refused',
  severity: 'high',
  score: 7.0,
  cwe: 'CWE-613',
  checklist: '#16',
  references: 'RFC 7519 §4.1.5',
  expected: {
    PROXY: `nbf ${BEYOND_TOLERANCE_S} s and a day ahead (beyond the ${PROXY_MAX_TOLERANCE_S} s tolerance this suite accepts): 401`,
    GO: `nbf ${GO_NOT_BEFORE_S} s, ${BEYOND_TOLERANCE_S} s and a day ahead of the Go API's own clock: 401 (no leeway, contract §4)`,
  },
  remediation: {
    PROXY: 'Check nbf with the same small clock tolerance as exp.',
    GO: 'Keep golang-jwt nbf validation.',
  },
  rationale: 'Tokens minted for later (pre-issued, or by a clock-skewed issuer) must not work before their time; ignoring nbf also signals that time claims are not checked at all.',
  plan: async (kit) => {
    const nowS = await kit.nowS();
    return {
      attempts: notBeforeOffsets(kit.side).map((offset) =>
        signedByTarget(kit, `nbf ${ago(offset)} ahead`, kit.header, { ...kit.claims, iat: nowS, nbf: nowS + offset, exp: nowS + offset + 600 }),
      ),
    };
  },
};

export const missingExp: ProbeSpec = {
  name: 'MISSING-EXP',
  title: 'tokens without exp are refused',
  severity: 'high',
  score: 7.5,
  cwe: 'CWE-613',
  checklist: '#17',
  references: 'RFC 8725 §3.10; MCP authorization (token lifetime)',
  expected: {
    PROXY: 'a correctly signed token without exp: 401',
    GO: `documented posture (contract §4, §16.5): a correctly signed token without exp is accepted and reported as a warning; a token expired ${BEYOND_TOLERANCE_S} s ago must still be refused (401)`,
  },
  posture: { GO: true },
  remediation: {
    PROXY: "Require exp (jose requiredClaims ['exp', 'sub']).",
    GO: 'Require exp: jwt.WithExpirationRequired() in the parser options; until then the proxy refuses such tokens before they reach the Go API.',
  },
  rationale: 'A token without exp never expires: once leaked it works forever, and no rotation short of changing the key revokes it.',
  plan: async (kit) => {
    const { exp: _exp, ...withoutExp } = kit.claims;
    const noExp = signedByTarget(kit, 'no exp claim', kit.header, withoutExp, {
      ...(kit.side.key === 'GO' ? { posture: 'the Go API accepts tokens without exp; they never expire (contract §4)' } : {}),
    });
    if (kit.side.key !== 'GO') return { attempts: [noExp] };
    const nowS = await kit.nowS();
    const expiredToken = signedByTarget(kit, `expired ${BEYOND_TOLERANCE_S} s ago (worse than documented if accepted)`, kit.header, {
      ...kit.claims,
      exp: nowS - BEYOND_TOLERANCE_S,
    });
    return { attempts: [expiredToken, noExp] };
  },
};

export const missingSubject: ProbeSpec = {
  name: 'MISSING-SUB',
  title: 'tokens without a usable subject are refused',
  severity: 'high',
  score: 7.5,
  cwe: 'CWE-287',
  checklist: '(identity; contract §4: sub must be a non-empty string)',
  references: 'RFC 7519 §4.1.2',
  expected: 'correctly signed tokens without sub, with an empty sub, and with a numeric sub: 401',
  remediation: {
    PROXY: "Require a non-empty string sub (jose requiredClaims ['sub'] plus a type check) before acting for a caller.",
    GO: 'Keep refusing tokens whose sub is not a non-empty string (contract §4); never fall back to a default or shared user.',
  },
  rationale: 'Data is scoped by sub alone (contract §9): a token without one must not map to an empty, default or shared identity whose data every such token would see.',
  plan: async (kit) => {
    const { sub: _sub, ...withoutSub } = kit.claims;
    return {
      attempts: [
        signedByTarget(kit, 'no sub claim', kit.header, withoutSub),
        signedByTarget(kit, 'empty sub', kit.header, { ...kit.claims, sub: '' }),
        signedByTarget(kit, 'numeric sub', kit.header, { ...kit.claims, sub: 42 }),
      ],
    };
  },
};

/** Variants of one claim, plus (where the Go API ignores that claim by design) the documented-posture handling. */
async function claimProbe(kit: ProbeKit, claim: 'iss' | 'aud', variants: readonly [string, JsonObject][]): Promise<Attempt[]> {
  const ignoredByDesign = kit.side.key === 'GO' && !goChecksIssuerAudience(kit.target);
  const other = claim === 'iss' ? 'another issuer' : 'another audience';
  const posture = ignoredByDesign ? `without AUTH0 the Go API checks no ${claim} (contract §4): tokens signed with the shared secret for ${other} are accepted` : undefined;
  const attempts = variants.map(([label, claims]) => signedByTarget(kit, label, kit.header, claims, posture ? { posture } : {}));
  if (!ignoredByDesign) return attempts;
  // Ignoring the claim is documented; accepting such a token with a forged signature is worse than the real API.
  const [label, claims] = variants[0]!;
  const forged = crafted(`${label}, untrusted key (worse than documented if accepted)`, {
    header: kit.header,
    claims: { ...claims, sub: kit.forgedSub },
    signer: await untrustedSigner(kit.target),
    signedWith: 'an untrusted key',
  });
  return [...attempts, forged];
}

const toggleSlash = (issuer: string) => (issuer.endsWith('/') ? issuer.slice(0, -1) : `${issuer}/`);

export const wrongIssuer: ProbeSpec = {
  name: 'WRONG-ISSUER',
  title: 'tokens from another issuer are refused',
  severity: 'high',
  score: 8.1,
  cwe: 'CWE-287',
  checklist: '#18',
  references: 'RFC 7519 §4.1.1; RFC 8725 §3.8',
  expected: {
    PROXY: "correctly signed tokens with iss of another issuer, without iss, and with the configured issuer's trailing slash toggled: 401",
    GO: 'with AUTH0 on (RS256 targets): the same tokens are refused (401, iss must equal https://<AUTH0_DOMAIN>/). Without AUTH0 (HS256 targets) iss is ignored by design: acceptance is a documented posture finding (warned), but a forged signature is still refused',
  },
  posture: { GO: true },
  remediation: {
    PROXY: 'Configure TOOLBRIDGE_JWT_ISSUER and verify iss on every token.',
    GO: 'Configure AUTH0_DOMAIN/AUTH0_AUDIENCE so iss is checked, or let only the proxy (which checks iss) reach the Go API.',
  },
  rationale: 'Without an issuer check, any token signed with a shared key or by another tenant of the same identity provider is accepted.',
  notApplicable: (target) => (target.issuer ? undefined : 'not applicable: the target configures no issuer (JWT_ISSUER)'),
  plan: async (kit) => {
    const issuer = String(kit.claims.iss ?? kit.target.issuer);
    const { iss: _iss, ...withoutIss } = kit.claims;
    return {
      attempts: await claimProbe(kit, 'iss', [
        ['iss of another issuer', { ...kit.claims, iss: ATTACKER }],
        ['no iss claim', withoutIss],
        ['iss with its trailing slash toggled', { ...kit.claims, iss: toggleSlash(issuer) }],
      ]),
    };
  },
};

export const wrongAudience: ProbeSpec = {
  name: 'WRONG-AUDIENCE',
  title: 'tokens for another audience are refused',
  severity: 'high',
  score: 8.1,
  cwe: 'CWE-287',
  checklist: '#19',
  references: 'RFC 7519 §4.1.3; RFC 8707; MCP authorization (token audience binding, MUST)',
  expected: {
    PROXY: 'correctly signed tokens with aud of another resource, without aud, and with an audience array lacking the configured one: 401',
    GO: 'with AUTH0 on (RS256 targets): the same tokens are refused (401). Without AUTH0 (HS256 targets) aud is ignored by design: acceptance is a documented posture finding (warned), but a forged signature is still refused',
  },
  posture: { GO: true },
  remediation: {
    PROXY: 'Configure TOOLBRIDGE_JWT_AUDIENCE and verify aud on every token (MCP: tokens must be issued for this resource).',
    GO: 'Configure AUTH0_AUDIENCE so aud is checked, or let only the proxy (which checks aud) reach the Go API.',
  },
  rationale: 'A token issued for another API must not work here (token passthrough / confused deputy): the MCP authorization spec requires audience validation.',
  notApplicable: (target) => (target.audience ? undefined : 'not applicable: the target configures no audience (JWT_AUDIENCE)'),
  plan: async (kit) => {
    const { aud: _aud, ...withoutAud } = kit.claims;
    return {
      attempts: await claimProbe(kit, 'aud', [
        ['aud of another resource', { ...kit.claims, aud: `${ATTACKER}api` }],
        ['no aud claim', withoutAud],
        ['aud array without the configured audience', { ...kit.claims, aud: ['other-api', `${ATTACKER}api`] }],
      ]),
    };
  },
};

const UNKNOWN_EXTENSION = 'x-tbv-unknown';

export const critUnknown: ProbeSpec = {
  name: 'CRIT-UNKNOWN',
  title: 'tokens with an unknown critical header extension are refused',
  severity: 'medium',
  score: 5.3,
  cwe: 'CWE-345',
  checklist: '#21',
  references: 'RFC 7515 §4.1.11 (crit: recipients MUST reject unknown extensions)',
  expected: {
    PROXY: `a correctly signed token with crit ["${UNKNOWN_EXTENSION}"]: 401`,
    GO: `documented posture (golang-jwt v5 ignores crit): a correctly signed token with crit ["${UNKNOWN_EXTENSION}"] is accepted and reported as a warning; the same token with a forged signature: 401`,
  },
  posture: { GO: true },
  remediation: {
    PROXY: 'Keep a JOSE library that enforces crit (jose does) and list only the extensions you implement.',
    GO: 'Reject tokens whose header has crit (the deployment uses no extensions) in the key function; golang-jwt does not check it.',
  },
  rationale: 'crit marks header parameters the issuer requires the recipient to understand; ignoring it means processing a token under semantics the issuer forbade.',
  plan: async (kit) => {
    const header = { ...kit.header, crit: [UNKNOWN_EXTENSION], [UNKNOWN_EXTENSION]: true };
    const signed = signedByTarget(kit, 'crit with an unknown extension', header, kit.claims, {
      ...(kit.side.key === 'GO' ? { posture: 'the Go API ignores the crit header (golang-jwt v5), against RFC 7515 §4.1.11' } : {}),
    });
    if (kit.side.key !== 'GO') return { attempts: [signed] };
    const forged = crafted('crit with an unknown extension, untrusted key (worse than documented if accepted)', {
      header,
      claims: kit.forgedClaims,
      signer: await untrustedSigner(kit.target),
      signedWith: 'an untrusted key',
    });
    return { attempts: [signed, forged] };
  },
};
