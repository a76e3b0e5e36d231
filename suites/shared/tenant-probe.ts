/**
 * Sending tenant header probes to the Go API: always with the user's VALID JWT, so only the X-TB-* headers decide,
 * on the cheap authenticated route POST /v1/sync/sessions. Every probe family starts with a valid control.
 */
import { TEXT } from '../../contract/messages.js';
import { CheckFailure } from '../../framework/model/assert.js';
import type { CheckContext } from '../../framework/checks/context.js';
import type { GoUser } from '../../framework/clients/go-user.js';
import type { HttpExchange } from '../../framework/clients/http.js';
import { freshSet, type TenantProbe } from './tenant-headers.js';

/** The probe route: authenticated, tenant-checked, no session or body needed, not rate-limited (contract §6). */
export const PROBE_ROUTE = { method: 'POST', path: '/v1/sync/sessions', accepted: 201 } as const;

/** What the real Go API answers to every bad tenant header set (contract §5, TEXT). */
export const TENANT_REJECTION = { status: 401, body: `${TEXT.invalidTenantHeaders}\n` } as const;

export interface Route {
  readonly method: string;
  readonly path: string;
}

/** Sends exactly `headers` as the tenant headers (none added), with the user's valid bearer token. */
export function sendTenantHeaders(user: GoUser, headers: Readonly<Record<string, string>>, label: string, route: Route = PROBE_ROUTE): Promise<HttpExchange> {
  return user.request(route.method, route.path, { tenant: false, withSession: false, headers, label });
}

/** Sends one crafted probe, noting first how its (redacted) signature was made. */
export function sendProbe(ctx: CheckContext, user: GoUser, probe: TenantProbe, route: Route = PROBE_ROUTE): Promise<HttpExchange> {
  ctx.note(probe.crafted);
  return sendTenantHeaders(user, probe.headers, probe.label, route);
}

const snippet = (text: string) => JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);

/** `201 application/json "…"`: one answer in a failure message. */
export function describeAnswer(response: HttpExchange): string {
  return `${response.status} ${response.header('content-type') ?? '(no content type)'} ${snippet(response.text)}`;
}

export const isAccepted = (response: HttpExchange): boolean => response.status >= 200 && response.status < 300;

/**
 * The valid control: the same user and route with fresh, correctly signed headers must get 201. Otherwise the
 * probes that follow prove nothing, and the check is reported untestable.
 */
export async function requireControl(ctx: CheckContext, user: GoUser, nowMs?: number, label = 'control: fresh, correctly signed tenant headers'): Promise<HttpExchange> {
  const response = await sendTenantHeaders(user, freshSet(ctx.target, nowMs), label);
  if (response.status !== PROBE_ROUTE.accepted) {
    ctx.skip(
      `untestable: the valid control (valid JWT, fresh tenant headers signed with the configured TENANT_HEADER_SECRET) on ${PROBE_ROUTE.method} ${PROBE_ROUTE.path} got ${describeAnswer(response)}, not ${PROBE_ROUTE.accepted} (wrong TENANT_HEADER_SECRET or JWT key in the target configuration, or a Go clock more than 300 s off: see SEC-SKEW-* and HEALTH-005)`,
    );
  }
  return response;
}

/** The verdict on one probe that must be refused: undefined when it got the 401, else what went wrong. */
export function rejectionProblem(probe: { readonly label: string }, response: HttpExchange): string | undefined {
  if (response.status === TENANT_REJECTION.status) return undefined;
  if (isAccepted(response)) return `${probe.label}: ACCEPTED (${response.status})`;
  return `${probe.label}: answered ${describeAnswer(response)} instead of 401`;
}

/**
 * Sends every probe (in order) and fails, naming each probe that was not answered 401, with `headline` first.
 * Metrics: how many probes were sent, accepted, and answered neither 2xx nor 401.
 */
export async function expectAllRejected(ctx: CheckContext, user: GoUser, probes: readonly TenantProbe[], headline: string, route: Route = PROBE_ROUTE): Promise<void> {
  const problems: string[] = [];
  let accepted = 0;
  for (const probe of probes) {
    const response = await sendProbe(ctx, user, probe, route);
    if (isAccepted(response)) accepted++;
    const problem = rejectionProblem(probe, response);
    if (problem) problems.push(problem);
  }
  ctx.metric('probes', probes.length);
  ctx.metric('accepted', accepted);
  ctx.metric('otherAnswers', problems.length - accepted);
  if (problems.length > 0) throw new CheckFailure(`${headline}: ${problems.join('; ')}`);
}
