/**
 * Probes on the signature: unsigned tokens, stripped, corrupted and reused signatures, guessable HMAC keys, a key
 * nobody trusts, the psychic ECDSA signature, and algorithms outside the allow-list.
 */
import { flipSignatureBit, truncateSignature, type JsonObject } from '../../../shared/jwt-craft.js';
import { familyOf, untrustedSigner } from '../lib/keys.js';
import { bearer, crafted, signedByTarget, type Attempt, type ProbeSpec } from '../lib/probe.js';

/** Secrets people ship: the Go API's default, the app's name, and the top of jwt_tool's jwt-common.txt. */
export const WEAK_SECRETS = ['secret', 'password', 'changeme', 'toolbridge', 'dev-secret-change-in-production', 'jwt-secret'] as const;
/** RFC 7518 §3.2: an HS256 key must be at least 256 bits. */
const MIN_HMAC_SECRET_BYTES = 32;

export const algNone: ProbeSpec = {
  name: 'ALG-NONE',
  title: 'unsigned tokens (alg "none" in any casing) are refused',
  severity: 'critical',
  score: 9.8,
  cwe: 'CWE-347',
  checklist: '#4',
  references: 'RFC 8725 §2.1, §3.1; CVE-2015-2951',
  expected: 'alg none, None, NONE and nOnE with an empty signature (trailing dot), claiming another subject: 401',
  remediation: {
    PROXY: 'Verify with an explicit algorithm allow-list (HS256 or RS256) and never accept `none`.',
    GO: 'Keep the key function rejecting every alg outside HMAC/RSA (contract §4); never enable golang-jwt\'s UnsafeAllowNoneSignatureType.',
  },
  rationale: 'A verifier that honours alg "none" accepts tokens anyone can write: full impersonation of any user without a key.',
  plan: async (kit) => ({
    attempts: ['none', 'None', 'NONE', 'nOnE'].map((alg) =>
      crafted(`alg "${alg}", empty signature`, {
        header: { ...kit.header, alg },
        claims: kit.forgedClaims,
        signer: { raw: Buffer.alloc(0) },
        signedWith: 'nothing (empty signature, trailing dot)',
      }),
    ),
  }),
};

export const signatureStripped: ProbeSpec = {
  name: 'SIG-STRIPPED',
  title: 'a valid token with its signature removed is refused',
  severity: 'critical',
  score: 9.8,
  cwe: 'CWE-347',
  checklist: '#5',
  references: 'RFC 7515 §5.2; CVE-2020-28042 (null signature)',
  expected: 'the valid token as `header.payload.` (original alg, empty signature): 401',
  remediation: {
    PROXY: 'Always verify the signature bytes against the key; an empty signature must fail verification.',
    GO: 'Keep golang-jwt signature verification; an empty signature must never pass.',
  },
  rationale: 'Some verifiers skip the comparison when the signature is empty, so any payload with a real header passes.',
  plan: async ({ control }) => {
    const [h, p] = control.split('.');
    return { attempts: [bearer('original alg, signature removed (header.payload.)', `${h}.${p}.`)] };
  },
};

export const signatureCorrupted: ProbeSpec = {
  name: 'SIG-CORRUPTED',
  title: 'a valid token with a bit-flipped or truncated signature is refused',
  severity: 'critical',
  score: 9.1,
  cwe: 'CWE-347',
  checklist: '#7',
  references: 'RFC 7515 §5.2',
  expected: 'the valid token with one signature bit flipped, with 3 signature bytes dropped, and with half its signature: 401',
  remediation: {
    PROXY: 'Compare the full signature (constant time, equal length) and refuse any mismatch.',
    GO: 'Keep full-length HMAC/RSA verification (hmac.Equal / rsa.VerifyPKCS1v15).',
  },
  rationale: 'A comparison that stops early or checks a prefix accepts signatures an attacker can brute-force byte by byte.',
  plan: async ({ control }) => {
    const half = Math.floor(Buffer.from(control.split('.')[2] ?? '', 'base64url').length / 2);
    return {
      attempts: [
        bearer('one signature bit flipped', flipSignatureBit(control)),
        bearer('last 3 signature bytes dropped', truncateSignature(control, 3)),
        bearer('half the signature', truncateSignature(control, half)),
      ],
    };
  },
};

