/**
 * summary.md: the verdict at a glance, for a pull-request comment or $GITHUB_STEP_SUMMARY — why, counts per area,
 * what blocks, what warns, the baseline's state, latency headlines and the target. Every list is capped and the
 * whole document stays under GitHub's 1 MiB step-summary limit.
 */
import { loadRunShape, proxyMemoryLine } from './shared/load-shape.js';
import type { VerificationReport } from '../model.js';
import { countStatuses, groupByArea } from './shared/by-area.js';
import { bullets, codeSpan, escapeMarkdown, fitToBytes, table } from './shared/markdown.js';
import { latencyHeadlines, percentileColumns } from './shared/metrics.js';
import { skipsByReason } from './shared/skips.js';
import { formatDuration, mcpEndpointText, SELECTED_BY } from './shared/text.js';
import type { ReportWriter } from './types.js';

/** GitHub refuses a step summary larger than 1 MiB. */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;
/** Rows per list before "…and N more". */
export const MAX_LIST_ROWS = 50;
const MAX_REASONS = 20;

function ms(value: number): string {
  return `${Math.round(value * 10) / 10} ms`;
}

function heading(report: VerificationReport): string {
  const passed = report.verdict === 'passed';
  const facts = [
    `**Verdict:** ${passed ? 'passed' : 'failed'}`,
    `**Target:** ${report.target.kind} ${codeSpan(report.target.name)}${report.target.local ? ' (local stack)' : ''}`,
    `**Run:** ${codeSpan(report.runId)}`,
    `**Duration:** ${formatDuration(report.timing.durationMs)}`,
    `**Checks:** ${report.summary.total}`,
    `**Tool:** ${escapeMarkdown(`${report.tool.name} ${report.tool.version}`)}`,
  ];
  const notices = report.target.notices.map((n) => `\n\n> ⚠️ **Notice:** ${escapeMarkdown(n, 600)}`).join('');
  return `# ${passed ? '✅ Verification passed' : '❌ Verification failed'}: ${escapeMarkdown(report.target.name, 100)}\n\n${facts.join(' · ')}${notices}`;
}

function reasons(report: VerificationReport): string {
  if (report.reasons.length === 0) return '';
  return `**Why**\n\n${bullets(report.reasons.map((r) => escapeMarkdown(r, 1000)), MAX_REASONS)}`;
}

function areaTable(report: VerificationReport): string {
  const rows = groupByArea(report.checks).map(({ area, checks }) => {
    const c = countStatuses(checks);
    const blocking = checks.filter((check) => check.gate === 'blocking' || check.gate === 'baseline-stale').length;
    return [escapeMarkdown(area), c.total, c.passed, c.failed, c.warned, c.skipped, blocking].map(String);
  });
  const s = report.summary;
  const blockingTotal = report.checks.filter((check) => check.gate === 'blocking' || check.gate === 'baseline-stale').length;
  rows.push(['**all**', `**${s.total}**`, `**${s.passed}**`, `**${s.failed}**`, `**${s.warned}**`, `**${s.skipped}**`, `**${blockingTotal}**`]);
  return `## Checks by area\n\n${table(['Area', 'Total', '✅ Passed', '❌ Failed', '⚠️ Warned', '⏭️ Skipped', '⛔ Blocks'], rows, {
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  })}`;
}

function idCell(check: { readonly id: string }): string {
  return `**${escapeMarkdown(check.id, 80)}**`;
}

function blockingFailures(report: VerificationReport): string {
  const failures = report.checks.filter((c) => c.gate === 'blocking');
  if (failures.length === 0) return '';
  const rows = failures.map((c) => [idCell(c), escapeMarkdown(c.title, 150), escapeMarkdown(c.severity), escapeMarkdown(c.message ?? '—')]);
  return `## ❌ Blocking failures (${failures.length})\n\n${table(['ID', 'Title', 'Severity', 'Message'], rows, { maxRows: MAX_LIST_ROWS })}`;
}

function warnings(report: VerificationReport): string {
  const warned = report.checks.filter((c) => c.status === 'warned');
  if (warned.length === 0) return '';
  const rows = warned.map((c) => {
    const kind = c.posture ? 'posture finding' : c.policyNote ? escapeMarkdown(c.policyNote, 80) : 'warning';
    return [idCell(c), escapeMarkdown(c.title, 150), escapeMarkdown(c.severity), kind, escapeMarkdown(c.message ?? '—')];
  });
  return `## ⚠️ Warnings (${warned.length})\n\nPosture findings and policy-downgraded failures: reported, not blocking.\n\n${table(
    ['ID', 'Title', 'Severity', 'Kind', 'Message'],
    rows,
    { maxRows: MAX_LIST_ROWS },
  )}`;
}

function skipped(report: VerificationReport): string {
  const groups = skipsByReason(report.checks);
  if (groups.length === 0) return '';
  const rows = groups.map((g) => [escapeMarkdown(g.reason, 400), String(g.ids.length), escapeMarkdown(g.ids.join(', '), 600)]);
  return `## ⏭️ Skipped (${report.summary.skipped}), by reason\n\n${table(['Reason', 'Checks', 'IDs'], rows, { maxRows: MAX_LIST_ROWS })}`;
}

