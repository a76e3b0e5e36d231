/**
 * Probes on how the credential is carried: no header, wrong schemes, malformed tokens, a token in the query string,
 * a token that comes back in the answer, and an oversized token.
 */
import { compact, standardBase64Json } from '../../../shared/jwt-craft.js';
import { targetSigner, untrustedSigner } from '../lib/keys.js';
import { bearer, crafted, describeToken, reflectable, signedByTarget, type Attempt, type ProbeSpec } from '../lib/probe.js';

const APP = 'proxy/http/app.ts';
const MCP_AUTH = 'MCP authorization 2025-11-25 (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization)';

/** Tokens the oversized probe sends: one below the 16 KB header limit of common servers (it reaches the verifier), one far above. */
const OVERSIZED_BYTES = [12_000, 32_000] as const;
const OVERSIZED_TIMEOUT_MS = 10_000;

export const missingToken: ProbeSpec = {
  name: 'MISSING-TOKEN',
  title: 'a request without a bearer token is refused',
  severity: 'high',
  score: 7.5,
  cwe: 'CWE-306',
  checklist: '#1',
  references: `RFC 6750 §3; ${MCP_AUTH}`,
  expected: 'no Authorization header, with or without X-Debug-Sub (DevMode impersonation, contract §4): 401',
  location: { PROXY: APP },
  remediation: {
    PROXY: 'Verify a bearer token on every /mcp request before any MCP processing; without one answer 401 with `WWW-Authenticate: Bearer resource_metadata="…"`.',
    GO: 'Run the Go API in production mode (ENV unset, never `dev`) so X-Debug-Sub is never trusted, and keep the JWT middleware on every route but /healthz and /v1/sync/info.',
  },
  rationale:
    'Without a token nobody is authenticated: anything but 401 lets anonymous callers act. On the Go API, DevMode (ENV=dev) takes the identity from X-Debug-Sub without any signature, so one header impersonates any user.',
  plan: async (kit) => ({
    attempts: [
      { label: 'no Authorization header' },
      { label: 'no Authorization header, X-Debug-Sub set', headers: { 'X-Debug-Sub': kit.forgedSub } },
    ],
  }),
};

export const wrongScheme: ProbeSpec = {
  name: 'WRONG-SCHEME',
  title: 'credentials under a wrong or malformed Authorization scheme are refused',
  severity: 'high',
  score: 7.5,
  cwe: 'CWE-287',
  checklist: '#2',
  references: 'RFC 6750 §2.1, §3.1; RFC 7235 §2.1',
  expected: '`Basic <valid token>`, `bearer` and `Bearer` without a token, two tokens, `Bearer<token>` without a space: 401 (or 400 invalid_request)',
  remediation: {
    PROXY: 'Accept exactly `Bearer <one token68 credential>` (scheme case-insensitive) and refuse everything else with 401 or 400, never by falling back to another part of the header.',
    GO: 'Keep the strict `Bearer ` prefix extraction of contract §4; do not add fallbacks that take the last word of the header or other schemes.',
  },
  rationale:
    'A parser that ignores the scheme or picks one of several tokens lets a credential meant for another system in, and lets two components in a chain disagree about which token authenticated the request.',
  plan: async ({ control }) => {
    const refusals = [400, 401];
    const reflect = reflectable(control);
    return {
      attempts: [
        { label: 'Basic scheme carrying the valid token', authorization: `Basic ${control}`, refusals, reflect },
        { label: '`bearer` (lowercase) with no token', authorization: 'bearer', refusals },
        { label: '`Bearer` alone', authorization: 'Bearer', refusals },
        { label: 'two tokens after Bearer', authorization: `Bearer ${control} ${control}`, refusals, reflect },
        { label: 'Bearer and the token without a space', authorization: `Bearer${control}`, refusals, reflect },
      ],
    };
  },
};

export const malformed: ProbeSpec = {
  name: 'MALFORMED',
  title: 'malformed tokens are refused without a server error',
  severity: 'high',
  score: 7.5,
  cwe: 'CWE-20',
  checklist: '#3',
  references: 'RFC 7515 §7.1 (compact serialization), §5.2 (validation)',
  expected: 'garbage, a 2-segment token, standard base64 instead of base64url, and a header that is a JSON array: 401, never 5xx',
  remediation: {
    PROXY: 'Parse tokens with a strict JOSE library (jose) that requires three base64url segments and a JSON object header, and map every parse error to 401 invalid_token.',
    GO: 'Keep golang-jwt strict parsing (three RawURL-encoded segments, a JSON object header) and answer 401 for every parse error, never 500.',
  },
  rationale:
    'Lenient parsing (a missing signature segment, a header that is not an object, a second base64 alphabet) is where verifiers skip checks or crash; a 5xx also tells an attacker where the parser breaks.',
  plan: async (kit) => {
    const [h, p, s] = kit.control.split('.') as [string, string, string];
    const arrayHeader = compact([kit.header], kit.claims, targetSigner(kit.target), String(kit.header.alg));
    return {
      attempts: [
        bearer('garbage', 'not-a-jwt'),
        bearer('2 segments (header.payload of the valid token)', `${h}.${p}`),
        bearer('standard base64 with padding instead of base64url (forged subject)', `${h}.${standardBase64Json(kit.forgedClaims)}.${s}`, {
          describe: describeToken(kit.header, kit.forgedClaims, "the valid token's, over a differently encoded payload"),
        }),
        bearer('header is a JSON array, not an object', arrayHeader, {
          describe: describeToken([kit.header], kit.claims, "the target's own key over the array header"),
        }),
      ],
    };
  },
};

