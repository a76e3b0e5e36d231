/**
 * Runs one probe against one side: the valid control first (a refused control makes the probe untestable, never
 * passed), then every attempt, each judged on its own: refused with the expected status, never accepted (2xx) or
 * crashed (5xx), the proxy's 401 a proper Bearer challenge, and the credential never reflected.
 */
import { CheckFailure } from '../../../../framework/model/assert.js';
import type { CheckContext } from '../../../../framework/checks/context.js';
import type { HttpExchange } from '../../../../framework/clients/http.js';
import { fetchMetadata } from '../../../shared/oauth-discovery.js';
import { decode } from '../../../shared/jwt-craft.js';
import type { Attempt, ProbeKit, ProbeSpec } from './probe.js';
import { targetNowMs } from './clock.js';
import { DEFAULT_TIMEOUT_MS, type Side } from './sides.js';

interface Verdict {
  readonly failures: string[];
  readonly warning?: string;
  readonly status: number;
}

const snippet = (text: string) => (text.length > 120 ? `${text.slice(0, 120)}…` : text).replace(/\s+/g, ' ').trim();

async function prepareKit(ctx: CheckContext, side: Side): Promise<ProbeKit> {
  const sub = ctx.target.newSubject('jwt');
  const control = await ctx.target.mintToken(sub);
  const response = await side.send(ctx, { label: 'control: a valid token', authorization: `Bearer ${control}` });
  if (!side.controlAccepted(response)) {
    ctx.skip(`untestable: the valid control token was refused (${side.name} answered ${response.status} ${snippet(response.text)} to ${side.route})`);
  }
  const { header, claims } = decode(control);
  let now: Promise<number> | undefined;
  const forgedSub = ctx.target.newSubject('forged');
  return {
    ctx,
    side,
    target: ctx.target,
    control,
    header,
    claims,
    forgedSub,
    forgedClaims: { ...claims, sub: forgedSub },
    nowS: async () => Math.floor((await (now ??= targetNowMs(ctx, side))) / 1000),
  };
}

/**
 * RFC 6750 §3 and the MCP authorization spec: a Bearer challenge pointing at the resource metadata, or, from a proxy
 * that publishes none (no authorization server: not OAuth-discoverable), a plain one that points nowhere.
 */
function challengeProblems(response: HttpExchange, attempt: Attempt, metadataPublished: boolean | undefined): string[] {
  const challenge = response.header('www-authenticate');
  if (!challenge) return ['401 without a WWW-Authenticate header'];
  if (!/^Bearer\b/i.test(challenge)) return [`WWW-Authenticate is not a Bearer challenge: ${JSON.stringify(snippet(challenge))}`];
  const problems: string[] = [];
  const points = /resource_metadata="[^"]+"/.test(challenge);
  if (metadataPublished !== false && !points) problems.push('the Bearer challenge carries no resource_metadata (MCP authorization)');
  if (metadataPublished === false && points) problems.push('the Bearer challenge points at resource metadata the proxy does not publish');
  if (attempt.presented && !/error="invalid_token"/.test(challenge)) problems.push('the Bearer challenge lacks error="invalid_token" for a presented token');
  return problems;
}

function reflections(response: HttpExchange, attempt: Attempt): string[] {
  const places = [['body', response.text] as const, ...Object.entries(response.headers).map(([name, value]) => [`header ${name}`, value] as const)];
  const found = new Set<string>();
  for (const part of attempt.reflect ?? []) {
    for (const [place, text] of places) if (text.includes(part)) found.add(place);
  }
  return found.size > 0 ? [`the presented credential is reflected in the ${[...found].join(', ')}`] : [];
}

function judge(side: Side, attempt: Attempt, response: HttpExchange, metadataPublished: boolean | undefined): Verdict {
  const { status } = response;
  const refusals = attempt.refusals ?? [401];
  const failures: string[] = [];
  let warning: string | undefined;
  if (status >= 200 && status < 300) {
    if (attempt.posture) warning = attempt.posture;
    else failures.push(`answered ${status}: ${attempt.presented ? 'the token was accepted' : 'processed without a valid bearer token'}`);
  } else if (status >= 500) {
    failures.push(`answered ${status} (a server error instead of a refusal): ${JSON.stringify(snippet(response.text))}`);
  } else if (!refusals.includes(status)) {
    failures.push(`answered ${status}, expected ${refusals.join(' or ')}`);
  } else if (side.challenges && status === 401) {
    failures.push(...challengeProblems(response, attempt, metadataPublished));
  }
  failures.push(...reflections(response, attempt));
  return { failures, status, ...(warning ? { warning } : {}) };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

async function tryAttempt(kit: ProbeKit, attempt: Attempt, metadataPublished: boolean | undefined): Promise<Verdict> {
  const { ctx, side } = kit;
  if (attempt.describe) ctx.note(`${attempt.label}: ${attempt.describe}`);
  try {
    const response = await side.send(ctx, {
      label: `probe: ${attempt.label}`,
      ...(attempt.authorization !== undefined ? { authorization: attempt.authorization } : {}),
      ...(attempt.query ? { query: attempt.query } : {}),
      ...(attempt.headers ? { headers: attempt.headers } : {}),
      ...(attempt.timeoutMs ? { timeoutMs: attempt.timeoutMs } : {}),
    });
    return judge(side, attempt, response, metadataPublished);
  } catch (error) {
    if (isTimeout(error)) return { failures: [`no answer within ${attempt.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms (the request hangs)`], status: -1 };
    if (!attempt.closeIsRefusal) throw error;
    ctx.note(`${attempt.label}: the connection was closed without an answer (counted as a refusal)`);
    return { failures: [], status: 0 };
  }
}

/** The root cause when a side processes requests that carry no token at all: then no forged token can be refused. */
async function unauthenticated(kit: ProbeKit): Promise<string | undefined> {
  const response = await kit.side.send(kit.ctx, { label: 'cause: the same request without any token' });
  return kit.side.controlAccepted(response)
    ? `it authenticates no one: the same request without any token was processed (${response.status}), so every crafted token is accepted with it (SEC-JWT-${kit.side.key}-MISSING-TOKEN)`
    : undefined;
}

export async function runProbe(ctx: CheckContext, side: Side, spec: ProbeSpec): Promise<void> {
  const notApplicable = spec.notApplicable?.(ctx.target, side);
  if (notApplicable) ctx.skip(notApplicable);
  const kit = await prepareKit(ctx, side);
  const metadataPublished = side.challenges ? (await fetchMetadata(ctx)).published : undefined;
  const plan = await spec.plan(kit);
  const failures: string[] = [];
  const warnings = new Set<string>();
  const statuses: Record<string, number> = {};
  try {
    for (const attempt of plan.attempts) {
      const verdict = await tryAttempt(kit, attempt, metadataPublished);
      statuses[attempt.label] = verdict.status;
      failures.push(...verdict.failures.map((f) => `${attempt.label}: ${f}`));
      if (verdict.warning) warnings.add(verdict.warning);
    }
    if (plan.after) failures.push(...(await plan.after()));
  } finally {
    await plan.dispose?.();
  }
  ctx.metric('statuses', statuses);
  if (failures.length > 0) {
    const cause = side.challenges && spec.name !== 'MISSING-TOKEN' ? await unauthenticated(kit) : undefined;
    throw new CheckFailure(
      `${side.name} did not refuse as expected (${failures.length} problem${failures.length > 1 ? 's' : ''})${cause ? `; ${cause}` : ''}: ${failures.join('; ')}`,
    );
  }
  if (warnings.size > 0) ctx.warn(`posture finding: ${[...warnings].join('; ')}`);
}
