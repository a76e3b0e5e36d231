/**
 * Skipped checks grouped by their reason, largest group first: a reader sees at once why checks did not run, and
 * a reason-less skip cannot hide (it is listed as such).
 */
import type { ReportedCheck } from '../../model.js';

export interface SkipGroup {
  readonly reason: string;
  readonly ids: readonly string[];
}

export const NO_REASON = '(no reason given: a defect of the check itself)';

export function skipsByReason(checks: readonly ReportedCheck[]): SkipGroup[] {
  const groups = new Map<string, string[]>();
  for (const check of checks.filter((c) => c.status === 'skipped')) {
    const reason = check.policyNote ?? (check.message?.trim() || NO_REASON);
    groups.set(reason, [...(groups.get(reason) ?? []), check.id]);
  }
  return [...groups.entries()].map(([reason, ids]) => ({ reason, ids })).sort((a, b) => b.ids.length - a.ids.length || a.reason.localeCompare(b.reason));
}
