/**
 * The identities of a load run: one JWT subject per virtual user (the Go API rate-limits per user: 120 burst,
 * 10/s, so one shared user would measure the limiter, not the system), and the cleanup that wipes what they wrote.
 * Tokens are secrets: they live in memory, or in the k6 data file (mode 0600, deleted after the run); never printed.
 */
import { createHmac } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { Agent, request } from 'undici';
import type { Target } from '../../framework/target/target.js';
import { goHeaders, parseSession, type LoadUser } from '../scenario/scenario.js';

/** Mints `count` tokens for fresh subjects of this run, valid for `validForS` seconds. */
export async function mintUsers(target: Target, count: number, label: string, validForS: number): Promise<LoadUser[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const sub = target.newSubject(`${label}${i + 1}`);
      return { sub, token: await target.mintToken(sub, { expiresInS: validForS }) };
    }),
  );
}

/**
 * Wipes every user's data with the API's own wipe (a session of its own, then POST /v1/sync/wipe), a few users at a
 * time. Returns how many wipes failed; a failed cleanup is reported, never fatal.
 */
export async function wipeUsers(target: Pick<Target, 'goApiUrl' | 'tenantId' | 'tenantSecret' | 'caCertPem'>, users: readonly LoadUser[]): Promise<number> {
  const dispatcher = new Agent(target.caCertPem ? { connect: { ca: [...rootCertificates, target.caCertPem] } } : {});
  const key = Buffer.from(target.tenantSecret, 'utf8');
  const sign = (message: string) => createHmac('sha256', key).update(message, 'utf8').digest('hex');
  let failed = 0;
  const wipe = async (user: LoadUser) => {
    try {
      const opened = await request(`${target.goApiUrl}/v1/sync/sessions`, {
        method: 'POST',
        headers: goHeaders(user.token, target.tenantId, undefined, Date.now(), sign, false),
        dispatcher,
        signal: AbortSignal.timeout(15_000),
      });
      const session = parseSession(opened.statusCode, await opened.body.text());
      if (!session) throw new Error('no session');
      const wiped = await request(`${target.goApiUrl}/v1/sync/wipe`, {
        method: 'POST',
        headers: goHeaders(user.token, target.tenantId, session, Date.now(), sign, true),
        body: JSON.stringify({ confirm: 'WIPE' }),
        dispatcher,
        signal: AbortSignal.timeout(15_000),
      });
      await wiped.body.dump();
      if (wiped.statusCode !== 200) throw new Error(`wipe ${wiped.statusCode}`);
    } catch {
      failed++;
    }
  };
  const queue = [...users];
  await Promise.all(
    Array.from({ length: Math.min(8, queue.length) }, async () => {
      for (let user = queue.shift(); user; user = queue.shift()) await wipe(user);
    }),
  );
  await dispatcher.close();
  return failed;
}