export const payloadTampered: ProbeSpec = {
  name: 'PAYLOAD-TAMPERED',
  title: 'a payload edited after signing is refused',
  severity: 'critical',
  score: 9.8,
  cwe: 'CWE-345',
  checklist: '#6',
  references: 'RFC 7515 §5.2',
  expected: 'the valid header and signature with `sub` changed, a `tenant_id` added, and an admin role added: 401',
  remediation: {
    PROXY: 'Verify the signature over the exact header and payload bytes received, before reading any claim.',
    GO: 'Keep verifying before reading claims; never take `sub` from a token whose signature was not checked.',
  },
  rationale: 'If claims are read without checking the signature over them, anyone holding one valid token becomes any user, tenant or role.',
  plan: async (kit) => {
    const [h, , s] = kit.control.split('.');
    const edit = (label: string, claims: JsonObject): Attempt =>
      bearer(label, `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`, {
        describe: `claims ${JSON.stringify(claims)}, header and signature of the valid token`,
      });
    return {
      attempts: [
        edit('sub changed, original signature', kit.forgedClaims),
        edit('tenant_id added, original signature', { ...kit.claims, tenant_id: 'tbv-other-tenant' }),
        edit('admin role added, original signature', { ...kit.claims, role: 'admin', scope: 'admin' }),
      ],
    };
  },
};

export const emptySecret: ProbeSpec = {
  name: 'EMPTY-SECRET',
  title: 'an HS256 token signed with the empty string is refused',
  severity: 'critical',
  score: 9.8,
  cwe: 'CWE-347',
  checklist: '#8',
  references: 'CVE-2019-20933; CVE-2020-28637; RFC 7518 §3.2',
  expected: 'HS256 signed with an empty key, claiming another subject: 401',
  remediation: {
    PROXY: 'Refuse to start without a configured secret of at least 32 bytes (config.ts does) and never verify with an empty key.',
    GO: 'Set JWT_HS256_SECRET to a random value of at least 32 bytes; the Go API treats an empty value as unset (contract §1).',
  },
  rationale: 'An unset secret that silently becomes the empty string lets anyone sign valid tokens.',
  plan: async (kit) => ({
    attempts: [
      crafted('HS256 with the empty key', {
        header: { alg: 'HS256', typ: 'JWT' },
        claims: kit.forgedClaims,
        signer: { hmac: '' },
        signedWith: 'HMAC-SHA256 with ""',
      }),
    ],
  }),
};

export const weakSecret: ProbeSpec = {
  name: 'WEAK-SECRET',
  title: 'HS256 tokens signed with common weak secrets are refused',
  severity: 'critical',
  score: 9.1,
  cwe: 'CWE-1391',
  checklist: '#9',
  references: 'RFC 7518 §3.2; RFC 8725 §3.5; jwt_tool jwt-common.txt',
  // The words are not spelled out here: on a target that uses one, the report would otherwise carry its secret.
  expected: `HS256 signed with each of ${WEAK_SECRETS.length} common secrets (the Go API's default, the app's name, the top of jwt_tool's jwt-common.txt; listed in suites/security/jwt/probes/signature.ts): 401; an HS256 secret the verifier was configured with is at least ${MIN_HMAC_SECRET_BYTES} bytes`,
  remediation: {
    PROXY: 'Use a random secret of at least 32 bytes (openssl rand -hex 32), stored as a Fly secret, shared only with the Go API.',
    GO: 'Set JWT_HS256_SECRET to a random value of at least 32 bytes (openssl rand -hex 32); never the default or a word.',
  },
  rationale: 'A guessable HMAC secret is a published key: it is cracked offline (hashcat -m 16500) from any token, and then every token can be forged.',
  plan: async (kit) => ({
    attempts: WEAK_SECRETS.map((secret, index) =>
      crafted(`HS256 with common secret #${index + 1}`, {
        header: { alg: 'HS256', typ: 'JWT' },
        claims: kit.forgedClaims,
        signer: { hmac: secret },
        signedWith: `HMAC-SHA256 with common secret #${index + 1} of WEAK_SECRETS (probes/signature.ts)`,
      }),
    ),
    after: async () => {
      const { jwt } = kit.target;
      if (jwt.kind !== 'hs256' || Buffer.byteLength(jwt.secret) >= MIN_HMAC_SECRET_BYTES) return [];
      return [`the HS256 secret the target accepts is only ${Buffer.byteLength(jwt.secret)} bytes (RFC 7518 §3.2: at least ${MIN_HMAC_SECRET_BYTES})`];
    },
  }),
};

