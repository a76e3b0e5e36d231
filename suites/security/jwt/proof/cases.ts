/**
 * What each defect must do to the JWT catalogue: exactly which checks fail, and why (a pattern every failure message
 * matches). Go API faults and proxy faults of the same family share a run: the proxy probes send `tools/list`, which
 * never reaches the Go API, so a Go fault cannot move a proxy check and a proxy fault cannot move a Go check.
 */
import type { Tamper, UpstreamResponse } from '../../../../stand-ins/tamper/tamper-front.js';
import type { ProofCase } from '../../../../proofs/proof-case.js';
import type { ProofOptions } from '../../../../proofs/run-against.js';
import { PROBES } from '../probes/index.js';
import type { SideKey } from '../lib/sides.js';

export type JwtMode = 'hs256' | 'rs256';

export interface JwtProofCase extends ProofCase {
  readonly mode: JwtMode;
  readonly options: ProofOptions;
  /** every failure message matches this (the failure is the defect's, not an accident) */
  readonly because: RegExp;
  /** checks that are skipped in this run on top of the mode's baseline (e.g. a refused control) */
  readonly alsoSkipped?: readonly string[];
}

const NAMES = PROBES.map((probe) => probe.name);
const id = (side: SideKey, name: string): string => {
  if (!NAMES.includes(name)) throw new Error(`unknown probe ${name}`);
  return `SEC-JWT-${side}-${name}`;
};
const proxy = (...names: string[]) => names.map((name) => id('PROXY', name));
const go = (...names: string[]) => names.map((name) => id('GO', name));
const both = (...names: string[]) => [...proxy(...names), ...go(...names)];
const allBut = (side: SideKey, ...excluded: string[]) => NAMES.filter((name) => !excluded.includes(name)).map((name) => id(side, name));

export const ALL_IDS: readonly string[] = [...allBut('PROXY'), ...allBut('GO')];

/**
 * What the correct stack reports besides passes. HS256: no public key to confuse (both KEY-CONFUSION skipped); the
 * Go API's documented leniencies warned: exp optional, iss/aud unchecked without AUTH0, crit ignored, HS384/HS512.
 * RS256 (AUTH0 on): iss/aud are checked, so only exp, crit and RS384/RS512 remain.
 */
export const BASELINE_OTHER: Readonly<Record<JwtMode, Readonly<Record<string, 'warned' | 'skipped'>>>> = {
  hs256: {
    [id('PROXY', 'KEY-CONFUSION')]: 'skipped',
    [id('GO', 'KEY-CONFUSION')]: 'skipped',
    [id('GO', 'MISSING-EXP')]: 'warned',
    [id('GO', 'WRONG-ISSUER')]: 'warned',
    [id('GO', 'WRONG-AUDIENCE')]: 'warned',
    [id('GO', 'CRIT-UNKNOWN')]: 'warned',
    [id('GO', 'ALG-VARIANT')]: 'warned',
  },
  rs256: {
    [id('GO', 'MISSING-EXP')]: 'warned',
    [id('GO', 'CRIT-UNKNOWN')]: 'warned',
    [id('GO', 'ALG-VARIANT')]: 'warned',
  },
};

/** Every 401 becomes a 500 (the target crashes where it should refuse). */
const unauthorizedBecomes500: (when: Tamper['when']) => Tamper = (when) => ({
  when,
  rewrite: (response: UpstreamResponse) => {
    if (response.status !== 401) return;
    response.status = 500;
    response.body = 'internal error';
    delete response.headers['www-authenticate'];
  },
});

