/**
 * Requests to the Go API as a check user (or anonymously), answered as Replies.
 */
import { randomUUID } from 'node:crypto';
import { HEADERS } from '../../../contract/messages.js';
import { Session } from '../../../contract/schemas.js';
import { equal } from '../../../framework/model/assert.js';
import type { CheckContext } from '../../../framework/checks/context.js';
import type { GoRequestOptions, GoUser } from '../../../framework/clients/go-user.js';
import { Reply } from './reply.js';

export async function call(user: GoUser, method: string, path: string, options: GoRequestOptions = {}): Promise<Reply> {
  const query = options.query ? `?${new URLSearchParams(options.query)}` : '';
  const label = options.label ?? `${method} ${path}${query}`;
  return new Reply(label, await user.request(method, path, { ...options, label }));
}

/** A request without any user: no token, no tenant headers. */
export async function anonymous(
  ctx: CheckContext,
  method: string,
  path: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<Reply> {
  const label = `${method} ${path} (anonymous)`;
  return new Reply(label, await ctx.http({ method, url: `${ctx.target.goApiUrl}${path}`, headers, label }));
}

/**
 * Opens a sync session (checked against the contract: 201, Session, X-Sync-Epoch) and makes it the one the user's
 * later requests carry.
 */
export async function openSession(user: GoUser): Promise<{ id: string; epoch: number }> {
  const reply = await call(user, 'POST', '/v1/sync/sessions', { withSession: false, label: 'POST /v1/sync/sessions' });
  const { id, epoch } = reply.json(201, Session);
  equal(reply.header(HEADERS.syncEpoch), String(epoch), `${reply.label}: X-Sync-Epoch header`);
  user.session = { id, epoch };
  return user.session;
}

/** A new user of the Go API with an open sync session. */
export async function userWithSession(ctx: CheckContext, label: string): Promise<GoUser> {
  const user = await ctx.user(label);
  await openSession(user);
  return user;
}

export function openSessionOf(user: GoUser): { id: string; epoch: number } {
  if (!user.session) throw new Error(`${user.sub} has no open sync session`);
  return user.session;
}

/**
 * Explicit session headers, for requests sent with `withSession: false`: the session id and, unless `epoch` is
 * null, an X-Sync-Epoch value (default: the session's epoch).
 */
export function sessionHeaders(sessionId: string, epoch: string | null): Record<string, string> {
  return epoch === null ? { [HEADERS.syncSession]: sessionId } : { [HEADERS.syncSession]: sessionId, [HEADERS.syncEpoch]: epoch };
}

/** A correlation id unique to one request, to see it echoed. */
export function freshCorrelationId(): string {
  return `tbv-corr-${randomUUID()}`;
}
