/**
 * Rate limiting (contract §7): a token bucket per owner and per route family, announced in X-RateLimit-* headers.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { entityByKey } from '../../contract/entities.js';
import { ERR, HEADERS, LIMITS } from '../../contract/messages.js';
import { AliveItem, EpochMismatch, List, PullPage, PushAcks, Session, SyncState } from '../../contract/schemas.js';
import { ensure, equal } from '../../framework/model/assert.js';
import { catalogue, defineCheck } from '../../framework/checks/define.js';
import { call, openSessionOf, sessionHeaders, userWithSession } from './lib/call.js';
import { EntityClient } from './lib/entity-client.js';
import type { Reply } from './lib/reply.js';
import { sampleFields } from './lib/samples.js';

const notes = entityByKey('notes');
const { burst, maxRequests, windowSeconds } = LIMITS.rateLimit;
const REFILL_PER_S = maxRequests / windowSeconds;
/** Seconds for an empty bucket to fill again (120 tokens at 10/s). */
const REFILL_S = Math.ceil(burst / REFILL_PER_S);
/** How far the Go clock may be from ours (HEALTH-005 holds it to this). */
const CLOCK_TOLERANCE_S = 60;
const PARALLEL = 20;

interface RateHeaders {
  readonly remaining: number;
  readonly reset: number;
}

/** The four X-RateLimit-* headers of a limited route. */
function expectRateHeaders(reply: Reply): RateHeaders {
  const integer = (name: string): number => {
    const value = reply.header(name);
    ensure(value !== undefined, `${reply.label}: no ${name} header`);
    ensure(/^\d+$/.test(value), `${reply.label}: ${name} is not a whole number: ${JSON.stringify(value)}`);
    return Number(value);
  };
  equal(integer(HEADERS.rateLimitLimit), maxRequests, `${reply.label}: ${HEADERS.rateLimitLimit}`);
  equal(integer(HEADERS.rateLimitBurst), burst, `${reply.label}: ${HEADERS.rateLimitBurst}`);
  const remaining = integer(HEADERS.rateLimitRemaining);
  ensure(remaining < burst, `${reply.label}: ${HEADERS.rateLimitRemaining} ${remaining} is not below the burst: the request took no token`);
  const reset = integer(HEADERS.rateLimitReset);
  const nowS = Date.now() / 1000;
  ensure(
    reset >= nowS - CLOCK_TOLERANCE_S && reset <= nowS + REFILL_S + CLOCK_TOLERANCE_S,
    `${reply.label}: ${HEADERS.rateLimitReset} ${reset} is not when the bucket would be full (now is ${Math.floor(nowS)})`,
  );
  return { remaining, reset };
}

function expectNoRateHeaders(reply: Reply): void {
  const present = [HEADERS.rateLimitLimit, HEADERS.rateLimitRemaining, HEADERS.rateLimitReset, HEADERS.rateLimitBurst].filter(
    (name) => reply.header(name) !== undefined,
  );
  equal(present, [], `${reply.label}: X-RateLimit-* headers on a route outside the limiter`);
}

/** The first request of a fresh bucket leaves burst − 1 tokens. */
function expectFirstOfBucket(reply: Reply): void {
  equal(expectRateHeaders(reply).remaining, burst - 1, `${reply.label}: ${HEADERS.rateLimitRemaining} on the first request of a fresh bucket`);
}

/**
 * Sends `count` requests at once and checks that they drew the bucket down: n requests take n tokens, and at most
 * 10 per second come back while they are in flight, so the lowest Remaining is at most burst − n + 10 × elapsed.
 */
async function expectBurstDrawsDown(count: number, send: () => Promise<Reply>, what: string): Promise<Reply[]> {
  const startedAt = performance.now();
  const replies = await Promise.all(Array.from({ length: count }, send));
  const elapsedS = (performance.now() - startedAt) / 1000;
  const lowest = Math.min(...replies.map((r) => expectRateHeaders(r).remaining));
  const bound = Math.floor(burst - count + REFILL_PER_S * elapsedS);
  ensure(
    lowest <= bound,
    `${what}: after ${count} parallel requests in ${elapsedS.toFixed(2)} s, ${HEADERS.rateLimitRemaining} went no lower than ${lowest} (at most ${bound} expected)`,
  );
  return replies;
}

