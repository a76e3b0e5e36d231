/**
 * The proxy's own origin never comes from the request (DNS rebinding, MCP 2025-11-25 transports §security warning):
 * a request that names a foreign host in both Host and Origin, as a browser does for a page whose name was rebound
 * to the proxy's address, is refused; and a forged Host never comes back in a URL the proxy prints.
 */
import { randomUUID } from 'node:crypto';
import { ensure } from '../../../framework/model/assert.js';
import type { CheckContext } from '../../../framework/checks/context.js';
import { mcpEndpointOf } from '../../../framework/target/spec.js';
import { catalogue, defineCheck } from '../../../framework/checks/define.js';
import { snippet } from '../../shared/text.js';
import { METADATA_PATH } from '../../shared/oauth-discovery.js';
import { listsTools, mcpPost, requireToolsList, rpc, validToken } from './lib/mcp-http.js';
import { PROXY_APP, TRANSPORT_SPEC } from './lib/meta.js';

/** A host name no deployment has, unique to the probe so any reflection of it is unmistakable. */
function foreignHost(ctx: CheckContext): { host: string; name: string } {
  const own = new URL(ctx.target.proxyUrl);
  const name = `tbv-${randomUUID().slice(0, 8)}.rebind.invalid`;
  return { name, host: own.port ? `${name}:${own.port}` : name };
}

export const rebindingChecks = catalogue([
  defineCheck(
    {
      id: 'SEC-TRANSPORT-DNS-REBINDING',
      transports: ['http'],
      title: 'A request whose Host and Origin both name a foreign site is refused (DNS rebinding)',
      area: 'security/transport',
      severity: 'high',
      requirement: `${TRANSPORT_SPEC}#security-warning (validate Origin; bind locally; authenticate); GHSA-w48q-cv73-mx4w`,
      expected:
        'POST /mcp with a valid token, Host <foreign name>:<port> and Origin <scheme>://<foreign name>:<port> answers 4xx (403) without processing; the same request with the proxy\'s own Host is served',
      rationale:
        'a page on a name the attacker rebinds to the proxy\'s address makes the browser send that name as Host and as Origin: a proxy that derives its own origin from Host finds them equal and lets another site drive the user\'s tools',
      security: {
        score: 7.1,
        cwe: 'CWE-350',
        remediation:
          'Never derive the proxy\'s own origin from request headers: set TOOLBRIDGE_PUBLIC_URL, compare Origin with it, and answer 403 on /mcp to a Host that is neither the public host, a TOOLBRIDGE_ALLOWED_HOSTS entry nor a loopback name.',
        location: PROXY_APP,
      },
    },
    async (ctx) => {
      const token = await validToken(ctx, 'transport-rebinding');
      await requireToolsList(ctx, token, 'control: tools/list with the proxy\'s own Host');
      const { host } = foreignHost(ctx);
      const origin = `${new URL(ctx.target.proxyUrl).protocol}//${host}`;
      const response = await mcpPost(ctx, { body: rpc('tools/list'), token, headers: { host, origin }, label: `tools/list with Host ${host} and Origin ${origin}` });
      const refused = response.status >= 400 && response.status < 500 && !listsTools(response);
      ensure(
        refused,
        `a request for a foreign site (Host ${host}, Origin ${origin}) got ${response.status}${listsTools(response) ? ' with the tool list' : ''} ${snippet(response.text)}: a rebound browser page can call the tools`,
      );
    },
  ),
  defineCheck(
    {
      id: 'SEC-TRANSPORT-HOST-REFLECTION',
      title: 'A forged Host header is not reflected in the 401 challenge or the metadata document',
      area: 'security/transport',
      severity: 'medium',
      requirement: 'RFC 9728 §3.3 (resource must be the protected resource itself); RFC 6750 §3; OWASP WSTG-INPV-17 (Host header injection)',
      expected:
        'GET the protected-resource metadata and POST /mcp without a token, each with a forged Host: no header or body of the answers names the forged host',
      rationale:
        'a challenge or metadata document built from the Host header points clients that follow it (or a cache that stores it) at a metadata document and authorization flow on a host the attacker controls',
      security: {
        score: 5.4,
        cwe: 'CWE-644',
        remediation: 'Build resource_metadata and the metadata document\'s resource from TOOLBRIDGE_PUBLIC_URL (or the loopback address the proxy listens on), never from Host or X-Forwarded-* headers.',
        location: PROXY_APP,
      },
    },
    async (ctx) => {
      const { host, name } = foreignHost(ctx);
      const answers = [await ctx.http({ url: `${ctx.target.proxyUrl}${METADATA_PATH}`, headers: { host }, label: `metadata with Host ${host}` })];
      if (mcpEndpointOf(ctx.target).transport === 'http') {
        answers.push(await mcpPost(ctx, { body: rpc('tools/list'), token: null, headers: { host }, label: `tools/list without a token, Host ${host}` }));
      } else ctx.note('the 401 half of this probe is a Streamable HTTP POST; over HTTP+SSE only the metadata document is probed');
      const reflected = answers.filter((a) => `${JSON.stringify(a.headers)}\n${a.text}`.toLowerCase().includes(name));
      ensure(
        reflected.length === 0,
        `the forged host ${name} comes back in ${reflected.map((a) => `a ${a.status} answer (${snippet(`${a.header('www-authenticate') ?? ''} ${a.text}`)})`).join('; ')}`,
      );
    },
  ),
]);