export const untrustedKey: ProbeSpec = {
  name: 'UNTRUSTED-KEY',
  title: "a token signed by an untrusted key with the deployment's kid is refused",
  severity: 'critical',
  score: 9.8,
  cwe: 'CWE-347',
  checklist: '#20, #26',
  references: 'RFC 7515 §5.2; RFC 8725 §3.10',
  expected: "the valid token's header (alg and kid) and claims, another subject or an edited tenant_id, signed by an untrusted key of the same family: 401",
  remediation: {
    PROXY: 'Resolve keys only from the configured secret or JWKS; a kid selects among trusted keys and never makes a key trusted.',
    GO: 'Keep resolving RSA keys from the AUTH0 JWKS by kid and HMAC keys from JWT_HS256_SECRET only.',
  },
  rationale: 'A plausible kid must not make an attacker\'s signature acceptable; otherwise anyone with a key pair mints tokens.',
  plan: async (kit) => {
    const signer = await untrustedSigner(kit.target);
    const signedWith = `an untrusted ${familyOf(kit.target) === 'HS' ? 'random 256-bit HMAC secret' : 'RSA key'}`;
    return {
      attempts: [
        crafted('another subject, untrusted key', { header: kit.header, claims: kit.forgedClaims, signer, signedWith }),
        crafted('tenant_id edited, untrusted key', { header: kit.header, claims: { ...kit.claims, tenant_id: 'tbv-other-tenant' }, signer, signedWith }),
      ],
    };
  },
};

export const psychicSignature: ProbeSpec = {
  name: 'PSYCHIC-SIG',
  title: 'an ES256 token with the "psychic" signature r = s = 0 is refused',
  severity: 'critical',
  score: 9.8,
  cwe: 'CWE-347',
  checklist: '#14',
  references: 'CVE-2022-21449; RFC 7518 §3.4',
  expected: 'alg ES256 with r = s = 0 (64 zero bytes, and the DER form MAYCAQACAQA): 401',
  remediation: {
    PROXY: 'Keep ES* out of the algorithm allow-list unless configured, and use a verifier that rejects r or s equal to 0.',
    GO: 'Keep rejecting ES* algorithms in the key function (contract §4).',
  },
  rationale: 'Vulnerable ECDSA verifiers (Java 15–18) accept r = s = 0 for any message and key: a universal forged signature.',
  plan: async (kit) => {
    const header = { alg: 'ES256', typ: 'JWT', ...(kit.header.kid ? { kid: kit.header.kid } : {}) };
    const claims = kit.forgedClaims;
    return {
      attempts: [
        crafted('ES256, r = s = 0 (64 zero bytes)', { header, claims, signer: { raw: Buffer.alloc(64) }, signedWith: 'r = s = 0, IEEE P1363 form' }),
        crafted('ES256, r = s = 0 (DER)', { header, claims, signer: { raw: Buffer.from('3006020100020100', 'hex') }, signedWith: 'r = s = 0, DER form' }),
      ],
    };
  },
};

export const algVariant: ProbeSpec = {
  name: 'ALG-VARIANT',
  title: 'algorithms of the same family outside the allow-list are refused',
  severity: 'medium',
  score: 4.3,
  cwe: 'CWE-757',
  checklist: '(allow-list; contract §16.5)',
  references: 'RFC 8725 §3.1 (use explicit algorithm allow-lists)',
  expected: {
    PROXY: "HS384/HS512 (or RS384/RS512 for an RS256 target) signed with the target's own key: 401",
    GO: "documented posture (contract §4, §16.5): HS384/HS512 (or RS384/RS512) signed with the target's own key are accepted and reported as a warning; signed with an untrusted key: 401",
  },
  posture: { GO: true },
  remediation: {
    PROXY: 'Pin the algorithm list (TOOLBRIDGE_JWT_ALGORITHMS) to the one algorithm the issuer uses.',
    GO: 'Check token.Method against the single expected algorithm (HS256 or RS256) in the key function instead of the whole family.',
  },
  rationale: 'An allow-list wider than what the issuer uses grows the attack surface (alg confusion, weaker or untested code paths) for no benefit.',
  plan: async (kit) => {
    const family = familyOf(kit.target);
    const algs = family === 'HS' ? ['HS384', 'HS512'] : ['RS384', 'RS512'];
    const posture =
      kit.side.key === 'GO'
        ? `the Go API accepts ${algs.join('/')} tokens signed with its key (any ${family === 'HS' ? 'HMAC' : 'RSA PKCS#1'} algorithm is accepted, contract §4)`
        : undefined;
    const signer = await untrustedSigner(kit.target);
    return {
      attempts: algs.flatMap((alg) => [
        signedByTarget(kit, `${alg}, the target's own key`, { ...kit.header, alg }, kit.claims, posture ? { posture } : {}),
        crafted(`${alg}, an untrusted key`, {
          header: { ...kit.header, alg },
          claims: kit.forgedClaims,
          signer,
          signedWith: 'an untrusted key of the same family',
        }),
      ]),
    };
  },
};
