/**
 * junit.xml: one <testsuite> per area, one <testcase> per check, for CI systems that read JUnit XML.
 *
 * Statuses follow the gate (see shared/ci-status.ts): a blocking failure or a stale baseline entry is a <failure>,
 * an expected failure (baseline) is <skipped> like pytest's xfail, a warning passes with its message in <system-out>.
 * The suite and case names never vary between runs, so CI history lines up.
 */
import type { ReportedCheck, VerificationReport } from '../model.js';
import { groupByArea } from './shared/by-area.js';
import { ciMessage, ciStatus } from './shared/ci-status.js';
import { summarizeEvidence } from './shared/evidence-summary.js';
import { escapeXmlText, xmlAttributes } from './shared/xml.js';
import type { ReportWriter } from './types.js';

const CLASS_PREFIX = 'toolbridge-verify';

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** The Ant JUnit schema's timestamp: ISO 8601 without zone (UTC here). */
function junitTimestamp(iso: string): string | undefined {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().slice(0, 19);
}

function properties(check: ReportedCheck): string {
  const entries: [string, string | undefined][] = [
    ['id', check.id],
    ['severity', check.severity],
    ['requirement', check.requirement],
    ['status', check.status],
    ['gate', check.gate],
    ['policyNote', check.policyNote],
    ['cwe', check.security?.cwe],
    ['engine', check.engine?.name],
    ['engineVersion', check.engineVersion],
    ['engineCheck', check.engine?.check],
  ];
  return propertiesXml(entries, '      ');
}

/** A <properties> element at `indent`, one <property> per defined entry. */
function propertiesXml(entries: readonly (readonly [string, string | undefined])[], indent: string): string {
  const lines = entries
    .filter((entry): entry is readonly [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${indent}  <property${xmlAttributes({ name, value })}/>\n`);
  return `${indent}<properties>\n${lines.join('')}${indent}</properties>\n`;
}

function failureBody(check: ReportedCheck, message: string): string {
  const evidence = summarizeEvidence(check.evidence);
  const parts = [message, `requirement: ${check.requirement}`];
  if (check.expected) parts.push(`expected: ${check.expected}`);
  if (evidence.length > 0) parts.push(`evidence:\n${evidence.map((line) => `  - ${line}`).join('\n')}`);
  return parts.join('\n');
}

function testcase(check: ReportedCheck): string {
  const status = ciStatus(check);
  const message = ciMessage(check) ?? '';
  const open = `    <testcase${xmlAttributes({ classname: `${CLASS_PREFIX}.${check.area}`, name: `${check.id} ${check.title}`, time: seconds(check.durationMs) })}>\n`;
  let body = properties(check);
  if (status === 'failed') {
    const type = check.gate === 'none' ? 'failed' : check.gate;
    body += `      <failure${xmlAttributes({ message: message || 'failed', type })}>${escapeXmlText(failureBody(check, message || 'failed'))}</failure>\n`;
  } else if (status === 'skipped') {
    body += `      <skipped${xmlAttributes({ message: message || 'skipped', type: check.gate === 'expected-failure' ? 'expected-failure' : undefined })}/>\n`;
  } else if (status === 'warned') {
    const note = check.policyNote ? ` (${check.policyNote})` : '';
    body += `      <system-out>${escapeXmlText(`WARNING${note}: ${message || 'warned'}`)}</system-out>\n`;
  }
  return `${open}${body}    </testcase>\n`;
}

function counts(checks: readonly ReportedCheck[]): { tests: number; failures: number; skipped: number; time: string } {
  const statuses = checks.map(ciStatus);
  return {
    tests: checks.length,
    failures: statuses.filter((s) => s === 'failed').length,
    skipped: statuses.filter((s) => s === 'skipped').length,
    time: seconds(checks.reduce((sum, c) => sum + c.durationMs, 0)),
  };
}

/** What was verified, on every suite (CI systems show suite properties; the root element has none in the schema). */
function targetProperties(report: VerificationReport): string {
  const t = report.target;
  return propertiesXml([
    ['target.kind', t.kind],
    ['target.selectedBy', t.selectedBy],
    ['target.name', t.name],
    ['target.proxyUrl', t.proxyUrl],
    ['target.mcpUrl', t.mcpUrl],
    ...(t.mcp ? [['target.mcpTransport', t.mcp.transport] as const, ['target.mcpEndpoint', t.mcp.url] as const] : []),
    ['target.goApiUrl', t.goApiUrl],
    ...t.notices.map((n, i) => [`target.notice.${i + 1}`, n] as const),
    ['run.aborted', report.aborted?.reason],
  ], '    ');
}

export function renderJunit(report: VerificationReport): string {
  const timestamp = junitTimestamp(report.timing.startedAt);
  const properties = targetProperties(report);
  const suites = groupByArea(report.checks).map(({ area, checks }) => {
    const c = counts(checks);
    const attributes = xmlAttributes({ name: area, tests: c.tests, failures: c.failures, errors: 0, skipped: c.skipped, time: c.time, timestamp });
    return `  <testsuite${attributes}>\n${properties}${checks.map(testcase).join('')}  </testsuite>\n`;
  });
  const all = counts(report.checks);
  const root = xmlAttributes({
    name: `${CLASS_PREFIX} ${report.target.name}`,
    tests: all.tests,
    failures: all.failures,
    errors: 0,
    skipped: all.skipped,
    time: seconds(report.timing.durationMs),
    timestamp,
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${root}>\n${suites.join('')}</testsuites>\n`;
}

export const junitWriter: ReportWriter = { id: 'junit', fileName: 'junit.xml', render: renderJunit };
