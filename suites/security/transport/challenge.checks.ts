/**
 * What a refused token gets back (RFC 6750 §3, RFC 9728, MCP authorization 2025-11-25): a Bearer challenge with
 * error="invalid_token" pointing at the proxy's own protected-resource metadata, and nothing of the token itself.
 * HEALTH-006/007 cover the metadata document and the challenge without a token; these checks cover invalid tokens.
 */
import { z } from 'zod';
import { CheckFailure, ensure } from '../../../framework/model/assert.js';
import { catalogue, defineCheck } from '../../../framework/checks/define.js';
import { safeJson, snippet } from '../../shared/text.js';
import { badTokens, normalizedUrl, parseChallenge } from './lib/challenge.js';
import { mcpCall, requireToolsList, rpc, validToken } from './lib/mcp-http.js';
import { AUTH_SPEC, PROXY_APP } from './lib/meta.js';
import { fetchMetadata } from '../../shared/oauth-discovery.js';
import { mcpEndpointOf } from '../../../framework/target/spec.js';

const Metadata = z.looseObject({ resource: z.string() });

export const challengeChecks = catalogue([
  defineCheck(
    {
      id: 'SEC-TRANSPORT-INVALID-TOKEN-CHALLENGE',
      title: 'An invalid token gets a Bearer challenge with error="invalid_token" and the proxy\'s own resource metadata',
      area: 'security/transport',
      severity: 'medium',
      requirement: `RFC 6750 §3 and §3.1 (invalid_token); RFC 9728 §5.1 and §3.3 (resource must equal the protected resource); ${AUTH_SPEC}#authorization-server-location`,
      expected:
        'POST /mcp with a malformed, a foreign-signed and an expired token each answer 401 with WWW-Authenticate: Bearer resource_metadata="<proxy origin>/.well-known/oauth-protected-resource…", error="invalid_token"; that document\'s resource is exactly the MCP endpoint URL (a proxy that publishes no metadata sends a plain Bearer challenge with error="invalid_token")',
      rationale:
        "error=\"invalid_token\" is what tells a client to refresh or re-authorise instead of retrying the same credential; metadata on another origin, or naming another resource, would send clients' authorization flows somewhere the proxy does not control (RFC 9728 §3.3 requires the match to prevent impersonation)",
      security: {
        score: 4.3,
        cwe: 'CWE-287',
        remediation:
          'On every 401 from /mcp send `WWW-Authenticate: Bearer resource_metadata="<public base>/.well-known/oauth-protected-resource"` plus `error="invalid_token"` when a token was presented, and serve metadata whose `resource` is the public /mcp URL (set TOOLBRIDGE_PUBLIC_URL behind proxies).',
        location: PROXY_APP,
      },
    },
    async (ctx) => {
      await requireToolsList(ctx, await validToken(ctx, 'transport-challenge'), 'control: tools/list with a valid token');
      const own = new URL(ctx.target.proxyUrl).origin;
      // a proxy without an authorization server publishes no metadata; its challenge must then not point at any
      const { published } = await fetchMetadata(ctx);
      const problems: string[] = [];
      const metadataUrls = new Set<string>();
      for (const bad of await badTokens(ctx)) {
        ctx.note(`probe "${bad.label}": ${bad.crafted}`);
        const response = await mcpCall(ctx, { body: rpc('tools/list'), token: bad.token, label: `tools/list with a token ${bad.label}` });
        const header = response.header('www-authenticate') ?? '';
        const challenge = parseChallenge(header);
        const wrong: string[] = [];
        if (response.status >= 200 && response.status < 300) wrong.push(`accepted (${response.status}): the proxy processed tools/list with this token`);
        else if (response.status !== 401) wrong.push(`status ${response.status} ${snippet(response.text)}`);
        if (challenge.scheme.toLowerCase() !== 'bearer') wrong.push(`WWW-Authenticate ${JSON.stringify(header)} is not a Bearer challenge`);
        if (challenge.params.error !== 'invalid_token') wrong.push(`error=${JSON.stringify(challenge.params.error ?? null)} instead of "invalid_token"`);
        const metadata = challenge.params.resource_metadata;
        if (published === false && metadata) wrong.push(`resource_metadata ${JSON.stringify(metadata)} although no metadata is published`);
        else if (published === false) ctx.note(`token ${bad.label}: plain Bearer challenge (the proxy publishes no metadata)`);
        else if (!metadata) wrong.push('no resource_metadata');
        else if (!URL.canParse(metadata) || new URL(metadata).origin !== own) wrong.push(`resource_metadata ${JSON.stringify(metadata)} is not on the proxy's origin ${own}`);
        else metadataUrls.add(metadata);
        if (wrong.length > 0) problems.push(`token ${bad.label}: ${wrong.join(', ')}`);
      }
      // fetched only on the proxy's own origin: no probe leaves the target
      for (const url of metadataUrls) {
        const response = await ctx.http({ url, label: 'resource metadata named by the challenge' });
        const parsed = response.status === 200 ? Metadata.safeParse(safeJson(response.text)) : undefined;
        if (!parsed?.success) problems.push(`${url} answered ${response.status} ${snippet(response.text)} (expected RFC 9728 metadata)`);
        else if (!URL.canParse(parsed.data.resource) || normalizedUrl(parsed.data.resource) !== normalizedUrl(mcpEndpointOf(ctx.target).url)) {
          problems.push(`${url} names resource ${JSON.stringify(parsed.data.resource)}, not the MCP endpoint ${mcpEndpointOf(ctx.target).url}`);
        }
      }
      if (problems.length > 0) throw new CheckFailure(`the 401 challenge for invalid tokens is incomplete: ${problems.join('; ')}`);
    },
  ),
  defineCheck(
    {
      id: 'SEC-TRANSPORT-401-NO-TOKEN-ECHO',
      title: 'A 401 answer does not repeat the presented token',
      area: 'security/transport',
      severity: 'medium',
      requirement: 'checks-reference §2 ("no echo of the token"); RFC 6750 §5.3 (do not expose bearer tokens); OWASP WSTG-ERRH-01',
      expected: 'the status line, headers and body of every 401 from /mcp are free of the presented token and of any of its segments',
      rationale:
        'an error body that reflects credentials copies them into logs, caches, browser developer tools and error trackers that were never meant to hold them',
      security: {
        score: 4.3,
        cwe: 'CWE-209',
        remediation: 'Build 401 bodies from fixed texts (error, error_description); never include request headers or the token in them.',
        location: PROXY_APP,
      },
    },
    async (ctx) => {
      const echoes: string[] = [];
      for (const bad of await badTokens(ctx)) {
        const response = await mcpCall(ctx, { body: rpc('tools/list'), token: bad.token, label: `tools/list with a token ${bad.label}` });
        const answer = `${JSON.stringify(response.headers)}\n${response.text}`;
        // a JWT's payload and signature segments are each unique to the token; an opaque token is matched whole
        const parts = bad.token.split('.').length === 3 ? bad.token.split('.').slice(1).filter((p) => p.length >= 16) : [bad.token];
        const found = [bad.token, ...parts].filter((part) => answer.includes(part));
        if (found.length > 0) echoes.push(`token ${bad.label} (answered ${response.status})`);
      }
      ensure(echoes.length === 0, `the 401 answer repeats the presented token for: ${echoes.join('; ')}`);
    },
  ),
]);
