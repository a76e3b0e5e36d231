/**
 * An MCP request with a valid bearer token sent over cleartext must not be processed: no MCP result, the token not
 * accepted. The token is minted for this probe alone (throwaway subject, two-minute lifetime), proven valid over
 * HTTPS first, and only then sent over cleartext.
 */
import { initializeRequest } from '../../../framework/clients/mcp-raw.js';
import { ensure } from '../../../framework/model/assert.js';
import { EDGE_CONFIG } from './lib/facts.js';
import { defineCheck } from '../../../framework/checks/define.js';
import { httpsEndpoints } from './lib/endpoints.js';
import { causeOf } from './lib/errors.js';
import { mcpResultIn } from './lib/mcp-result.js';

/** long enough for the control and the probe, short enough that a leaked copy is worthless minutes later */
const PROBE_TOKEN_LIFETIME_S = 120;

/** `initialize` is answered by every MCP server, stateless or not, and touches no user data. */
const INITIALIZE = initializeRequest();

export const cleartextMcpChecks = [
  defineCheck(
  {
    area: 'security/https',
      id: 'SEC-HTTPS-CLEARTEXT-MCP',
      title:
        'POST http://<host>/mcp (MCP initialize) with a valid, probe-only bearer token (throwaway subject, 2-minute lifetime) is not processed',
      severity: 'high',
      requirement:
        'checks-reference §4 (HTTPS check 2); RFC 6750 §5.3 (bearer tokens only over TLS); ' +
        'MCP 2025-11-25 basic/authorization §Communication Security',
      expected:
        'a redirect (or refusal) with no JSON-RPC result and nothing that shows the token was accepted; the same request over HTTPS gets an MCP result',
      rationale:
        'A proxy that processes MCP over cleartext accepts bearer tokens that anyone on the path can copy and replay ' +
        'against every tool, and lets them read and rewrite tool calls and results. Clients misconfigured with an http:// ' +
        'URL would keep working, so nobody would notice.',
      security: {
        score: 8.0,
        cwe: 'CWE-319',
        remediation:
          'Keep `force_https = true` in [http_service] so the edge never forwards cleartext to the proxy; the proxy must ' +
          'not be exposed on any other public cleartext port or service.',
        location: EDGE_CONFIG,
      },
    },
    async (ctx) => {
      const endpoints = httpsEndpoints(ctx);
      const subject = ctx.target.newSubject('https-cleartext-probe');
      const token = await ctx.target.mintToken(subject, { expiresInS: PROBE_TOKEN_LIFETIME_S });
      ctx.note(
        `the bearer token below was minted for this probe only: subject ${subject} (a throwaway identity that owns no ` +
          `data and is used nowhere else), expiring ${PROBE_TOKEN_LIFETIME_S} s after minting. It is sent over cleartext ` +
          'only after the same request over HTTPS proved it valid, so a misconfigured deployment can leak nothing more ' +
          'than a two-minute credential for an empty account.',
      );
      const request = {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json, text/event-stream' },
        body: INITIALIZE,
      };
      let control;
      try {
        // the certificate is verified here: a credential never goes to an unverified host
        control = await ctx.http({ ...request, url: endpoints.httpsAt('/mcp'), label: 'control: the same request over HTTPS' });
      } catch (error) {
        return ctx.skip(`untestable: the control request over HTTPS failed (${causeOf(error)}); no token was sent over cleartext`);
      }
      if (!mcpResultIn(control.text)) {
        return ctx.skip(`untestable: the control over HTTPS got no MCP result (${control.status}), so a refusal over cleartext would prove nothing; no token was sent over cleartext`);
      }
      const url = endpoints.cleartextAt('/mcp');
      let response;
      try {
        response = await ctx.http({ ...request, url, label: 'probe: MCP initialize over cleartext (redirects not followed)', timeoutMs: 15_000 });
      } catch (error) {
        ctx.note(`nothing answered on ${endpoints.cleartext.origin} (${causeOf(error)}): nothing is processed over cleartext`);
        return;
      }
      ctx.metric('status', response.status);
      ensure(!mcpResultIn(response.text), `the MCP request was processed over cleartext: ${response.status} with a JSON-RPC result`);
      ensure(
        response.status < 200 || response.status >= 300,
        `the cleartext request was answered ${response.status}: the token was accepted over cleartext`,
      );
    },
  ),
];
