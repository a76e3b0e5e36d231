/**
 * Posture findings the real Go API is documented to have (contract §5, §16.4), reported rather than hidden:
 * a tenant header set can be replayed within the window, and the tenant id binds nothing. Each check warns on
 * the real API and FAILS on a target that is worse (a stale or wrongly signed set, or an unsigned tenant id, works).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import { HEADERS } from '../../../contract/messages.js';
import { Item, Session } from '../../../contract/schemas.js';
import { CheckFailure } from '../../../framework/model/assert.js';
import type { CheckContext } from '../../../framework/checks/context.js';
import { catalogue, defineCheck } from '../../../framework/checks/define.js';
import type { GoUser } from '../../../framework/clients/go-user.js';
import type { HttpExchange } from '../../../framework/clients/http.js';
import { freshSet, otherTenantId, randomHexSecret, signedSet, timestampProbe, type TenantProbe } from '../../shared/tenant-headers.js';
import { CONTRACT_TENANT, GO_TENANT_CONTRACT, HMAC_CHECKLIST } from '../../shared/tenant-meta.js';
import { describeAnswer, isAccepted, rejectionProblem, requireControl, sendProbe, sendTenantHeaders, type Route } from '../../shared/tenant-probe.js';

/** How long to wait before replaying: "a few seconds later", well inside the 300 s window. */
const REPLAY_DELAY_MS = 2_000;
const HOUR_MS = 3_600_000;

