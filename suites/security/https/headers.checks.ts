/**
 * Low-severity response-header extras on the proxy's HTTPS answers (Mozilla Observatory, OWASP Secure Headers):
 * nosniff, a restrictive CSP on JSON, and no software version in Server / X-Powered-By. One check per row.
 */
import type { CheckContext } from '../../../framework/checks/context.js';
import { CheckFailure } from '../../../framework/model/assert.js';
import type { HttpExchange } from '../../../framework/clients/http.js';
import { cspDirectives } from './lib/csp.js';
import { PROXY_HEADERS } from './lib/facts.js';
import { defineCheck } from '../../../framework/checks/define.js';
import { httpsEndpoints } from './lib/endpoints.js';
import { httpsSamples, isJson } from './lib/samples.js';

interface HeaderRow {
  readonly id: string;
  readonly title: string;
  readonly requirement: string;
  readonly expected: string;
  readonly rationale: string;
  readonly cwe: string;
  readonly remediation: string;
  /** which answers the rule applies to (all by default) */
  readonly appliesTo?: (response: HttpExchange) => boolean;
  /** what is wrong with one answer, if anything */
  readonly problem: (response: HttpExchange) => string | undefined;
}

const SAMPLED = 'HTTPS GET /, GET of an unknown path and POST /mcp without a token';

/** product/version tokens such as `nginx/1.25.3`, `Python/3.12`, `node 20.1` */
const VERSIONED_PRODUCT = /[A-Za-z][\w.-]*[/ ]v?\d+\.\d+/;
const ALWAYS_LEAKS = ['x-powered-by', 'x-aspnet-version', 'x-aspnetmvc-version', 'x-runtime-version'] as const;

const ROWS: readonly HeaderRow[] = [
  {
    id: 'SEC-HTTPS-NOSNIFF',
    title: `${SAMPLED}: every answer carries X-Content-Type-Options: nosniff`,
    requirement: 'Mozilla Observatory x-content-type-options; OWASP Secure Headers Project; Fetch standard §X-Content-Type-Options',
    expected: 'X-Content-Type-Options: nosniff on every answer',
    rationale:
      'Without nosniff a browser may sniff a JSON answer that echoes caller input as HTML or script and run it in the ' +
      "proxy's origin; the header costs nothing on an API.",
    cwe: 'CWE-693',
    remediation: 'Set `X-Content-Type-Options: nosniff` on every response before routing (the proxy does in createProxyApp).',
    problem: (response) => {
      const value = response.header('x-content-type-options');
      return value?.trim().toLowerCase() === 'nosniff' ? undefined : `X-Content-Type-Options is ${value === undefined ? 'absent' : JSON.stringify(value)}`;
    },
  },
  {
    id: 'SEC-HTTPS-JSON-CSP',
    title: `${SAMPLED}: JSON answers carry a restrictive Content-Security-Policy`,
    requirement: "Mozilla Observatory FAQ (restrictive CSP for JSON APIs); OWASP REST Security Cheat Sheet (default-src 'none'; frame-ancestors 'none')",
    expected: "Content-Security-Policy with default-src 'none' and frame-ancestors 'none' on every JSON answer",
    rationale:
      'A JSON API never needs to load scripts or be framed; a deny-all policy makes any response that a browser ends up ' +
      'rendering inert and stops clickjacking of anything served from the origin.',
    cwe: 'CWE-1021',
    remediation: "Send `Content-Security-Policy: default-src 'none'; frame-ancestors 'none'` on API responses.",
    appliesTo: isJson,
    problem: (response) => {
      const value = response.header('content-security-policy');
      if (!value) return 'no Content-Security-Policy';
      const directives = cspDirectives(value);
      const missing = ['default-src', 'frame-ancestors'].filter((name) => directives.get(name)?.join(' ') !== "'none'");
      return missing.length === 0 ? undefined : `Content-Security-Policy ${JSON.stringify(value)} lacks ${missing.map((m) => `${m} 'none'`).join(' and ')}`;
    },
  },
  {
    id: 'SEC-HTTPS-NO-VERSION-LEAK',
    title: `${SAMPLED}: no Server or X-Powered-By header names software versions`,
    requirement: 'OWASP WSTG-INFO-02 (fingerprint web server); OWASP Secure Headers Project (remove X-Powered-By, generic Server)',
    expected: 'no X-Powered-By / X-AspNet-Version header; Server absent or without a version number (e.g. "Fly/…" is fine)',
    rationale:
      'Version banners tell an attacker exactly which known vulnerabilities to try, and they go stale silently when the ' +
      'runtime is not patched; nothing legitimate needs them.',
    cwe: 'CWE-497',
    remediation: 'Do not set X-Powered-By or a versioned Server header (Node sets neither by default; remove any framework or middleware default).',
    problem: (response) => {
      const leaks = ALWAYS_LEAKS.filter((name) => response.header(name) !== undefined).map((name) => `${name}: ${response.header(name)}`);
      const server = response.header('server');
      if (server && VERSIONED_PRODUCT.test(server)) leaks.push(`server: ${server}`);
      return leaks.length === 0 ? undefined : `software versions disclosed (${leaks.join('; ')})`;
    },
  },
];

async function judge(ctx: CheckContext, row: HeaderRow): Promise<void> {
  const samples = (await httpsSamples(ctx, httpsEndpoints(ctx))).filter(({ response }) => (row.appliesTo ?? (() => true))(response));
  if (samples.length === 0) ctx.skip('untestable: none of the sampled answers is one this rule applies to');
  const problems = samples.flatMap(({ label, response }) => {
    const problem = row.problem(response);
    return problem ? [`${label}: ${problem}`] : [];
  });
  ctx.metric('answersJudged', samples.length);
  if (problems.length > 0) throw new CheckFailure(problems.join('; '));
}

export const headerChecks = ROWS.map((row) =>
  defineCheck(
  {
    area: 'security/https',
      id: row.id,
      title: row.title,
      severity: 'low',
      requirement: row.requirement,
      expected: row.expected,
      rationale: row.rationale,
      security: { score: 2.0, cwe: row.cwe, remediation: row.remediation, location: PROXY_HEADERS },
    },
    (ctx) => judge(ctx, row),
  ),
);
