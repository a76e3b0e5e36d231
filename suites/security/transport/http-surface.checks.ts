/**
 * The MCP endpoint's HTTP surface (Streamable HTTP, MCP 2025-11-25): Origin validation against DNS rebinding, the
 * MCP-Protocol-Version header, the methods a stateless server refuses, and a request body limit. Every probe carries
 * a valid token, so the property under test is the only thing that can refuse it.
 */
import { Agent } from 'undici';
import { CheckFailure, ensure } from '../../../framework/model/assert.js';
import type { CheckContext } from '../../../framework/checks/context.js';
import { mcpEndpointOf } from '../../../framework/target/spec.js';
import { catalogue, defineCheck } from '../../../framework/checks/define.js';
import { trustedCas } from '../../../framework/target/dispatcher.js';
import type { HttpExchange } from '../../../framework/clients/http.js';
import { snippet } from '../../shared/text.js';
import { LATEST_PROTOCOL_VERSION, listsTools, mcpPost, requireToolsList, rpc, validToken } from './lib/mcp-http.js';
import { PROXY_APP, TRANSPORT_SPEC } from './lib/meta.js';

/** Origins a browser page of someone else would send (DNS rebinding, sandboxed frames, look-alike hosts, cleartext). */
function foreignOrigins(proxyUrl: string): string[] {
  const own = new URL(proxyUrl);
  return [
    'https://evil.example',
    'null',
    `https://${own.hostname}.evil.example`,
    ...(own.protocol === 'https:' ? [`http://${own.host}`] : []),
  ];
}

const BODY_BYTES = 5 * 1024 * 1024;
const BODY_TIMEOUT_MS = 20_000;
const STREAM_WAIT_MS = 5_000;

interface MethodProbe {
  readonly method: string;
  readonly url: string;
  /** the method the 405's Allow header must name */
  readonly allow: string;
}

/** A connection of its own: a refused upload can leave a keep-alive connection unusable for the next request. */
function ownDispatcher(ctx: CheckContext): Agent {
  const ca = ctx.target.caCertPem;
  return new Agent(ca ? { connect: { ca: trustedCas(ca) } } : {});
}

