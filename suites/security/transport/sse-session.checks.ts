/**
 * The HTTP+SSE transport's message endpoint (MCP 2024-11-05 transport, still served by FastMCP proxies): a POST is
 * delivered to the event stream its `session_id` names, so that id is the only thing tying a request to a caller's
 * stream. A message endpoint that accepts an id it never issued, one whose stream has closed, a malformed one or none
 * at all delivers requests (and their answers) to streams that are not the caller's.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ensure } from '../../../framework/model/assert.js';
import type { CheckContext } from '../../../framework/checks/context.js';
import { catalogue, defineCheck } from '../../../framework/checks/define.js';
import { snippet } from '../../shared/text.js';
import { initializeRequest, validToken } from './lib/mcp-http.js';
import { PROXY_APP, TRANSPORT_SPEC } from './lib/meta.js';

/** The query parameter naming the session: `session_id` (Python SDK, FastMCP) or `sessionId` (TypeScript SDK). */
const SESSION_PARAM = /^session[_-]?id$/i;

interface Variant {
  readonly label: string;
  readonly url: string;
}

function sessionParam(messageUrl: string): string | undefined {
  return [...new URL(messageUrl).searchParams.keys()].find((name) => SESSION_PARAM.test(name));
}

/** The message URL with its session id replaced (undefined: the parameter removed). */
function withSession(messageUrl: string, param: string, sessionId: string | undefined): string {
  const url = new URL(messageUrl);
  if (sessionId === undefined) url.searchParams.delete(param);
  else url.searchParams.set(param, sessionId);
  return url.toString();
}

/**
 * The session ids to try, each while another stream of the same caller is live (as in production, where some stream
 * always is): a message endpoint that falls back to "some live session" shows itself only then.
 */
async function variants(ctx: CheckContext, token: string): Promise<Variant[] | string> {
  const auth = { authorization: `Bearer ${token}` };
  const closed = await ctx.openSseStream(auth, 'a stream, closed again before its id is probed');
  if (!('messageUrl' in closed)) return `the event stream answered ${closed.status} ${snippet(closed.text)} with a valid token`;
  closed.close();
  const live = await ctx.openSseStream(auth, 'a stream kept open during the probes');
  if (!('messageUrl' in live)) return `the event stream answered ${live.status} ${snippet(live.text)} with a valid token`;
  const param = sessionParam(live.messageUrl);
  const issued = param ? new URL(live.messageUrl).searchParams.get(param) : null;
  if (!param || !issued) return `the message endpoint ${new URL(live.messageUrl).pathname} carries no session id parameter (session_id, sessionId), so this probe does not know how sessions are named`;
  const neverIssued = /^[0-9a-f-]+$/i.test(issued) && issued.includes('-') ? randomUUID() : randomBytes(issued.length % 2 === 0 ? issued.length / 2 : 16).toString('hex');
  return [
    { label: 'a session id never issued', url: withSession(live.messageUrl, param, neverIssued) },
    { label: 'the session id of a stream already closed', url: closed.messageUrl },
    { label: 'a malformed session id', url: withSession(live.messageUrl, param, '../not-a-session') },
    { label: 'no session id', url: withSession(live.messageUrl, param, undefined) },
  ];
}

export const sseSessionChecks = catalogue([
  defineCheck(
    {
      id: 'SEC-TRANSPORT-SSE-SESSION',
      transports: ['sse'],
      title: 'The HTTP+SSE message endpoint accepts only the session ids of live streams it issued',
      area: 'security/transport',
      severity: 'high',
      requirement: `${TRANSPORT_SPEC} (2024-11-05 HTTP+SSE transport: the endpoint event names the URI for the client's messages); https://modelcontextprotocol.io/specification/2025-11-25/basic/security_best_practices#session-hijacking`,
      expected:
        'with a valid token, initialize POSTed to the message endpoint with a session id never issued, with the id of a closed stream, with a malformed id and with none is refused with 4xx (404 or 400), never accepted (2xx)',
      rationale:
        'a POST accepted for a session that is not the caller\'s is answered on someone else\'s event stream: requests are injected into another client\'s session and answers go to whoever holds that stream (session hijacking)',
      security: {
        score: 7.1,
        cwe: 'CWE-384',
        remediation:
          'Look the session id up among the streams this process opened and answer 404 when it is unknown or its stream has ended, 400 when it is missing or malformed; never route a message to another session.',
        location: PROXY_APP,
      },
    },
    async (ctx) => {
      const token = await validToken(ctx, 'transport-sse-session');
      const probes = await variants(ctx, token);
      if (typeof probes === 'string') return ctx.skip(`untestable: ${probes}`);
      const accepted: string[] = [];
      const body = initializeRequest();
      for (const probe of probes) {
        const response = await ctx.http({
          method: 'POST',
          url: probe.url,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
          label: `initialize to ${probe.label}`,
        });
        if (response.status < 400 || response.status >= 500) accepted.push(`${probe.label} → ${response.status} ${snippet(response.text)}`);
      }
      ensure(accepted.length === 0, `the message endpoint accepts messages for sessions that are not live streams it issued: ${accepted.join('; ')}`);
    },
  ),
]);