/** Sends `probes` on `route`; fails (target worse than documented) naming each one that was not refused. */
async function mustBeRefused(ctx: CheckContext, user: GoUser, probes: readonly TenantProbe[], route: Route, headline: string): Promise<void> {
  const problems: string[] = [];
  for (const probe of probes) {
    const problem = rejectionProblem(probe, await sendProbe(ctx, user, probe, route));
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new CheckFailure(`${headline}: ${problems.join('; ')}`);
}

/** The body parsed with `schema`, or undefined when it is not JSON or does not match. */
function parsed<S extends z.ZodType>(response: HttpExchange, schema: S): z.infer<S> | undefined {
  try {
    const result = schema.safeParse(response.json());
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

export const postureChecks = catalogue([
  defineCheck(
    {
      id: 'SEC-TENANT-REPLAY',
      title: 'Tenant header replay inside the window (no nonce): accepted risk',
      area: 'security/tenant',
      severity: 'medium',
      posture: true,
      requirement: `${CONTRACT_TENANT}: "Replay: no nonce … up to 5 min"; contract §16.4; ${HMAC_CHECKLIST} test 4`,
      expected:
        'real API (posture, warned): an identical header set re-sent a few seconds later on another route and method is accepted; it must never work once stale (1 h old) or with a wrong signature. A target with a nonce cache refuses the replay and passes.',
      rationale:
        'the signature covers only tenant id and timestamp (no method, path, body or nonce), so anyone who sees one proxy request can reuse its headers on any route for up to five minutes',
      security: {
        score: 5.3,
        cwe: 'CWE-294',
        remediation:
          'Sign method, path and a body hash together with tenant id and timestamp, and refuse a signature already seen inside the window (nonce or signature cache); until then keep the Go API reachable only from the proxy.',
        location: GO_TENANT_CONTRACT,
      },
    },
    async (ctx) => {
      const user = await ctx.user('sec-tenant-replay');
      const original = freshSet(ctx.target);
      ctx.note(`header set H: X-TB-Tenant-ID ${JSON.stringify(original[HEADERS.tenantId])}, X-TB-Timestamp ${original[HEADERS.tenantTimestamp]}, correctly signed`);
      const first = await sendTenantHeaders(user, original, 'control: header set H on POST /v1/sync/sessions');
      const session = first.status === 201 ? parsed(first, Session) : undefined;
      if (!session) return ctx.skip(`untestable: the valid control (fresh, correctly signed headers) got ${describeAnswer(first)}, not 201 with a session`);
      const otherRoute: Route = { method: 'GET', path: `/v1/sync/sessions/${session.id}` };

      // Worse than documented: an old captured set, or one with a wrong signature, works.
      const now = Date.now();
      await mustBeRefused(
        ctx,
        user,
        [
          timestampProbe(ctx.target, 'captured an hour ago (stale, correctly signed)', String(now - HOUR_MS)),
          {
            label: 'fresh set with a wrong signature',
            headers: signedSet(ctx.target.tenantId, String(now), randomHexSecret()),
            crafted: `fresh set with a wrong signature: X-TB-Timestamp ${now}, X-TB-Signature = HMAC-SHA256 under a random secret`,
          },
        ],
        otherRoute,
        'worse than the documented API (which limits replay to 5 minutes of correctly signed sets)',
      );

      const sentAt = Number(original[HEADERS.tenantTimestamp]);
      await sleep(Math.max(0, sentAt + REPLAY_DELAY_MS - Date.now()));
      const replay = await sendTenantHeaders(user, original, `replay of H on ${otherRoute.method} ${otherRoute.path}`, otherRoute);
      const delayMs = Date.now() - sentAt;
      ctx.metric('replayDelayMs', delayMs);
      ctx.metric('replayStatus', replay.status);
      if (replay.status === 401) return; // replay protection (nonce / signature cache): better than the real API
      if (!isAccepted(replay)) return ctx.skip(`untestable: the replay got ${describeAnswer(replay)}, neither accepted nor refused by the tenant check`);
      return ctx.warn(
        `accepted risk (contract §5, no nonce): the identical tenant header set H, first used on POST /v1/sync/sessions, was accepted again ${(delayMs / 1000).toFixed(1)} s later on ${otherRoute.method} ${otherRoute.path} (${replay.status}); the signature binds no method, path, body or nonce, so a captured set works on any route for up to 300 s. Stale and wrongly signed sets were refused.`,
      );
    },
  ),
  defineCheck(
    {
      id: 'SEC-TENANT-UNBOUND-TENANT',
      title: 'The tenant id is not tied to data or to the JWT: accepted risk',
      area: 'security/tenant',
      severity: 'medium',
      posture: true,
      requirement: `${CONTRACT_TENANT}: "Data binding … never read again … any tenant id signed with the shared secret works"; contract §16.4`,
      expected:
        'real API (posture, warned): another tenant id signed with the shared secret is accepted with the same JWT and reads data created under the configured tenant; a tenant id that is NOT correctly signed is always answered 401. A target that binds tenant ids refuses the other tenant and passes.',
      rationale:
        'the tenant id looks like an isolation boundary but scopes nothing: data is scoped by the JWT subject alone, so multi-tenant assumptions built on it do not hold',
      security: {
        score: 5.4,
        cwe: 'CWE-639',
        remediation:
          'Treat X-TB-Tenant-ID as an identifier, not an authorization: either bind it (allowlist, or compare with a tenant claim in the JWT, and scope queries by it) or document that isolation rests on the JWT subject alone.',
        location: GO_TENANT_CONTRACT,
      },
    },
    async (ctx) => {
      const user = await ctx.user('sec-tenant-unbound');
      const control = await requireControl(ctx, user);
      const session = parsed(control, Session);
      if (!session) return ctx.skip(`untestable: the control's 201 carries no session: ${describeAnswer(control)}`);
      user.session = { id: session.id, epoch: session.epoch };
      const signer = ctx.target;
      const tenantB = otherTenantId(signer, 'b');
      const now = String(Date.now());

      // Worse than documented: a tenant id that is not signed with the shared secret works.
      await mustBeRefused(
        ctx,
        user,
        [
          {
            label: `tenant B (${tenantB}) with the configured tenant's signature`,
            headers: { ...signedSet(signer.tenantId, now, signer.tenantSecret), [HEADERS.tenantId]: tenantB },
            crafted: `unsigned tenant B: X-TB-Tenant-ID ${JSON.stringify(tenantB)}, signature of ${JSON.stringify(`${signer.tenantId}:${now}`)}`,
          },
          {
            label: `tenant B (${tenantB}) signed with another secret`,
            headers: signedSet(tenantB, now, randomHexSecret()),
            crafted: `tenant B signed with a random secret: X-TB-Tenant-ID ${JSON.stringify(tenantB)}, X-TB-Timestamp ${now}`,
          },
        ],
        { method: 'POST', path: '/v1/sync/sessions' },
        'worse than the documented API: tenant ids that are not signed with the shared secret are accepted',
      );

      const asB = () => signedSet(tenantB, String(Date.now()), signer.tenantSecret);
      ctx.note(`tenant B = ${JSON.stringify(tenantB)}, signed with the shared secret; the same JWT as the configured tenant ${JSON.stringify(signer.tenantId)}`);
      const sessionAsB = await sendTenantHeaders(user, asB(), 'same JWT, tenant B signed with the shared secret: POST /v1/sync/sessions');
      ctx.metric('otherTenantStatus', sessionAsB.status);
      if (sessionAsB.status === 401) return; // tenant ids are bound (allowlist or JWT claim): better than the real API
      if (!isAccepted(sessionAsB)) return ctx.skip(`untestable: tenant B got ${describeAnswer(sessionAsB)}, neither accepted nor refused by the tenant check`);

      const created = await user.request('POST', '/v1/notes', { body: { title: 'tenant binding probe' }, label: `create a note as the configured tenant ${signer.tenantId}` });
      const note = created.status === 201 ? parsed(created, Item) : undefined;
      if (!note) {
        return ctx.warn(
          `accepted risk (contract §5): tenant id ${JSON.stringify(tenantB)}, signed with the shared secret, was accepted with the same JWT (${sessionAsB.status}); the tenant id is not tied to the JWT (data binding not measured: creating a note got ${describeAnswer(created)})`,
        );
      }
      const read = await user.request('GET', `/v1/notes/${note.uid}`, { tenant: false, headers: asB(), label: `read that note as tenant B` });
      ctx.metric('crossTenantReadStatus', read.status);
      const readBack = read.status === 200 ? parsed(read, Item) : undefined;
      if (readBack?.uid === note.uid) {
        return ctx.warn(
          `accepted risk (contract §5): tenant id ${JSON.stringify(tenantB)}, signed with the shared secret, was accepted with the same JWT, and it read note ${note.uid} created under tenant ${JSON.stringify(signer.tenantId)} (200); the tenant id scopes neither identity nor data, only the JWT subject does. Unsigned tenant ids were refused.`,
        );
      }
      return ctx.warn(
        `accepted risk (contract §5): tenant id ${JSON.stringify(tenantB)}, signed with the shared secret, was accepted with the same JWT (${sessionAsB.status}); reading the configured tenant's note as tenant B got ${describeAnswer(read)}, so data may be scoped, but the tenant id is not tied to the JWT`,
      );
    },
  ),
]);