export const httpSurfaceChecks = catalogue([
  defineCheck(
    {
      id: 'SEC-TRANSPORT-ORIGIN',
      transports: ['http'],
      title: 'A foreign Origin is refused with 403 (DNS rebinding)',
      area: 'security/transport',
      severity: 'medium',
      requirement: `${TRANSPORT_SPEC}#security-warning (servers MUST validate Origin; invalid → 403)`,
      expected:
        "POST /mcp with a valid token and Origin https://evil.example, null, a look-alike host or the cleartext twin answers 403 without processing; the proxy's own origin and requests without Origin are served",
      rationale:
        "a web page the user visits can make the browser send requests to the MCP endpoint (DNS rebinding); checking Origin is what stops another site from driving the user's tools",
      security: {
        score: 5.3,
        cwe: 'CWE-346',
        remediation:
          "Before anything else on /mcp, answer 403 when an Origin header is present and is neither the proxy's own public origin nor listed in TOOLBRIDGE_ALLOWED_ORIGINS.",
        location: PROXY_APP,
      },
    },
    async (ctx) => {
      const token = await validToken(ctx, 'transport-origin');
      const own = new URL(ctx.target.proxyUrl).origin;
      await requireToolsList(ctx, token, 'control: tools/list without Origin');
      await requireToolsList(ctx, token, `control: tools/list with the proxy's own Origin ${own}`, { origin: own });
      const accepted: string[] = [];
      for (const origin of foreignOrigins(ctx.target.proxyUrl)) {
        const response = await mcpPost(ctx, { body: rpc('tools/list'), token, headers: { origin }, label: `tools/list with Origin ${origin}` });
        if (response.status !== 403) accepted.push(`Origin ${origin} → ${response.status}${listsTools(response) ? ' with the tool list' : ''} ${snippet(response.text)}`);
      }
      ensure(accepted.length === 0, `the MCP endpoint does not refuse foreign origins with 403: ${accepted.join('; ')}`);
    },
  ),
  defineCheck(
    {
      id: 'SEC-TRANSPORT-PROTOCOL-VERSION',
      transports: ['http'],
      title: 'An invalid MCP-Protocol-Version header is refused with 400',
      area: 'security/transport',
      severity: 'low',
      requirement: `${TRANSPORT_SPEC}#protocol-version-header (invalid or unsupported → 400 Bad Request)`,
      expected: `tools/list with MCP-Protocol-Version 1999-01-01 or "banana" answers 400; with ${LATEST_PROTOCOL_VERSION} it is served`,
      rationale:
        'a server that ignores the negotiated version answers clients it does not understand with semantics they do not expect; the spec makes the refusal mandatory so mismatches fail loudly instead of silently',
      security: {
        score: 3.1,
        cwe: 'CWE-20',
        remediation: 'Pass the MCP-Protocol-Version header through to the transport unchanged (the SDK rejects unsupported versions with 400); never strip or default it.',
        location: PROXY_APP,
      },
    },
    async (ctx) => {
      const token = await validToken(ctx, 'transport-version');
      await requireToolsList(ctx, token, `control: tools/list with MCP-Protocol-Version ${LATEST_PROTOCOL_VERSION}`, {
        'mcp-protocol-version': LATEST_PROTOCOL_VERSION,
      });
      const served: string[] = [];
      for (const version of ['1999-01-01', 'banana']) {
        const response = await mcpPost(ctx, {
          body: rpc('tools/list'),
          token,
          headers: { 'mcp-protocol-version': version },
          label: `tools/list with MCP-Protocol-Version ${version}`,
        });
        if (response.status !== 400) served.push(`MCP-Protocol-Version ${JSON.stringify(version)} → ${response.status} ${snippet(response.text)}`);
      }
      ensure(served.length === 0, `invalid protocol versions are not refused with 400: ${served.join('; ')}`);
    },
  ),
  defineCheck(
    {
      id: 'SEC-TRANSPORT-METHODS',
      title: 'The MCP endpoint refuses the methods its transport does not use with 405',
      area: 'security/transport',
      severity: 'low',
      requirement: `${TRANSPORT_SPEC}#listening-for-messages-from-the-server (GET: SSE or 405), #session-management (DELETE: 405 allowed), #backwards-compatibility (HTTP+SSE: GET the stream, POST messages); RFC 9110 §15.5.6 (405 carries Allow)`,
      expected:
        'Streamable HTTP (stateless): GET (Accept: text/event-stream) and DELETE on the endpoint answer 405 with Allow naming POST, at once. HTTP+SSE: POST, PUT, DELETE and PATCH on the stream URL answer 405 with Allow naming GET, and GET, PUT and DELETE on the message endpoint 405 with Allow naming POST',
      rationale:
        'a stateless server that opens GET streams anyway holds a connection per caller for nothing (resource exhaustion), and one that answers DELETE pretends to have sessions it cannot end; an SSE server that serves other methods on its stream or message URLs runs code no client needs',
      security: {
        score: 3.1,
        cwe: 'CWE-400',
        remediation: 'Answer every method other than POST on /mcp with 405 and `Allow: POST` before any other work (HTTP+SSE: only GET on the stream URL, only POST on the message endpoint).',
        location: PROXY_APP,
      },
    },
    async (ctx) => {
      const token = await validToken(ctx, 'transport-methods');
      const endpoint = mcpEndpointOf(ctx.target);
      const probes: MethodProbe[] = [];
      if (endpoint.transport === 'http') {
        probes.push(...['GET', 'DELETE'].map((method) => ({ method, url: endpoint.url, allow: 'POST' })));
      } else {
        probes.push(...['POST', 'PUT', 'DELETE', 'PATCH'].map((method) => ({ method, url: endpoint.url, allow: 'GET' })));
        const stream = await ctx.openSseStream({ authorization: `Bearer ${token}` }, 'the message endpoint');
        if (!('messageUrl' in stream)) return ctx.skip(`untestable: the event stream answered ${stream.status} ${snippet(stream.text)} with a valid token`);
        probes.push(...['GET', 'PUT', 'DELETE'].map((method) => ({ method, url: stream.messageUrl, allow: 'POST' })));
      }
      const wrong: string[] = [];
      for (const probe of probes) {
        const path = new URL(probe.url).pathname;
        let response: HttpExchange;
        try {
          response = await ctx.http({
            method: probe.method,
            url: probe.url,
            headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
            label: `${probe.method} ${path}`,
            timeoutMs: STREAM_WAIT_MS,
          });
        } catch {
          wrong.push(`${probe.method} ${path} gave no complete answer within ${STREAM_WAIT_MS} ms (an open stream?)`);
          continue;
        }
        const allow = response.header('allow') ?? '';
        if (response.status !== 405) wrong.push(`${probe.method} ${path} → ${response.status} ${response.header('content-type') ?? ''} ${snippet(response.text)}`);
        else if (!new RegExp(`\\b${probe.allow}\\b`, 'i').test(allow)) wrong.push(`${probe.method} ${path} → 405 without an Allow header naming ${probe.allow} (Allow: ${JSON.stringify(allow)})`);
      }
      ensure(wrong.length === 0, `the MCP endpoint serves methods its transport does not use: ${wrong.join('; ')}`);
    },
  ),
  defineCheck(
    {
      id: 'SEC-TRANSPORT-BODY-LIMIT',
      transports: ['http'],
      title: 'An oversized request body (5 MB JSON-RPC) is refused before processing',
      area: 'security/transport',
      severity: 'medium',
      requirement: 'issue #5 (MCP transport probes); OWASP API4:2023 Unrestricted Resource Consumption',
      expected: 'a 5 MB tools/list POST with a valid token answers 413 (any 4xx accepted) within 20 s, never 2xx or 5xx, and the proxy keeps serving',
      rationale:
        'every byte of an unbounded body is buffered and parsed before the JSON-RPC layer sees it; a handful of concurrent large uploads exhausts the memory of a small Fly machine',
      security: {
        score: 5.3,
        cwe: 'CWE-400',
        remediation:
          'Cap request bodies on /mcp (TOOLBRIDGE_MAX_BODY_BYTES, 1 MB by default) and answer 413 from the Content-Length or as soon as the cap is passed, without reading the rest.',
        location: PROXY_APP,
      },
    },
    async (ctx) => {
      const token = await validToken(ctx, 'transport-body');
      await requireToolsList(ctx, token, 'control: a small tools/list');
      const body = JSON.stringify(rpc('tools/list', { _meta: { padding: 'x'.repeat(BODY_BYTES) } }));
      ctx.note(`the probe is a tools/list request padded to ${body.length} bytes in params._meta (harmless if processed)`);
      const dispatcher = ownDispatcher(ctx);
      const startedAt = performance.now();
      let outcome: string | undefined;
      try {
        const response = await mcpPost(ctx, { body, token, label: '5 MB tools/list', timeoutMs: BODY_TIMEOUT_MS, dispatcher });
        ctx.metric('oversizedBodyAnswerMs', Math.round(performance.now() - startedAt));
        if (response.status < 400 || response.status >= 500) {
          outcome = `the 5 MB body was answered ${response.status}${listsTools(response) ? ' with the tool list (it was processed)' : ''} ${snippet(response.text)}`;
        } else if (response.status !== 413) ctx.note(`refused with ${response.status} rather than 413 Payload Too Large`);
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        if (timedOut) outcome = `no answer to the 5 MB body within ${BODY_TIMEOUT_MS} ms`;
        else {
          // closing the connection on an oversized upload is a refusal too, provided the proxy is still up (checked below)
          const elapsed = Math.round(performance.now() - startedAt);
          ctx.note(`the connection was closed without an answer after ${elapsed} ms (${error instanceof Error ? error.message : String(error)})`);
        }
      } finally {
        await dispatcher.close().catch(() => undefined);
      }
      if (outcome) throw new CheckFailure(outcome);
      const after = await mcpPost(ctx, { body: rpc('tools/list'), token, label: 'tools/list after the oversized body' });
      ensure(listsTools(after), `the proxy stopped serving after the oversized body: tools/list answered ${after.status} ${snippet(after.text)}`);
    },
  ),
]);
