/**
 * Turns an engine's findings for one check into its outcome. Each finding is matched against the finding rules
 * (the policy file's, then the defaults the suite passes, such as the contract's documented quirks): an accepted
 * finding is reported with its reason and warns, an ignored one is only listed, any other fails the check. Every
 * finding goes into the evidence, redacted.
 */
import { CheckFailure } from '../model/assert.js';
import type { CheckContext } from '../checks/context.js';
import { wildcard, type FindingRule } from '../model/policy.js';

export interface EngineFinding {
  /** the engine's code or id for what it found (ST101, a testssl.sh id, a conformance check id) */
  readonly code: string;
  /** where it is: `POST /v1/comments`, `127.0.0.1:443`, a scenario */
  readonly where: string;
  /** one line */
  readonly summary: string;
  /** the whole finding as the engine told it (response, reproduction) */
  readonly detail: string;
}

export function ruleFor(rules: readonly FindingRule[], checkId: string, finding: EngineFinding): FindingRule | undefined {
  return rules.find(
    (rule) =>
      wildcard(rule.check).test(checkId) &&
      (rule.where === undefined || wildcard(rule.where).test(finding.where)) &&
      (rule.match === undefined || new RegExp(rule.match, 'm').test(`${finding.summary}\n${finding.detail}`)),
  );
}

const MAX_DETAILED = 12;

export function judgeFindings(
  ctx: CheckContext,
  checkId: string,
  findings: readonly EngineFinding[],
  defaults: readonly FindingRule[] = [],
): void {
  const rules = [...(ctx.settings.findingRules ?? []), ...defaults];
  const open: EngineFinding[] = [];
  const accepted: { finding: EngineFinding; rule: FindingRule }[] = [];
  let detailed = 0;
  for (const finding of findings) {
    const rule = ruleFor(rules, checkId, finding);
    if (rule) {
      if (rule.action === 'warn') accepted.push({ finding, rule });
      ctx.note(`${rule.action === 'warn' ? 'accepted' : 'ignored'} (${rule.reason}): ${finding.where}: ${finding.summary}`);
      continue;
    }
    open.push(finding);
    ctx.note(detailed++ < MAX_DETAILED ? `${finding.where}: ${finding.summary}\n${finding.detail}` : `${finding.where}: ${finding.summary}`);
  }
  ctx.metric('findings', findings.length);
  ctx.metric('openFindings', open.length);
  ctx.metric('acceptedFindings', accepted.length);
  if (open.length > 0) {
    const places = [...new Set(open.map((f) => f.where))];
    const first = open[0]!;
    throw new CheckFailure(
      `${open.length} finding${open.length === 1 ? '' : 's'} at ${places.length} place${places.length === 1 ? '' : 's'} (${places.slice(0, 4).join(', ')}${places.length > 4 ? ', …' : ''}); first: ${first.where}: ${first.summary}`,
    );
  }
  if (accepted.length > 0) {
    const reasons = [...new Set(accepted.map((a) => a.rule.reason))];
    ctx.warn(`${accepted.length} accepted finding${accepted.length === 1 ? '' : 's'}: ${reasons.join('; ')}`);
  }
}
