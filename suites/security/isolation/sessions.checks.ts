/**
 * Sync sessions belong to their owner (contract §6): user B cannot ride user A's session on the routes that require
 * one, nor read or end it through the session routes.
 */
import { entityByKey } from '../../../contract/entities.js';
import { ERR, HEADERS, TEXT } from '../../../contract/messages.js';
import { ROUTES, type RouteName } from '../../../contract/routes.js';
import { catalogue, defineCheck } from '../../../framework/checks/define.js';
import type { GoUser } from '../../../framework/clients/go-user.js';
import { ownerAndIntruder } from '../../shared/arrange.js';
import { GO_CONTRACT, SESSIONS } from './lib/meta.js';
import { changesSince } from '../../shared/owned-items.js';
import { isSuccess, jsonError, snippet } from '../../shared/text.js';
import { judge, type ProbeResult } from '../../shared/probe-verdict.js';

const notes = entityByKey('notes');
const SESSION_PATH = '/v1/sync/sessions';

/** One route of each kind behind SessionRequired, the wipe last: REST, sync pull, state, wipe. */
const SESSION_ROUTE_KINDS: readonly RouteName[] = ['list', 'pull', 'state', 'wipe'];
const SESSION_ROUTES = SESSION_ROUTE_KINDS.map((name) => {
  const route = ROUTES.find((r) => r.name === name && r.flags.session && (r.entity === undefined || r.entity === notes));
  if (!route) throw new Error(`no session route named ${name}`);
  return { method: route.method, path: route.path, ...(name === 'wipe' ? { body: { confirm: 'WIPE' } } : {}) };
});

function sessionOf(user: GoUser): { id: string; epoch: number } {
  if (!user.session) throw new Error(`${user.sub} has no open session`);
  return user.session;
}

/** The owner's session is still alive and its own: GET by the owner answers 200. */
async function ownerSessionLost(a: GoUser, id: string): Promise<string[]> {
  const response = await a.request('GET', `${SESSION_PATH}/${id}`, { withSession: false, label: "A checks its own session afterwards" });
  return response.status === 200 ? [] : [`A's own session ${id} now answers ${response.status} ${snippet(response.text)} to A`];
}

export const sessionChecks = catalogue([
  defineCheck(
    {
      id: 'SEC-ISOLATION-SESSION-HIJACK',
      title: "User B cannot use user A's sync session (X-Sync-Session of A with B's JWT)",
      area: 'security/isolation',
      severity: 'high',
      requirement: `${SESSIONS}: session of another owner → JERR 403`,
      expected: `GET /v1/notes, GET /v1/sync/notes/pull, GET /v1/sync/state and POST /v1/sync/wipe with B's token and A's X-Sync-Session answer JERR 403 "${ERR.sessionWrongOwner}"; A's session and items are untouched`,
      rationale:
        "a sync session id travels in a header and shows up in logs and client storage; if it is not tied to the token's owner, whoever holds one can act inside another user's sync state",
      security: {
        score: 8.1,
        cwe: 'CWE-384',
        remediation:
          "In SessionRequired, compare the session's owner with the owner id of the verified JWT and answer 403 when they differ, before any handler runs.",
        location: GO_CONTRACT,
      },
    },
    async (ctx) => {
      const { a, b, owned } = await ownerAndIntruder(ctx);
      const stolen = sessionOf(a);
      const control = await b.request('GET', `/v1/${notes.path}`, { label: "control: B's own session on GET /v1/notes" });
      const probes: ProbeResult[] = [];
      for (const route of SESSION_ROUTES) {
        const response = await b.request(route.method, route.path, {
          withSession: false,
          headers: { [HEADERS.syncSession]: stolen.id, [HEADERS.syncEpoch]: String(stolen.epoch) },
          ...('body' in route ? { body: route.body } : {}),
          label: `B: ${route.method} ${route.path} with A's X-Sync-Session`,
        });
        const error = jsonError(response.text);
        const refused = response.status === 403 && error === ERR.sessionWrongOwner;
        probes.push({
          harmful: isSuccess(response.status),
          problem: refused
            ? undefined
            : `B's ${route.method} ${route.path} with A's session answered ${response.status} ${snippet(response.text)} (expected JERR 403 "${ERR.sessionWrongOwner}")`,
        });
      }
      judge(ctx, {
        harm: "user B's requests were accepted with user A's sync session",
        wrongRefusal: "user B's requests with user A's sync session were not refused with 403",
        probes,
        changes: [...(await ownerSessionLost(a, stolen.id)), ...(await changesSince(a, owned))],
        controlFailures: control.status === 200 ? [] : [`B's GET /v1/notes with its own session answered ${control.status} ${snippet(control.text)}`],
      });
    },
  ),
  defineCheck(
    {
      id: 'SEC-ISOLATION-SESSION-MANAGE',
      title: "User B cannot read or delete user A's sync session",
      area: 'security/isolation',
      severity: 'high',
      requirement: `${SESSIONS}: GET/DELETE of another owner's session → TEXT 403 "forbidden"`,
      expected: `GET and DELETE /v1/sync/sessions/{A's id} with B's token answer TEXT 403 "${TEXT.forbidden}", and A's session stays alive`,
      rationale:
        "reading another user's session discloses its internal owner id and epoch; deleting it breaks that user's sync at will",
      security: {
        score: 7.1,
        cwe: 'CWE-639',
        remediation: "Look sessions up by id and owner: answer 403 (or 404) to GET and DELETE when the session's owner is not the caller.",
        location: GO_CONTRACT,
      },
    },
    async (ctx) => {
      const { a, b } = await ownerAndIntruder(ctx);
      const theirs = `${SESSION_PATH}/${sessionOf(a).id}`;
      const control = await b.request('GET', `${SESSION_PATH}/${sessionOf(b).id}`, { withSession: false, label: "control: B reads its own session" });
      const probes: ProbeResult[] = [];
      for (const method of ['GET', 'DELETE']) {
        const response = await b.request(method, theirs, { withSession: false, label: `B: ${method} A's session` });
        const refused = response.status === 403 && response.text.trim() === TEXT.forbidden;
        probes.push({
          harmful: isSuccess(response.status),
          problem: refused ? undefined : `B's ${method} ${theirs} answered ${response.status} ${snippet(response.text)} (expected TEXT 403 "${TEXT.forbidden}")`,
        });
      }
      judge(ctx, {
        harm: "user B could read or delete user A's sync session",
        wrongRefusal: "user B's access to user A's sync session was not refused with 403",
        probes,
        changes: await ownerSessionLost(a, sessionOf(a).id),
        controlFailures: control.status === 200 ? [] : [`B's GET of its own session answered ${control.status} ${snippet(control.text)}`],
      });
    },
  ),
]);
