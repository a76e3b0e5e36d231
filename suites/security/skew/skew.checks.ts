/**
 * security/skew: the tenant timestamp window (contract §5: |now − timestamp| ≤ 300 s, past and future alike) and
 * the timestamp format (Unix epoch MILLISECONDS as a decimal integer). Every timestamp is placed relative to the
 * TARGET's clock, measured first (target-clock.ts), so a Go API whose clock is off from the verifier's is still
 * probed exactly at its boundary.
 */
import { LIMITS } from '../../../contract/messages.js';
import { CheckFailure } from '../../../framework/model/assert.js';
import type { CheckContext } from '../../../framework/checks/context.js';
import { catalogue, defineCheck, type CheckDef } from '../../../framework/checks/define.js';
import type { GoUser } from '../../../framework/clients/go-user.js';
import type { HttpExchange } from '../../../framework/clients/http.js';
import { timestampProbe, type Signer, type TenantProbe } from '../../shared/tenant-headers.js';
import { CONTRACT_TENANT, GO_TENANT_CONTRACT, HMAC_CHECKLIST } from '../../shared/tenant-meta.js';
import { describeAnswer, expectAllRejected, isAccepted, requireControl, sendProbe } from '../../shared/tenant-probe.js';
import { estimateTargetClock, targetNowMs, type ClockEstimate } from './target-clock.js';

const WINDOW_S = LIMITS.tenantSkewSeconds;
/** Distance of the boundary pair from the window edge: 295 s must pass, 305 s must not. */
const MARGIN_S = 5;
/** Beyond this, the clock estimate cannot place a probe on the right side of a 5 s margin. */
const MAX_UNCERTAINTY_MS = 2_000;
/** When the outer probe passes: how far the window really reaches, for the report. */
const LADDER_S = [605, 3_605, 86_405];

/** The user, the target clock estimate, and a passed control at the target's "now". */
async function arrange(ctx: CheckContext, label: string): Promise<{ user: GoUser; clock: ClockEstimate }> {
  const user = await ctx.user(label);
  const clock = await estimateTargetClock(ctx);
  if (!clock) return ctx.skip('untestable: the target clock cannot be measured (no serverTime in /v1/sync/info, no Date header)');
  if (clock.uncertaintyMs > MAX_UNCERTAINTY_MS) {
    return ctx.skip(`untestable: the target clock is known only to ±${clock.uncertaintyMs} ms, too coarse for a ±${MARGIN_S} s boundary pair`);
  }
  await requireControl(ctx, user, targetNowMs(clock), 'control: fresh, correctly signed headers at the target clock');
  return { user, clock };
}

interface Direction {
  readonly name: 'past' | 'future';
  readonly sign: -1 | 1;
  readonly words: string;
}

const DIRECTIONS: readonly Direction[] = [
  { name: 'past', sign: -1, words: 'behind' },
  { name: 'future', sign: 1, words: 'ahead of' },
];

/** A correctly signed probe `seconds` in `direction` from the target's now. */
function offsetProbe(signer: Signer, clock: ClockEstimate, direction: Direction, seconds: number): TenantProbe {
  return timestampProbe(signer, `timestamp ${seconds} s ${direction.words} the target clock`, String(targetNowMs(clock) + direction.sign * seconds * 1000));
}

