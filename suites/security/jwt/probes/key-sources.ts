/**
 * Probes on where the verification key comes from: the public key used as an HMAC secret, a key embedded in the
 * token, a key set the token points at (watched by a loopback canary), and a `kid` that injects a key.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCanary, type CanaryHit } from '../lib/canary.js';
import { attackerKey, publicKeyEncodings } from '../lib/keys.js';
import { crafted, type ProbeSpec } from '../lib/probe.js';

/** How long a canary keeps listening after the last probe, for targets that fetch in the background. */
const CANARY_GRACE_MS = 300;

export const keyConfusion: ProbeSpec = {
  name: 'KEY-CONFUSION',
  title: 'HS256 signed with the RSA public key as the HMAC secret is refused (RS/HS confusion)',
  severity: 'critical',
  score: 9.8,
  cwe: 'CWE-327',
  checklist: '#10',
  references: 'CVE-2016-10555; RFC 8725 §2.1, §3.1',
  expected: "HS256 with the deployment's kid, signed with its RSA public key (SPKI PEM, PEM without the final newline, PKCS#1 PEM) as the HMAC secret: 401",
  remediation: {
    PROXY: 'Tie each key to one algorithm: JWKS keys verify RS256 only, and HS* is not in the allow-list of an RS256 deployment.',
    GO: 'In the key function return the RSA key only for RS* and the HMAC secret only for HS*; never turn a JWKS key into HMAC bytes.',
  },
  rationale:
    'The public key is public (the JWKS): a verifier that lets the token pick HS256 and then uses the RSA key material as the HMAC secret accepts tokens anyone can sign.',
  notApplicable: (target) =>
    target.jwt.kind === 'hs256'
      ? "not applicable: the target is configured with an HS256 secret, so there is no RSA public key to confuse with it (runs when the target is configured with JWT_PRIVATE_KEY/JWT_KID; proven against the local stack with jwt: 'rs256')"
      : undefined,
  plan: async (kit) => {
    const header = { alg: 'HS256', typ: 'JWT', ...(kit.header.kid ? { kid: kit.header.kid } : {}) };
    const claims = kit.forgedClaims;
    return {
      attempts: (publicKeyEncodings(kit.target) ?? []).map(({ label, secret }) =>
        crafted(`HS256 keyed with the public key (${label})`, {
          header,
          claims,
          signer: { hmac: secret },
          signedWith: `HMAC-SHA256 keyed with the RSA public key, ${label}`,
        }),
      ),
    };
  },
};

export const embeddedJwk: ProbeSpec = {
  name: 'EMBEDDED-JWK',
  title: 'a token carrying its own key in the `jwk` header is refused',
  severity: 'critical',
  score: 9.8,
  cwe: 'CWE-347',
  checklist: '#11',
  references: 'CVE-2018-0114; RFC 7515 §4.1.3; RFC 8725 §3.10',
  expected: "RS256 signed by an attacker key whose public JWK is in the token's `jwk` header (with the attacker's kid and with the deployment's kid): 401",
  remediation: {
    PROXY: 'Never verify with header-supplied keys (no jose EmbeddedJWK); resolve keys only from the configured secret or JWKS.',
    GO: 'Keep resolving keys from configuration only; ignore the `jwk` header.',
  },
  rationale: 'A token that brings its own key proves only that its author has some key: trusting it lets anyone sign as anyone.',
  plan: async (kit) => {
    const attacker = await attackerKey();
    const claims = kit.forgedClaims;
    const kids = [attacker.kid, ...(typeof kit.header.kid === 'string' ? [kit.header.kid] : [])];
    return {
      attempts: kids.map((kid) =>
        crafted(`jwk header with the attacker's key, kid ${kid === attacker.kid ? "the attacker's" : "the deployment's"}`, {
          header: { alg: 'RS256', typ: 'JWT', kid, jwk: attacker.jwk },
          claims,
          signer: { rsa: attacker.privateKey },
          signedWith: 'the attacker RSA key embedded in the header',
        }),
      ),
    };
  },
};

const describeHits = (hits: readonly CanaryHit[]) =>
  hits.map((hit) => `${hit.method} ${hit.path}${hit.userAgent ? ` (${hit.userAgent})` : ''}`).join(', ');

