/**
 * Is the proxy served over HTTPS at all? The other HTTPS checks examine how; this one says, as a failure, when a
 * deployment's proxy URL is cleartext, so a gate can never pass by skipping every HTTPS check. A loopback target (a
 * lab, the local stack without its edge) is not a deployment: there the check is not applicable, and says so.
 */
import { isLoopback } from '../../../framework/target/spec.js';
import { catalogue, defineCheck } from '../../../framework/checks/define.js';
import { CheckFailure } from '../../../framework/model/assert.js';

export const servedChecks = catalogue([
  defineCheck(
    {
      id: 'SEC-HTTPS-SERVED',
      title: 'The proxy is served over HTTPS',
      area: 'security/https',
      severity: 'critical',
      requirement: 'MCP 2025-11-25 authorization §communication security (all authorization endpoints MUST be served over HTTPS); fly.staging.toml force_https',
      expected: 'MCP_BASE_URL of a deployment is an https:// URL; only a loopback lab target may be plain http://',
      rationale: 'over cleartext every bearer token and every tool result crosses the network readable and alterable by anyone on the path',
      security: {
        score: 9.1,
        cwe: 'CWE-319',
        remediation: 'Serve the proxy behind TLS (Fly: [http_service] force_https = true, handlers ["tls","http"]) and point MCP_BASE_URL at its https:// URL.',
        location: 'fly.staging.toml',
      },
    },
    async (ctx) => {
      const url = new URL(ctx.target.proxyUrl);
      if (url.protocol === 'https:') {
        ctx.note(`the proxy URL ${url.origin} is https; the other security/https checks examine its TLS and redirects`);
        return;
      }
      if (isLoopback(ctx.target.proxyUrl)) {
        ctx.skip(`not applicable: a loopback target over plain HTTP (${url.origin}) is a lab setup, not a deployment; the other HTTPS checks are skipped too`);
      }
      throw new CheckFailure(
        `the proxy is not served over HTTPS: ${url.origin} is cleartext and not a loopback address, so tokens and tool results cross the network unencrypted (downgrade with the policy only for a private lab network)`,
      );
    },
  ),
]);
