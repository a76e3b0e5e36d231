/**
 * Arrange steps of the isolation checks. When the target refuses them (no session, no item created), the check is
 * untestable, never passed.
 */
import { randomUUID } from 'node:crypto';
import type { CheckContext } from '../../framework/checks/context.js';
import type { GoUser } from '../../framework/clients/go-user.js';
import { ArrangeFailed, seedOneOfEach, type OwnedItem } from './owned-items.js';

/** A new user (a JWT subject of its own) with an open sync session. */
export async function userWithSession(ctx: CheckContext, label: string, who: string): Promise<GoUser> {
  const user = await ctx.user(label);
  try {
    await user.openSession();
  } catch (error) {
    ctx.skip(`untestable: user ${who} could not open a sync session (${error instanceof Error ? error.message : String(error)})`);
  }
  return user;
}

export async function seedOrSkip(ctx: CheckContext, user: GoUser, who: string, marker: string): Promise<OwnedItem[]> {
  try {
    return await seedOneOfEach(user, who, marker);
  } catch (error) {
    if (error instanceof ArrangeFailed) ctx.skip(`untestable: ${error.message}`);
    throw error;
  }
}

/** A marker unique to one check, written into the owner's payloads, so any answer carrying it shows a leak. */
export function newMarker(who: string): string {
  return `isolation-${randomUUID().slice(0, 8)}-${who.toLowerCase()}`;
}

/** User A with one item of every entity, and user B with a session, as most isolation probes need them. */
export async function ownerAndIntruder(ctx: CheckContext): Promise<{ a: GoUser; b: GoUser; owned: OwnedItem[]; marker: string }> {
  const marker = newMarker('A');
  const a = await userWithSession(ctx, 'isolation-a', 'A');
  const owned = await seedOrSkip(ctx, a, 'A', marker);
  const b = await userWithSession(ctx, 'isolation-b', 'B');
  ctx.note(
    `user A is JWT subject ${a.sub}, user B is ${b.sub}: both carry valid tokens and the target's tenant headers. ` +
      `A owns ${owned.map((o) => `${o.entity.singular} ${o.uid}`).join(', ')} (payloads marked ${marker}).`,
  );
  return { a, b, owned, marker };
}
