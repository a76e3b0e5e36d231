/**
 * From raw check results to gated results and a verdict: policy first, then the baseline.
 */
import type { CheckResult } from '../../framework/model/types.js';
import type { ReportedCheck } from '../../reports/model.js';
import type { Baseline } from './baseline.js';
import { applyPolicy, type Policy } from '../../framework/model/policy.js';

export interface Gated {
  readonly checks: ReportedCheck[];
  readonly verdict: 'passed' | 'failed';
  readonly reasons: string[];
}

export function gate(results: readonly CheckResult[], policy: Policy, baseline: Baseline): Gated {
  const reasons: string[] = [];
  const checks = results.map((raw): ReportedCheck => {
    const { status, note } = applyPolicy(policy, raw);
    const expected = baseline.expectedFailures.has(raw.id);
    let gateEffect: ReportedCheck['gate'] = 'none';
    if (status === 'failed') gateEffect = expected ? 'expected-failure' : 'blocking';
    else if (expected && status !== 'skipped') gateEffect = 'baseline-stale';
    return { ...raw, status, gate: gateEffect, ...(note ? { policyNote: note } : {}) };
  });
  const blocking = checks.filter((c) => c.gate === 'blocking');
  const stale = checks.filter((c) => c.gate === 'baseline-stale');
  const expected = checks.filter((c) => c.gate === 'expected-failure');
  if (blocking.length > 0) reasons.push(`${blocking.length} blocking failure(s): ${blocking.map((c) => c.id).join(', ')}`);
  if (stale.length > 0) {
    reasons.push(`${stale.length} baseline entr${stale.length === 1 ? 'y' : 'ies'} now pass — remove from the baseline: ${stale.map((c) => c.id).join(', ')}`);
  }
  if (expected.length > 0) reasons.push(`${expected.length} expected failure(s) from the baseline: ${expected.map((c) => c.id).join(', ')}`);
  const ran = new Set(results.map((r) => r.id));
  const missing = [...baseline.expectedFailures].filter((id) => !ran.has(id));
  if (missing.length > 0) reasons.push(`baseline entries not run in this selection: ${missing.join(', ')}`);
  if (results.length === 0) reasons.push('no checks ran');
  const verdict = blocking.length === 0 && stale.length === 0 && results.length > 0 ? 'passed' : 'failed';
  if (verdict === 'passed') {
    const warned = checks.filter((c) => c.status === 'warned').length;
    reasons.unshift(`all ${checks.length} checks passed the gate${warned > 0 ? ` (${warned} warning${warned === 1 ? '' : 's'})` : ''}`);
  }
  return { checks, verdict, reasons };
}