function baseline(report: VerificationReport): string {
  const expected = report.checks.filter((c) => c.gate === 'expected-failure');
  const stale = report.checks.filter((c) => c.gate === 'baseline-stale');
  if (expected.length === 0 && stale.length === 0) return '';
  const parts = [`## 📋 Baseline${report.baseline.source ? ` (${codeSpan(report.baseline.source)})` : ''}`];
  if (stale.length > 0) {
    const rows = stale.map((c) => [idCell(c), escapeMarkdown(c.title, 150), escapeMarkdown(c.status)]);
    parts.push(`**⛔ Stale entries (${stale.length})**: listed as expected failures but no longer failing. They block until removed from the baseline.\n\n${table(['ID', 'Title', 'Status'], rows, { maxRows: MAX_LIST_ROWS })}`);
  }
  if (expected.length > 0) {
    const rows = expected.map((c) => [idCell(c), escapeMarkdown(c.title, 150), escapeMarkdown(c.message ?? '—')]);
    parts.push(`**Expected failures (${expected.length})**: failing as the baseline expects, not blocking.\n\n${table(['ID', 'Title', 'Message'], rows, { maxRows: MAX_LIST_ROWS })}`);
  }
  return parts.join('\n\n');
}

function latency(report: VerificationReport): string {
  const headlines = latencyHeadlines(report.checks);
  const parts: string[] = [];
  if (headlines.length > 0) {
    const columns = percentileColumns(headlines);
    const rows = headlines.map((h) => [
      idCell(h),
      escapeMarkdown(h.title, 150),
      ...columns.map((label) => {
        const found = h.percentiles.find((p) => p.label === label);
        return found ? ms(found.ms) : '—';
      }),
      h.maxMs === undefined ? '—' : ms(h.maxMs),
      h.samples === undefined ? '—' : String(h.samples),
    ]);
    parts.push(
      table(['ID', 'Check', ...columns, 'max', 'samples'], rows, {
        align: ['left', 'left', ...columns.map((): 'right' => 'right'), 'right', 'right'],
        maxRows: MAX_LIST_ROWS,
      }),
    );
  }
  const load = report.load;
  if (load) {
    const thresholds = load.thresholds.map((t) => `${t.ok ? '✅' : '❌'} ${escapeMarkdown(t.name, 120)}`);
    parts.push(
      `**Load** (${escapeMarkdown(load.engine)}, ${loadRunShape(load)}): ${load.requests} requests, ${load.errors} errors, ${load.rps} req/s · ` +
        `p50 ${ms(load.latencyMs.p50)} · p95 ${ms(load.latencyMs.p95)} · p99 ${ms(load.latencyMs.p99)} · max ${ms(load.latencyMs.max)}` +
        (proxyMemoryLine(load) ? ` · ${proxyMemoryLine(load)}` : '') +
        (thresholds.length > 0 ? `\n\n${bullets(thresholds, MAX_LIST_ROWS)}` : ''),
    );
  }
  return parts.length > 0 ? `## ⏱️ Latency\n\n${parts.join('\n\n')}` : '';
}

function target(report: VerificationReport): string {
  const t = report.target;
  const mcp = mcpEndpointText(t);
  const facts = [
    `Kind: ${codeSpan(t.kind)}${t.local ? ' — the in-process Go API stand-in and proxy, not a deployment' : ''}`,
    `Selected by: ${SELECTED_BY[t.selectedBy]}`,
    `Proxy: ${codeSpan(t.proxyUrl)}`,
    `MCP endpoint: ${codeSpan(mcp.url)}${mcp.how ? ` (${mcp.how})` : ''}`,
    `Go API: ${codeSpan(t.goApiUrl)}`,
    ...t.notices.map((n) => `**Notice:** ${escapeMarkdown(n, 600)}`),
  ];
  return `## 🎯 Target\n\n${bullets(facts)}`;
}

function footer(report: VerificationReport): string {
  const sources = [`policy ${report.policy.source ? codeSpan(report.policy.source) : 'default'}`, `baseline ${report.baseline.source ? codeSpan(report.baseline.source) : 'none'}`];
  return `<sub>Started ${escapeMarkdown(report.timing.startedAt)} · ${sources.join(' · ')} · full details in report.html and verification-report.json</sub>`;
}

export function renderSummaryMarkdown(report: VerificationReport): string {
  const sections = [
    heading(report),
    reasons(report),
    areaTable(report),
    blockingFailures(report),
    warnings(report),
    skipped(report),
    baseline(report),
    latency(report),
    target(report),
    footer(report),
  ].filter((section) => section !== '');
  return fitToBytes(`${sections.join('\n\n')}\n`, STEP_SUMMARY_LIMIT_BYTES - 1024, '…summary truncated to stay under 1 MiB: see report.html for everything.');
}

export const summaryMarkdownWriter: ReportWriter = { id: 'summary-md', fileName: 'summary.md', render: renderSummaryMarkdown };
