/**
 * Health: is the deployment up, ready, and advertising what clients need?
 */
import { TEXT_CONTENT_TYPE } from '../../contract/messages.js';
import { NanoTimestamp, SyncInfo } from '../../contract/schemas.js';
import { CheckFailure, ensure, equal, matches } from '../../framework/model/assert.js';
import type { CheckContext } from '../../framework/checks/context.js';
import { catalogue, defineCheck } from '../../framework/checks/define.js';
import { parseChallenge, type Challenge } from '../shared/challenge.js';
import { fetchMetadata, METADATA_PATH, NOT_DISCOVERABLE } from '../shared/oauth-discovery.js';
import { mcpWithoutToken, refuseUnauthenticated } from '../shared/unauthenticated.js';
import { mcpEndpointOf } from '../../framework/target/spec.js';
import { z } from 'zod';

const MCP_AUTH_SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization';
/** The tenant signature tolerates 300 s of skew; a clock this far off eats most of it. */
const MAX_CLOCK_SKEW_S = 60;

/** The MCP endpoint without a token (over the run's transport): must be a 401 Bearer challenge. */
async function challengeWithoutToken(ctx: CheckContext, context?: string): Promise<Challenge> {
  const response = await mcpWithoutToken(ctx);
  refuseUnauthenticated(ctx, response, context);
  equal(response.status, 401, 'status without a token');
  const header = response.header('www-authenticate') ?? '';
  const challenge = parseChallenge(header);
  ensure(challenge.scheme.toLowerCase() === 'bearer', `WWW-Authenticate is not a Bearer challenge: ${JSON.stringify(header)}`);
  return challenge;
}

const ProtectedResourceMetadata = z.looseObject({
  resource: z.url(),
  authorization_servers: z.array(z.url()).min(1, 'MCP requires at least one authorization server'),
  bearer_methods_supported: z.array(z.string()).optional(),
});