export const jkuX5u: ProbeSpec = {
  name: 'JKU-X5U',
  title: 'tokens pointing at an attacker key set (`jku`, `x5u`) are refused and nothing is fetched',
  severity: 'critical',
  score: 9.3,
  cwe: 'CWE-345',
  checklist: '#12',
  references: 'RFC 7515 §4.1.2, §4.1.5; RFC 8725 §3.10; PortSwigger "JWT header parameter injection"',
  expected: 'RS256 signed by an attacker key with `jku` (a key set) or `x5u` (a certificate URL) pointing at a loopback canary: 401, and the canary sees no request',
  remediation: {
    PROXY: 'Never dereference jku/x5u from a token; fetch keys only from the configured JWKS URL.',
    GO: 'Keep fetching JWKS only from the configured AUTH0 domain; ignore jku and x5u.',
  },
  rationale:
    'Following a URL from an unverified token lets an attacker supply the verification key (full forgery) and makes the server issue requests of the attacker\'s choosing (SSRF into internal networks).',
  plan: async (kit) => {
    const attacker = await attackerKey();
    const canary = await startCanary({ keys: [attacker.jwk] });
    kit.ctx.note(`canary listening on ${canary.url}: it serves the attacker's key set to anyone who asks and records every request`);
    const claims = kit.forgedClaims;
    const pointingAt = (parameter: 'jku' | 'x5u', path: string) =>
      crafted(`${parameter} pointing at the canary`, {
        header: { alg: 'RS256', typ: 'JWT', kid: attacker.kid, [parameter]: `${canary.url}${path}` },
        claims,
        signer: { rsa: attacker.privateKey },
        signedWith: "the attacker's RSA key (the canary serves its public half)",
      });
    return {
      attempts: [pointingAt('jku', '/.well-known/jwks.json'), pointingAt('x5u', '/attacker-cert.pem')],
      after: async () => {
        await sleep(CANARY_GRACE_MS);
        const hits = canary.hits();
        kit.ctx.metric('canaryRequests', hits.length);
        if (hits.length === 0) return [];
        kit.ctx.note(`canary requests: ${describeHits(hits)}`);
        return [`${kit.side.name} fetched the attacker-controlled URL named in the token header (${hits.length} request${hits.length > 1 ? 's' : ''}: ${describeHits(hits)}): key injection and SSRF`];
      },
      dispose: () => canary.close(),
    };
  },
};

export const kidInjection: ProbeSpec = {
  name: 'KID-INJECTION',
  title: '`kid` path traversal, SQL injection and unknown kids are refused without a server error',
  severity: 'critical',
  score: 9.1,
  cwe: 'CWE-347',
  checklist: '#13',
  references: 'RFC 7515 §4.1.4; RFC 8725 §3.10; CWE-22; CWE-89',
  expected: "kid ../../../../../../dev/null with an HMAC over the empty key, kid ' UNION SELECT 'k'-- with the HMAC key 'k', and an unknown kid on an untrusted RSA signature: 401, never 5xx",
  remediation: {
    PROXY: 'Use kid only to select among keys already loaded from configuration; never as a file path, query or URL.',
    GO: 'Keep kid a lookup key into the JWKS cache only; never read key material from a path or a database keyed by kid.',
  },
  rationale:
    'A kid that reaches a file read or a query lets the attacker choose the key (an empty file, a value returned by UNION SELECT); an unknown kid must fail cleanly, not crash or hang the key lookup.',
  plan: async (kit) => {
    const attacker = await attackerKey();
    const claims = kit.forgedClaims;
    const unknownKid = `tbv-unknown-${randomBytes(4).toString('hex')}`;
    return {
      attempts: [
        crafted('kid path traversal to /dev/null, empty HMAC key', {
          header: { alg: 'HS256', typ: 'JWT', kid: '../../../../../../dev/null' },
          claims,
          signer: { hmac: '' },
          signedWith: 'HMAC-SHA256 with "" (the content of /dev/null)',
        }),
        crafted("kid SQL injection returning 'k'", {
          header: { alg: 'HS256', typ: 'JWT', kid: "' UNION SELECT 'k'--" },
          claims,
          signer: { hmac: 'k' },
          signedWith: "HMAC-SHA256 with 'k' (what the injected query returns)",
        }),
        crafted('unknown kid, untrusted RSA key', {
          header: { alg: 'RS256', typ: 'JWT', kid: unknownKid },
          claims,
          signer: { rsa: attacker.privateKey },
          signedWith: "the attacker's RSA key",
        }),
      ],
    };
  },
};
