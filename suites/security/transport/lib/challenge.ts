/**
 * Bearer challenges (RFC 6750 §3) and the bad tokens that provoke them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { CheckContext } from '../../../../framework/checks/context.js';

export { parseChallenge, type Challenge } from '../../../shared/challenge.js';

export interface BadToken {
  readonly label: string;
  readonly token: string;
  /** what was crafted, for the evidence (never a secret) */
  readonly crafted: string;
}

/**
 * Three tokens the target must refuse: not a JWT at all, a JWT signed with a key the target never saw, and a
 * correctly signed token that expired an hour ago.
 */
export async function badTokens(ctx: CheckContext): Promise<BadToken[]> {
  const sub = ctx.target.newSubject('transport-bad-token');
  const nowS = Math.floor(Date.now() / 1000);
  const claims = {
    ...(ctx.target.issuer ? { iss: ctx.target.issuer } : {}),
    ...(ctx.target.audience ? { aud: ctx.target.audience } : {}),
  };
  const foreign = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + 600)
    .sign(randomBytes(32));
  return [
    { label: 'not a JWT', token: `tbv-not-a-jwt-${randomUUID()}`, crafted: 'an opaque string that is not a JWT' },
    {
      label: 'signed with an unknown key',
      token: foreign,
      crafted: `header {"alg":"HS256","typ":"JWT"}, claims sub/iss/aud/exp as a valid token, signed with a random 256-bit key the target never saw`,
    },
    {
      label: 'expired an hour ago',
      token: await ctx.target.mintToken(sub, { expiresInS: -3600 }),
      crafted: "signed with the target's own key, exp one hour in the past",
    },
  ];
}

/** An absolute URL without fragment or trailing slash, for comparing resource identifiers. */
export function normalizedUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href.replace(/\/+$/, '');
}