export const healthChecks = catalogue([
  defineCheck(
    {
      id: 'HEALTH-001',
      title: 'Proxy liveness answers without auth',
      area: 'health',
      severity: 'critical',
      requirement: 'issue #3: GET / → 200 liveness JSON (service, version)',
      expected: 'GET / answers 200 JSON with service and version',
    },
    async (ctx) => {
      const response = await ctx.http({ url: `${ctx.target.proxyUrl}/`, label: 'liveness' });
      ensure(response.status !== 404, `the proxy has no liveness route: GET / answered 404, so a platform health check (Fly's http_service check) cannot tell it is up`);
      equal(response.status, 200, 'GET / status');
      const body = matches(z.looseObject({ service: z.string().min(1), version: z.string().min(1) }), response.json(), 'liveness body');
      ctx.metric('version', body.version);
    },
  ),
  defineCheck(
    {
      id: 'HEALTH-002',
      title: 'Proxy is ready: it reaches the Go API',
      area: 'health',
      severity: 'critical',
      requirement: 'issue #3: GET /readyz → 200 only when the Go API /healthz answers',
      expected: 'GET /readyz answers 200',
    },
    async (ctx) => {
      const response = await ctx.http({ url: `${ctx.target.proxyUrl}/readyz`, label: 'readiness' });
      ensure(response.status !== 404, `the proxy has no readiness route: GET /readyz answered 404, so nothing tells a deployment that it cannot reach the Go API before callers do`);
      equal(response.status, 200, 'GET /readyz status');
    },
  ),
  defineCheck(
    {
      id: 'HEALTH-003',
      title: 'Go API /healthz answers "ok"',
      area: 'health',
      severity: 'critical',
      requirement: 'contract §12',
      expected: '200, body "ok" without newline, text/plain; charset=utf-8, X-Correlation-ID set',
    },
    async (ctx) => {
      const response = await ctx.http({ url: `${ctx.target.goApiUrl}/healthz`, label: 'Go healthz' });
      equal(response.status, 200, 'GET /healthz status');
      equal(response.text, 'ok', 'GET /healthz body');
      equal(response.header('content-type'), TEXT_CONTENT_TYPE, 'GET /healthz content type');
      ensure(response.header('x-correlation-id'), 'GET /healthz carries no X-Correlation-ID');
    },
  ),
  defineCheck(
    {
      id: 'HEALTH-004',
      title: 'Go API /v1/sync/info matches its schema',
      area: 'health',
      severity: 'high',
      requirement: 'contract §12',
      expected: 'the SyncInfo document: apiVersion 1.1, five entities, rate limit 600/60 s burst 120',
    },
    async (ctx) => {
      const response = await ctx.http({ url: `${ctx.target.goApiUrl}/v1/sync/info`, label: 'sync info' });
      equal(response.status, 200, 'GET /v1/sync/info status');
      equal(response.header('content-type'), 'application/json', 'GET /v1/sync/info content type');
      matches(SyncInfo, response.json(), '/v1/sync/info');
    },
  ),
  defineCheck(
    {
      id: 'HEALTH-005',
      title: "Go API clock agrees with the verifier's",
      area: 'health',
      severity: 'medium',
      requirement: 'contract §5 (tenant timestamps must be within 300 s of the Go clock)',
      expected: `serverTime within ${MAX_CLOCK_SKEW_S} s of the verifier's clock`,
      rationale: 'the proxy signs tenant headers with its own clock; a drifting Go clock makes every tool call fail once it passes 300 s',
    },
    async (ctx) => {
      const before = Date.now();
      const response = await ctx.http({ url: `${ctx.target.goApiUrl}/v1/sync/info`, label: 'sync info (clock)' });
      const midpoint = (before + Date.now()) / 2;
      const { serverTime } = matches(z.looseObject({ serverTime: NanoTimestamp }), response.json(), '/v1/sync/info serverTime');
      const skewS = (Date.parse(serverTime) - midpoint) / 1000;
      ctx.metric('clockSkewS', Math.round(skewS * 1000) / 1000);
      ensure(Math.abs(skewS) <= MAX_CLOCK_SKEW_S, `the Go API clock is ${skewS.toFixed(1)} s off (limit ±${MAX_CLOCK_SKEW_S} s)`);
    },
  ),
  defineCheck(
    {
      id: 'HEALTH-006',
      title: 'Proxy publishes valid protected-resource metadata, or none with a plain challenge',
      area: 'health',
      severity: 'high',
      posture: true,
      requirement: `${MCP_AUTH_SPEC} (RFC 9728)`,
      expected:
        '/.well-known/oauth-protected-resource: resource = the MCP endpoint, at least one authorization server; a proxy without an authorization server publishes none (404) and is reported as not OAuth-discoverable',
      rationale: 'MCP clients find the authorization server through this document; one that names none, or the wrong resource, sends them nowhere',
    },
    async (ctx) => {
      const { metadata, published } = await fetchMetadata(ctx);
      if (published === undefined) throw new CheckFailure(`metadata status: expected 200 (published) or 404 (none), got ${metadata.status}`);
      if (published) {
        const document = matches(ProtectedResourceMetadata, metadata.json(), 'protected-resource metadata');
        equal(new URL(document.resource).pathname, new URL(mcpEndpointOf(ctx.target).url).pathname, 'metadata resource path (the MCP endpoint)');
        if (document.bearer_methods_supported) ensure(document.bearer_methods_supported.includes('header'), 'bearer_methods_supported lacks "header"');
        return;
      }
      const challenge = await challengeWithoutToken(ctx, `no protected-resource metadata is published (${metadata.status}), and`);
      ensure(
        !challenge.params.resource_metadata,
        `no metadata is published (${metadata.status}), yet the 401 challenge points at ${JSON.stringify(challenge.params.resource_metadata)}`,
      );
      ctx.warn(NOT_DISCOVERABLE);
    },
  ),
  defineCheck(
    {
      id: 'HEALTH-007',
      title: 'Unauthenticated MCP request gets a 401 Bearer challenge that agrees with the metadata',
      area: 'health',
      severity: 'high',
      requirement: `${MCP_AUTH_SPEC}#authorization-server-discovery; RFC 6750 §3`,
      expected:
        '401 with WWW-Authenticate: Bearer resource_metadata="…" and that URL serving the metadata; or, when the proxy publishes no metadata, a plain Bearer challenge',
    },
    async (ctx) => {
      const challenge = await challengeWithoutToken(ctx);
      const metadataUrl = challenge.params.resource_metadata;
      if (!metadataUrl) {
        const { metadata, published } = await fetchMetadata(ctx);
        ensure(published === false, `WWW-Authenticate carries no resource_metadata, although ${METADATA_PATH} answers ${metadata.status}`);
        ctx.note('no resource_metadata: the proxy publishes no metadata (not OAuth-discoverable; HEALTH-006 reports it)');
        return;
      }
      const metadata = await ctx.http({ url: metadataUrl, label: 'metadata from challenge' });
      equal(metadata.status, 200, 'status of the resource_metadata URL');
      matches(ProtectedResourceMetadata, metadata.json(), 'metadata from the challenge');
    },
  ),
]);