export const rateLimitChecks = catalogue([
  defineCheck(
    {
      id: 'GOAPI-RATELIMIT-001',
      title: 'REST answers carry X-RateLimit-* headers, errors included',
      area: 'go-api',
      severity: 'medium',
      requirement: 'contract §7',
      expected:
        'every answer of a REST route after the limiter carries X-RateLimit-Limit 600, X-RateLimit-Burst 120, X-RateLimit-Remaining (119 after the first request) and X-RateLimit-Reset; sessions, state and healthz carry none',
    },
    async (ctx) => {
      const user = await userWithSession(ctx, 'ratelimit');
      const api = new EntityClient(user, notes);
      const first = await api.list();
      first.json(200, List);
      expectFirstOfBucket(first);

      const created = await api.create(sampleFields(notes, 'rate'));
      created.succeeded(AliveItem); // its exact status (201) is GOAPI-NOTES-CRUD's concern
      const missing = await api.get(randomUUID());
      missing.jerr(404, ERR.notFound(notes));
      const invalid = await api.get('not-a-uid');
      invalid.jerr(400, ERR.invalidUid);
      for (const reply of [created, missing, invalid]) expectRateHeaders(reply);
      const parallel = await expectBurstDrawsDown(PARALLEL, () => api.list(), 'REST bucket');
      for (const reply of parallel) reply.json(200, List);

      const session = await call(user, 'POST', '/v1/sync/sessions', { withSession: false });
      session.json(201, Session);
      const state = await call(user, 'GET', '/v1/sync/state');
      state.json(200, SyncState);
      for (const reply of [session, state]) expectNoRateHeaders(reply);
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-RATELIMIT-002',
      title: 'Sync push/pull use their own bucket, separate from REST',
      area: 'go-api',
      severity: 'medium',
      requirement: 'contract §7 (two independent limiters), §16.12',
      expected: 'after a burst of REST requests, the first sync pull still starts from a full bucket (Remaining 119), and push answers carry the headers too',
    },
    async (ctx) => {
      const api = new EntityClient(await userWithSession(ctx, 'ratelimit-sync'), notes);
      const rest = await expectBurstDrawsDown(PARALLEL, () => api.list(), 'REST bucket');
      for (const reply of rest) reply.json(200, List);

      const pull = await api.pull();
      pull.json(200, PullPage);
      expectFirstOfBucket(pull);
      const push = await api.push({ items: [] });
      push.json(200, PushAcks);
      expectRateHeaders(push);
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-RATELIMIT-003',
      title: 'The limiter runs after the session check and before the epoch check',
      area: 'go-api',
      severity: 'medium',
      requirement: 'contract §2 (middleware order), §7 (position)',
      expected: 'a 428 for a missing session carries no X-RateLimit-* headers and takes no token; a 409 epoch mismatch carries them and takes one',
    },
    async (ctx) => {
      const user = await userWithSession(ctx, 'ratelimit-order');
      const api = new EntityClient(user, notes);
      const noSession = await api.rest('list', undefined, { withSession: false, label: 'GET /v1/notes without session' });
      noSession.jerr(428, ERR.sessionHeaderRequired);
      expectNoRateHeaders(noSession);

      const noEpoch = await api.rest('list', undefined, {
        withSession: false,
        headers: sessionHeaders(openSessionOf(user).id, null),
        label: 'GET /v1/notes without X-Sync-Epoch',
      });
      noEpoch.json(409, EpochMismatch);
      expectFirstOfBucket(noEpoch);
    },
  ),
  defineCheck(
    {
      id: 'GOAPI-RATELIMIT-004',
      title: 'A burst beyond 120 REST requests gets 429 with Retry-After',
      area: 'go-api',
      severity: 'medium',
      requirement: 'contract §7 (burst 120, 429), §16.12',
      expected:
        'at least 120 requests pass, then JERR 429 "Rate limit exceeded. Please retry after 1 seconds." with Retry-After: 1 and Remaining 0; the sync bucket is unaffected and the REST bucket serves again after Retry-After',
    },
    async (ctx) => {
      const api = new EntityClient(await userWithSession(ctx, 'ratelimit-429'), notes);
      const wave = 30;
      const maxRequests429 = 2 * burst + wave;
      let served = 0;
      let limited: Reply | undefined;
      // The cheapest REST request: rejected after the limiter for its uid, before any lookup.
      for (let sent = 0; sent < maxRequests429 && !limited; sent += wave) {
        const replies = await Promise.all(Array.from({ length: wave }, () => api.get('not-a-uid')));
        for (const reply of replies) {
          if (reply.status === 429) limited ??= reply;
          else {
            reply.jerr(400, ERR.invalidUid);
            served++;
          }
        }
      }
      ctx.metric('servedBefore429', served);
      ensure(limited, `no 429 after ${served} REST requests in waves of ${wave}`);
      ensure(served >= burst, `only ${served} requests were served before the first 429 (burst ${burst})`);
      equal(limited.header(HEADERS.retryAfter), '1', `${limited.label}: Retry-After`);
      limited.jerr(429, ERR.rateLimited(1));
      equal(expectRateHeaders(limited).remaining, 0, `${limited.label}: ${HEADERS.rateLimitRemaining}`);
      // Evidence keeps only the first exchanges of a check, so record the 429 itself.
      ctx.note(`first 429 after ${served} served requests: Retry-After ${limited.header(HEADERS.retryAfter)}, body ${limited.res.text.trim()}`);

      (await api.pull()).json(200, PullPage);
      await sleep(1_100);
      (await api.list()).json(200, List);
    },
  ),
]);