function windowCheck(direction: Direction): CheckDef {
  const inner = WINDOW_S - MARGIN_S;
  const outer = WINDOW_S + MARGIN_S;
  return defineCheck(
    {
      id: `SEC-SKEW-WINDOW-${direction.name.toUpperCase()}`,
      title: `Tenant timestamps ${direction.words} the Go clock: ${inner} s accepted, ${outer} s refused`,
      area: 'security/skew',
      severity: 'medium',
      requirement: `${CONTRACT_TENANT}: skew window |now − timestamp| ≤ ${WINDOW_S} s, past and future alike; ${HMAC_CHECKLIST} test 2 (boundary pair, both directions)`,
      expected: `relative to the target's own clock: a timestamp ${inner} s ${direction.words} it is accepted (201), one ${outer} s ${direction.words} it is refused (401)`,
      rationale:
        'the window is how long a captured tenant header set stays usable: a wider window (or none) extends replay, while one narrower than documented breaks the proxy on ordinary clock drift',
      security: {
        score: 5.3,
        cwe: 'CWE-294',
        remediation: `Refuse tenant timestamps whose absolute distance from the server clock exceeds ${WINDOW_S} s, in both directions; keep the clocks NTP-synchronised rather than widening the window.`,
        location: GO_TENANT_CONTRACT,
      },
    },
    async (ctx) => {
      const { user, clock } = await arrange(ctx, `sec-skew-${direction.name}`);
      // A probe's true skew is off by at most the estimate's uncertainty plus its own round trip.
      const ambiguous = (r: HttpExchange) => clock.uncertaintyMs + r.durationMs >= MARGIN_S * 1000;
      const untestable = (r: HttpExchange) =>
        ctx.skip(`untestable: ±${clock.uncertaintyMs} ms clock uncertainty plus a ${r.durationMs} ms round trip exceed the ${MARGIN_S} s margin`);

      const inside = await sendProbe(ctx, user, offsetProbe(ctx.target, clock, direction, inner));
      ctx.metric('insideStatus', inside.status);
      if (inside.status !== 201) {
        if (ambiguous(inside)) return untestable(inside);
        throw new CheckFailure(
          `a correctly signed timestamp ${inner} s ${direction.words} the target clock (±${clock.uncertaintyMs} ms) got ${describeAnswer(inside)}, not 201: the window is narrower than the contract's ${WINDOW_S} s, so a proxy whose clock drifts less than that is refused`,
        );
      }

      const outside = await sendProbe(ctx, user, offsetProbe(ctx.target, clock, direction, outer));
      ctx.metric('outsideStatus', outside.status);
      if (outside.status === 401) return;
      if (!isAccepted(outside)) {
        throw new CheckFailure(`a timestamp ${outer} s ${direction.words} the target clock got ${describeAnswer(outside)} instead of 401`);
      }
      if (ambiguous(outside)) return untestable(outside);
      let acceptedUpToS = outer;
      let refusedAtS: number | undefined;
      for (const seconds of LADDER_S) {
        if (!isAccepted(await sendProbe(ctx, user, offsetProbe(ctx.target, clock, direction, seconds)))) {
          refusedAtS = seconds;
          break;
        }
        acceptedUpToS = seconds;
      }
      ctx.metric('acceptedUpToS', acceptedUpToS);
      const reach = refusedAtS === undefined ? `(still accepted at ${acceptedUpToS} s, the farthest tried)` : `(accepted at ${acceptedUpToS} s, refused at ${refusedAtS} s)`;
      throw new CheckFailure(
        `a correctly signed timestamp ${outer} s ${direction.words} the target clock (±${clock.uncertaintyMs} ms) was ACCEPTED (${outside.status}): the window is wider than ${WINDOW_S} s ${reach}, so captured tenant headers stay usable longer`,
      );
    },
  );
}

/** Malformed timestamps, each correctly signed exactly as sent, so only the format decides. */
function malformedProbes(signer: Signer, nowMs: number): TenantProbe[] {
  const rows: [string, string][] = [
    ['seconds instead of milliseconds', String(Math.floor(nowMs / 1000))],
    ['seconds with a decimal fraction', (nowMs / 1000).toFixed(3)],
    ['milliseconds with a decimal fraction', `${nowMs}.5`],
    ['negative', String(-nowMs)],
    ['non-numeric', 'not-a-timestamp'],
    ['RFC 3339 date', new Date(nowMs).toISOString()],
    ['empty', ''],
    ['far future (ten years ahead)', String(nowMs + 10 * 365 * 86_400_000)],
    ['beyond int64', '9223372036854775808'],
  ];
  return rows.map(([what, timestamp]) => timestampProbe(signer, `timestamp ${what}`, timestamp));
}

export const skewChecks = catalogue([
  ...DIRECTIONS.map(windowCheck),
  defineCheck(
    {
      id: 'SEC-SKEW-TIMESTAMP-FORMAT',
      title: 'Only epoch-millisecond integer timestamps are accepted',
      area: 'security/skew',
      severity: 'medium',
      requirement: `${CONTRACT_TENANT}: timestamp = Unix epoch milliseconds, decimal integer; ${HMAC_CHECKLIST} test 3 (malformed timestamps)`,
      expected:
        'correctly signed timestamps in seconds, with a decimal fraction, negative, non-numeric, RFC 3339, empty, ten years ahead or beyond int64 are all refused (401)',
      rationale:
        'a verifier that guesses the unit or repairs the format accepts timestamps the proxy never sends, so its skew rule is not the one reviewed; seconds read as milliseconds or vice versa shift the window by orders of magnitude',
      security: {
        score: 5.3,
        cwe: 'CWE-294',
        remediation:
          'Parse X-TB-Timestamp strictly as a base-10 integer of epoch milliseconds (no unit guessing, no fractions) and refuse anything else before checking the window.',
        location: GO_TENANT_CONTRACT,
      },
    },
    async (ctx) => {
      const { user, clock } = await arrange(ctx, 'sec-skew-format');
      await expectAllRejected(ctx, user, malformedProbes(ctx.target, targetNowMs(clock)), 'the Go API accepts malformed tenant timestamps');
    },
  ),
]);