export const PROOF_CASES: readonly JwtProofCase[] = [
  {
    defect: 'signatures are not verified (Go acceptAnyJwtSignature, proxy skipJwtVerification)',
    mode: 'hs256',
    options: { goFaults: { acceptAnyJwtSignature: true }, proxyFaults: { skipJwtVerification: true } },
    failed: [
      // The proxy only decodes: every token with a decodable payload and a subject gets in. Not failing: no token,
      // wrong schemes and the query token never yield a token to decode.
      ...allBut('PROXY', 'MISSING-TOKEN', 'WRONG-SCHEME', 'QUERY-TOKEN', 'KEY-CONFUSION', 'MISSING-SUB'),
      // The Go API still parses strictly, rejects alg none (its own fault) and checks claims; the posture checks fail
      // through their forged-signature variants.
      ...go(
        'PAYLOAD-TAMPERED',
        'SIG-STRIPPED',
        'SIG-CORRUPTED',
        'EMPTY-SECRET',
        'WEAK-SECRET',
        'EMBEDDED-JWK',
        'JKU-X5U',
        'KID-INJECTION',
        'PSYCHIC-SIG',
        'WRONG-ISSUER',
        'WRONG-AUDIENCE',
        'UNTRUSTED-KEY',
        'CRIT-UNKNOWN',
        'OVERSIZED',
        'TOKEN-ECHO',
        'ALG-VARIANT',
      ),
    ],
    because: /the token was accepted/,
  },
  {
    defect: "the Go API accepts alg 'none' (acceptAlgNone)",
    mode: 'hs256',
    options: { goFaults: { acceptAlgNone: true } },
    failed: go('ALG-NONE'),
    because: /alg "(none|None|NONE|nOnE)".*the token was accepted/,
  },
  {
    defect: 'time claims ignored (Go acceptExpiredTokens) or an hour of tolerance (proxy hourClockTolerance)',
    mode: 'hs256',
    options: { goFaults: { acceptExpiredTokens: true }, proxyFaults: { hourClockTolerance: true } },
    // The Go echo probe presents a token expired a day ago; the hour tolerance still refuses that one.
    failed: [...both('EXPIRED', 'NOT-YET-VALID'), ...go('MISSING-EXP', 'TOKEN-ECHO')],
    because: /(expired|nbf) .*the token was accepted/,
  },
  {
    defect: 'the proxy accepts tokens without exp (expOptional)',
    mode: 'hs256',
    options: { proxyFaults: { expOptional: true } },
    failed: proxy('MISSING-EXP'),
    because: /no exp claim: answered 200/,
  },
  {
    defect: 'a key embedded in the token is trusted (trustEmbeddedJwk on both)',
    mode: 'hs256',
    options: { goFaults: { trustEmbeddedJwk: true }, proxyFaults: { trustEmbeddedJwk: true } },
    failed: both('EMBEDDED-JWK'),
    because: /jwk header with the attacker's key.*the token was accepted/,
  },
  {
    defect: 'the key set named by jku is fetched and trusted (fetchJku on both)',
    mode: 'hs256',
    options: { goFaults: { fetchJku: true }, proxyFaults: { fetchJku: true } },
    failed: both('JKU-X5U'),
    because: /fetched the attacker-controlled URL named in the token header/,
  },
  {
    defect: 'the Go API reads the HMAC key from the file named by kid (kidAsKeyFile)',
    mode: 'hs256',
    options: { goFaults: { kidAsKeyFile: true } },
    failed: go('KID-INJECTION'),
    because: /kid path traversal to \/dev\/null.*the token was accepted/,
  },
  {
    defect: 'the token is taken from ?access_token= (proxy tokenInQuery, Go acceptQueryToken)',
    mode: 'hs256',
    options: { proxyFaults: { tokenInQuery: true }, goFaults: { acceptQueryToken: true } },
    failed: both('QUERY-TOKEN'),
    because: /access_token= only: answered 20[01]/,
  },
  {
    defect: 'no token needed: the Go API in DevMode (ENV=dev) takes X-Debug-Sub, the proxy serves anonymous callers (allowAnonymous)',
    mode: 'hs256',
    options: { goEnv: { ENV: 'dev' }, proxyFaults: { allowAnonymous: true } },
    // the query-token probe sends no Authorization header either, so the anonymous proxy serves it too
    failed: [...proxy('MISSING-TOKEN', 'QUERY-TOKEN'), ...go('MISSING-TOKEN')],
    because: /(no Authorization header|X-Debug-Sub set|access_token= only): answered 20[01]/,
  },
  {
    defect: 'the last word of any Authorization header is taken as the token (lenientAuthScheme on both)',
    mode: 'hs256',
    options: { goFaults: { lenientAuthScheme: true }, proxyFaults: { lenientAuthScheme: true } },
    failed: both('WRONG-SCHEME'),
    because: /(Basic scheme carrying the valid token|two tokens after Bearer): answered 20[01]/,
  },
  {
    defect: 'a token without a usable sub acts as a shared user (defaultSubject on both)',
    mode: 'hs256',
    options: { goFaults: { defaultSubject: true }, proxyFaults: { defaultSubject: true } },
    failed: both('MISSING-SUB'),
    because: /(no sub claim|empty sub|numeric sub): answered 20[01]/,
  },
  {
    defect: 'the Go API answers 500 to tokens it cannot parse (malformedTokenCrashes)',
    mode: 'hs256',
    options: { goFaults: { malformedTokenCrashes: true } },
    // "Bearer <token> <token>" reaches the parser as one string with a space: unparseable, so a crash too
    failed: go('MALFORMED', 'WRONG-SCHEME'),
    because: /answered 500/,
  },
  {
    defect: 'the Authorization header is repeated in the 401 answer (echoTokenIn401 on both)',
    mode: 'hs256',
    options: { proxyFaults: { echoTokenIn401: true }, goFaults: { echoTokenIn401: true } },
    crossCutting: true,
    ownDefectOf: both('TOKEN-ECHO'),
    // Every probe that presents an Authorization header; no header (missing, query) leaves nothing to echo.
    failed: [...allBut('PROXY', 'MISSING-TOKEN', 'QUERY-TOKEN', 'KEY-CONFUSION'), ...allBut('GO', 'MISSING-TOKEN', 'QUERY-TOKEN', 'KEY-CONFUSION')],
    because: /the presented credential is reflected in the body/,
  },
  {
    defect: 'the proxy 401 challenge lacks resource_metadata (noResourceMetadata)',
    mode: 'hs256',
    options: { proxyFaults: { noResourceMetadata: true } },
    crossCutting: true,
    failed: allBut('PROXY', 'KEY-CONFUSION'),
    because: /the Bearer challenge carries no resource_metadata/,
  },
  {
    defect: 'the proxy does not check aud (skipAudienceCheck)',
    mode: 'hs256',
    options: { proxyFaults: { skipAudienceCheck: true } },
    failed: proxy('WRONG-AUDIENCE'),
    because: /aud.*answered 200: the token was accepted/,
  },
  {
    defect: 'a weak HS256 secret ("changeme") on the Go API; the proxy keeps its own strong secret',
    mode: 'hs256',
    options: { secrets: { jwtSecret: 'changeme' }, proxyEnv: { TOOLBRIDGE_JWT_HS256_SECRET: 'p'.repeat(64) } },
    failed: go('WEAK-SECRET'),
    because: /common secret #3: answered 201: the token was accepted.*only 8 bytes/,
    // the verifier's tokens are signed with "changeme", which the proxy refuses: every proxy probe is untestable
    alsoSkipped: allBut('PROXY'),
  },
  {
    defect: 'RS/HS key confusion: HS256 verified with the JWKS public key (hsWithPublicKey on both)',
    mode: 'rs256',
    options: { jwt: 'rs256', goFaults: { hsWithPublicKey: true }, proxyFaults: { hsWithPublicKey: true } },
    failed: both('KEY-CONFUSION'),
    because: /HS256 keyed with the public key \(SPKI PEM, as OpenSSL prints it\).*the token was accepted/,
  },
  {
    defect: 'issuer and audience unchecked with AUTH0 on (Go ignoreIssuerAudience, proxy skipIssuerCheck)',
    mode: 'rs256',
    options: { jwt: 'rs256', goFaults: { ignoreIssuerAudience: true }, proxyFaults: { skipIssuerCheck: true } },
    failed: [...both('WRONG-ISSUER'), ...go('WRONG-AUDIENCE')],
    because: /(iss|aud).*the token was accepted/,
  },
  {
    defect: 'every 401 of the proxy and of the Go API becomes a 500 (tamper fronts)',
    mode: 'hs256',
    crossCutting: true,
    options: {
      tamper: {
        proxy: [unauthorizedBecomes500((_method, path) => path === '/mcp')],
        goApi: [unauthorizedBecomes500((method, path) => method === 'POST' && path === '/v1/sync/sessions')],
      },
    },
    // Every refusal turned into a crash: each probe tells a refusal from a server error.
    failed: [...allBut('PROXY', 'KEY-CONFUSION'), ...allBut('GO', 'KEY-CONFUSION')],
    because: /answered 500 \(a server error instead of a refusal\)/,
  },
];
