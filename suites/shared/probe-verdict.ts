/**
 * Turning the probes of one isolation check into its result. A probe that did harm (another user's data read,
 * changed or deleted) fails the check whatever else happened; a probe that was merely refused the wrong way fails
 * it only when the valid control worked, since otherwise nothing tells a wrong refusal from a broken request.
 */
import { CheckFailure } from '../../framework/model/assert.js';
import type { CheckContext } from '../../framework/checks/context.js';

export interface ProbeResult {
  /** why the answer is wrong; absent when the probe was refused as it should be */
  readonly problem?: string | undefined;
  /** the probe read, changed or deleted another user's data */
  readonly harmful: boolean;
}

export interface Verdict {
  /** the failure headline when harm was done, e.g. "user B read user A's items through the Go API" */
  readonly harm: string;
  /** the failure headline when the probes were only refused the wrong way */
  readonly wrongRefusal: string;
  readonly probes: readonly ProbeResult[];
  /** how the owner's data changed, one line per item */
  readonly changes: readonly string[];
  /** controls (the same request on one's own data) that did not succeed */
  readonly controlFailures: readonly string[];
}

export function judge(ctx: CheckContext, verdict: Verdict): void {
  const problems = [...verdict.probes.flatMap((p) => (p.problem ? [p.problem] : [])), ...verdict.changes];
  const harmful = verdict.probes.some((p) => p.harmful) || verdict.changes.length > 0;
  if (problems.length > 0 && (harmful || verdict.controlFailures.length === 0)) {
    throw new CheckFailure(`${harmful ? verdict.harm : verdict.wrongRefusal}: ${problems.join('; ')}`);
  }
  if (verdict.controlFailures.length > 0) {
    ctx.skip(`untestable: the valid control failed (${verdict.controlFailures.join('; ')}), so a refusal of the probes proves nothing`);
  }
}