export const queryToken: ProbeSpec = {
  name: 'QUERY-TOKEN',
  title: 'a token in the ?access_token= query is refused',
  severity: 'medium',
  score: 6.5,
  cwe: 'CWE-598',
  checklist: '#24',
  references: `RFC 6750 §2.3, §5.3; ${MCP_AUTH} (access tokens MUST NOT be in the URI)`,
  expected: 'the valid token only in `?access_token=`, no Authorization header: 401',
  location: { PROXY: APP },
  remediation: {
    PROXY: 'Read the token from the Authorization header only; never fall back to an `access_token` query parameter.',
    GO: 'Keep taking the token from the Authorization header only (contract §4); never add a query-string fallback.',
  },
  rationale: 'URIs end up in access logs, proxies, browser history and Referer headers: a token accepted from the query string leaks wherever the URL goes.',
  plan: async ({ control }) => ({
    attempts: [{ label: 'valid token in ?access_token= only', query: { access_token: control }, reflect: reflectable(control) }],
  }),
};

export const tokenEcho: ProbeSpec = {
  name: 'TOKEN-ECHO',
  title: 'a refused token is not reflected in the answer',
  severity: 'medium',
  score: 5.3,
  cwe: 'CWE-200',
  checklist: '(expected result of every row)',
  references: 'RFC 6750 §3 (error_description is for developers, never the credential); OWASP ASVS V7.1.1',
  expected: 'a token signed by an untrusted key and a token expired a day ago: 401 whose body and headers never contain the token or its parts',
  location: { PROXY: APP },
  remediation: {
    PROXY: 'Build 401 bodies and challenges from fixed texts; never copy the Authorization header or the token into the answer.',
    GO: 'Keep the fixed `unauthorized` body (contract §4); never include the token in errors.',
  },
  rationale: 'An answer that repeats the credential puts it into client logs, error trackers and caches, and turns any reflected-content bug into token theft.',
  plan: async (kit) => {
    const nowS = await kit.nowS();
    return {
      attempts: [
        crafted('token signed by an untrusted key', {
          header: kit.header,
          claims: kit.forgedClaims,
          signer: await untrustedSigner(kit.target),
          signedWith: 'an untrusted key of the same family',
        }),
        signedByTarget(kit, 'token expired a day ago', kit.header, { ...kit.claims, iat: nowS - 86_400 - 600, exp: nowS - 86_400 }),
      ],
    };
  },
};

export const oversized: ProbeSpec = {
  name: 'OVERSIZED',
  title: 'an oversized token is refused promptly, without a server error',
  severity: 'medium',
  score: 5.3,
  cwe: 'CWE-400',
  checklist: '#23',
  references: 'RFC 9110 §15.5 (400), RFC 6585 §5 (431)',
  expected: `forged tokens of ~${OVERSIZED_BYTES.map((b) => `${b / 1000} KB`).join(' and ~')}: 400, 401 or 431 within ${OVERSIZED_TIMEOUT_MS / 1000} s (a closed connection counts as a refusal), never 2xx, 5xx or a hang; the valid token still works afterwards`,
  remediation: {
    PROXY: 'Cap the request header size (Node maxHeaderSize, the edge) and the token length before verification, and answer 431 or 401.',
    GO: 'Cap header size (http.Server.MaxHeaderBytes, default 1 MB) and reject tokens above a few KB before parsing.',
  },
  rationale: 'Verifying, decoding and logging huge tokens costs memory and CPU on every request; a crash or a hang here is a cheap denial of service.',
  plan: async (kit) => {
    const signer = await untrustedSigner(kit.target);
    const attempts: Attempt[] = OVERSIZED_BYTES.map((bytes) => {
      const claims = { ...kit.forgedClaims, pad: 'A'.repeat(Math.floor((bytes * 3) / 4)) };
      const token = compact(kit.header, claims, signer);
      return bearer(`forged token of ${token.length} characters`, token, {
        describe: describeToken(kit.header, claims, 'an untrusted key'),
        refusals: [400, 401, 431],
        timeoutMs: OVERSIZED_TIMEOUT_MS,
        closeIsRefusal: true,
      });
    });
    return {
      attempts,
      after: async () => {
        const again = await kit.side.send(kit.ctx, { label: 'control again: the valid token after the oversized ones', authorization: `Bearer ${kit.control}` });
        return kit.side.controlAccepted(again) ? [] : [`after the oversized tokens the valid token is refused (answered ${again.status}): the target did not survive them`];
      },
    };
  },
};
