/**
 * Cleartext HTTP → HTTPS: the edge answers http:// with a permanent redirect to the same host and path over HTTPS,
 * and serves nothing over cleartext.
 */
import { ensure, oneOf } from '../../../framework/model/assert.js';
import { bodyDataProblem, cleartextGet, PROBE_PATH } from './lib/cleartext.js';
import { EDGE_CONFIG } from './lib/facts.js';
import { defineCheck } from '../../../framework/checks/define.js';
import { httpsEndpoints } from './lib/endpoints.js';

const REQUIREMENT = 'checks-reference §4 (HTTPS check 1); Mozilla Observatory redirection-to-https; Fly [http_service] force_https';

export const redirectChecks = [
  defineCheck(
  {
    area: 'security/https',
      id: 'SEC-HTTPS-REDIRECT-PERMANENT',
      title: `Cleartext GET http://<host>${PROBE_PATH}?tbv-probe=… (no credentials) is redirected permanently, not served`,
      severity: 'medium',
      requirement: `${REQUIREMENT}; RFC 9110 §15.4.2 (301) and §15.4.9 (308)`,
      expected: '301 or 308 with an empty body (or a short notice), nothing of the resource; never 2xx, never 302/307',
      rationale:
        'Whatever is served over http:// can be read and rewritten by anyone on the network path. A temporary redirect ' +
        '(302/307) is not cached, so every later request starts over cleartext again, and 302 turns a POST into a GET.',
      security: {
        score: 5.5,
        cwe: 'CWE-319',
        remediation:
          'Set `force_https = true` in [http_service] (Fly answers http:// with a permanent redirect); on another edge, ' +
          'redirect every cleartext request with 301 or 308 and serve no content on port 80.',
        location: EDGE_CONFIG,
      },
    },
    async (ctx) => {
      const probe = await cleartextGet(ctx, httpsEndpoints(ctx));
      if (!probe.response) {
        return ctx.warn(
          `nothing answers on ${probe.url.origin} (${probe.error}): no data is served over cleartext, but a client that ` +
            'types http:// gets an error instead of being sent to HTTPS',
        );
      }
      const { status } = probe.response;
      ctx.metric('status', status);
      ctx.metric('bodyBytes', Buffer.byteLength(probe.response.text));
      ensure(
        status < 200 || status >= 300,
        `the proxy is served over cleartext: ${status} with ${Buffer.byteLength(probe.response.text)} bytes (${probe.response.header('content-type') ?? 'no content type'}), no redirect to HTTPS`,
      );
      oneOf(status, [301, 308], 'status of the cleartext answer (a permanent redirect)');
      const problem = bodyDataProblem(probe.response);
      ensure(!problem, problem ?? '');
    },
  ),
  defineCheck(
  {
    area: 'security/https',
      id: 'SEC-HTTPS-REDIRECT-SAME-HOST',
      title: `Cleartext GET http://<host>${PROBE_PATH}?tbv-probe=…: the redirect's Location is the same URL over HTTPS`,
      severity: 'medium',
      requirement: `${REQUIREMENT} (the first redirect goes to https on the same host)`,
      expected: 'Location: https://<same host>[:HTTPS port]<same path>?<same query>',
      rationale:
        'A redirect to another host hands the caller (and the request path and query) to a party the operator may not ' +
        'control: an open redirect at the very first hop. A redirect that drops the path or query breaks every deep ' +
        'link, so clients get configured with http:// URLs that keep leaking the first request.',
      security: {
        score: 5.0,
        cwe: 'CWE-601',
        remediation:
          "Let Fly's force_https build the Location from the request's own Host and path; on another edge, redirect to " +
          "`https://$host$request_uri`, never to a fixed or configurable host.",
        location: EDGE_CONFIG,
      },
    },
    async (ctx) => {
      const endpoints = httpsEndpoints(ctx);
      const probe = await cleartextGet(ctx, endpoints);
      if (!probe.response) return ctx.skip(`untestable: nothing answers on ${probe.url.origin} (${probe.error}), so there is no redirect to check`);
      const { status } = probe.response;
      ensure(status >= 300 && status < 400, `no redirect: the cleartext request was answered ${status}`);
      const location = probe.response.header('location');
      ensure(location, `the ${status} redirect has no Location header`);
      const to = new URL(location, probe.url);
      ctx.metric('location', to.href);
      ensure(to.protocol === 'https:', `the redirect goes to ${to.protocol}// (${to.href}), not https://`);
      ensure(to.hostname === probe.url.hostname, `the redirect leaves the host: ${probe.url.hostname} → ${to.hostname} (${to.href})`);
      ensure(
        to.port === endpoints.https.port,
        `the redirect goes to port ${to.port || '443'}, but HTTPS is served on port ${endpoints.https.port || '443'} (${to.href})`,
      );
      ensure(
        to.pathname + to.search === probe.url.pathname + probe.url.search,
        `the redirect does not keep the path and query: ${probe.url.pathname}${probe.url.search} → ${to.pathname}${to.search}`,
      );
    },
  ),
];
