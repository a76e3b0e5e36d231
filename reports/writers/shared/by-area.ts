/**
 * Groups checks by area, in the canonical area order (then any unknown area, alphabetically).
 */
import { AREAS, type CheckStatus } from '../../../framework/model/types.js';
import type { ReportedCheck } from '../../model.js';

export interface AreaGroup {
  readonly area: string;
  readonly checks: readonly ReportedCheck[];
}

export function groupByArea(checks: readonly ReportedCheck[]): AreaGroup[] {
  const groups = new Map<string, ReportedCheck[]>();
  for (const check of checks) {
    const list = groups.get(check.area);
    if (list) list.push(check);
    else groups.set(check.area, [check]);
  }
  const known: readonly string[] = AREAS;
  const rank = (area: string): number => {
    const index = known.indexOf(area);
    return index === -1 ? known.length : index;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([area, list]) => ({ area, checks: list }));
}

export type StatusCounts = Record<CheckStatus, number> & { readonly total: number };

export function countStatuses(checks: readonly { readonly status: CheckStatus }[]): StatusCounts {
  const counts = { total: checks.length, passed: 0, failed: 0, warned: 0, skipped: 0 };
  for (const check of checks) counts[check.status] += 1;
  return counts;
}
