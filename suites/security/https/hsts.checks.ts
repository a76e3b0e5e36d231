/**
 * HSTS: every HTTPS answer tells browsers to use HTTPS only, for at least a year. Fly's edge does not add it
 * (checks-reference §4), so the proxy must.
 */
import { CheckFailure } from '../../../framework/model/assert.js';
import { PROXY_HEADERS } from './lib/facts.js';
import { defineCheck } from '../../../framework/checks/define.js';
import { httpsEndpoints } from './lib/endpoints.js';
import { parseHsts, type HstsPolicy } from './lib/hsts.js';
import { httpsSamples } from './lib/samples.js';

/** one year: the securityheaders.fyi "good" grade and the hstspreload.org minimum */
export const MIN_HSTS_MAX_AGE_S = 31_536_000;

export const hstsChecks = [
  defineCheck(
  {
    area: 'security/https',
      id: 'SEC-HTTPS-HSTS',
      title: 'HTTPS GET /, GET of an unknown path and POST /mcp without a token all carry Strict-Transport-Security',
      severity: 'medium',
      requirement: 'RFC 6797 §6.1, §7.1; checks-reference §4 (HTTPS check 3); hstspreload.org (max-age ≥ 1 year, includeSubDomains)',
      expected: `Strict-Transport-Security: max-age=${MIN_HSTS_MAX_AGE_S} or more, includeSubDomains recommended (its absence is a warning)`,
      rationale:
        'Without HSTS a browser-based MCP client (or a person opening the URL) that starts from http:// makes one ' +
        'cleartext request before the redirect, which an attacker on the path can answer instead (SSL stripping) and ' +
        'harvest the credentials that follow. A short max-age lets that window reopen between visits. includeSubDomains ' +
        'only extends the protection to names below this host; the API itself sets no cookies, so its absence is a ' +
        'warning, not a failure.',
      security: {
        score: 5.0,
        cwe: 'CWE-523',
        remediation:
          'Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every HTTPS response (the proxy does ' +
          'when X-Forwarded-Proto is https; TOOLBRIDGE_HSTS_MAX_AGE_S must stay ≥ 31536000).',
        location: PROXY_HEADERS,
      },
    },
    async (ctx) => {
      const samples = await httpsSamples(ctx, httpsEndpoints(ctx));
      const policies: HstsPolicy[] = [];
      const problems: string[] = [];
      for (const { label, response } of samples) {
        const policy = parseHsts(response.header('strict-transport-security'));
        if (typeof policy === 'string') problems.push(`${label}: ${policy}`);
        else if (policy.maxAgeS < MIN_HSTS_MAX_AGE_S) problems.push(`${label}: max-age=${policy.maxAgeS} is shorter than one year (${MIN_HSTS_MAX_AGE_S})`);
        else policies.push(policy);
      }
      if (problems.length > 0) throw new CheckFailure(`Strict-Transport-Security is missing or too weak — ${problems.join('; ')}`);
      ctx.metric('maxAgeS', Math.min(...policies.map((p) => p.maxAgeS)));
      ctx.metric('includeSubDomains', policies.every((p) => p.includeSubDomains));
      ctx.metric('preload', policies.every((p) => p.preload));
      if (!policies.every((p) => p.includeSubDomains)) {
        ctx.warn('Strict-Transport-Security has no includeSubDomains: names below this host are not covered (recommended, required for the preload list)');
      }
    },
  ),
];
