/**
 * "Now" as the target sees it, for the expiry probes. The Go API publishes its clock (`serverTime` of the public
 * /v1/sync/info, contract §12), so its no-leeway boundary can be probed 2 s out without a clock-skew false alarm.
 * The proxy publishes no clock; its probes keep a margin far larger than any sane skew.
 */
import type { CheckContext } from '../../../../framework/checks/context.js';
import type { Side } from './sides.js';

export async function targetNowMs(ctx: CheckContext, side: Side): Promise<number> {
  if (side.key !== 'GO') return Date.now();
  const before = Date.now();
  try {
    const response = await ctx.http({ url: `${ctx.target.goApiUrl}/v1/sync/info`, label: 'Go API clock (serverTime of /v1/sync/info)' });
    const midpoint = (before + Date.now()) / 2;
    const serverMs = Date.parse(response.json<{ serverTime?: string }>().serverTime ?? '');
    if (Number.isFinite(serverMs)) {
      ctx.note(`the Go API clock is ${((serverMs - midpoint) / 1000).toFixed(3)} s off the verifier's; exp/nbf are set on the Go clock`);
      return Date.now() + (serverMs - midpoint);
    }
  } catch {
    // fall through: the verifier's clock
  }
  ctx.note("the Go API clock could not be read from /v1/sync/info; exp/nbf are set on the verifier's clock");
  return Date.now();
}
