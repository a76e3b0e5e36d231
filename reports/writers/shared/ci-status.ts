/**
 * The status a generic test-results consumer (JUnit, CTRF) should see for a check. It follows the gate, not only
 * the raw status, so that a CI system counting "failures" agrees with the verdict — the convention pytest uses for
 * xfail/xpass in JUnit XML:
 *
 *   gate blocking        → failed   (blocks the release)
 *   gate baseline-stale  → failed   (listed as an expected failure but passed: blocks until the baseline is updated)
 *   gate expected-failure → skipped (failed as the baseline expects: does not block)
 *   otherwise            → the check's own status (passed, warned, skipped)
 */
import type { ReportedCheck } from '../../model.js';

export type CiStatus = 'passed' | 'failed' | 'warned' | 'skipped';

export function ciStatus(check: ReportedCheck): CiStatus {
  switch (check.gate) {
    case 'blocking':
    case 'baseline-stale':
      return 'failed';
    case 'expected-failure':
      return 'skipped';
    case 'none':
      return check.status;
  }
}

/** The message a consumer should show next to the CI status: explains the gate when it changed the picture. */
export function ciMessage(check: ReportedCheck): string | undefined {
  const own = check.message;
  switch (check.gate) {
    case 'baseline-stale':
      return `listed in the baseline as an expected failure, but it ${check.status}: remove ${check.id} from the baseline${own ? ` (${own})` : ''}`;
    case 'expected-failure':
      return `expected failure (baseline)${own ? `: ${own}` : ''}`;
    default:
      return own;
  }
}
