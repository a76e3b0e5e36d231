/**
 * report.html: one self-contained page for humans — verdict and target, counters, latency headlines and histograms
 * (inline SVG drawn here, at write time), filters by area and status, one expandable row per check with its
 * evidence. No external resource of any kind: it works from file://, and its Content-Security-Policy allows only
 * its own inline style and script (by hash), so even markup that slipped through could not load or run anything.
 */
import { loadRunShape, proxyMemoryLine } from './shared/load-shape.js';
import { createHash } from 'node:crypto';
import type { LoadSection, VerificationReport } from '../model.js';
import { barChart } from './html/bar-chart.js';
import { renderCheck } from './html/check.js';
import { escapeHtml, htmlAttributes } from './html/escape.js';
import { REPORT_SCRIPT } from './html/script.js';
import { REPORT_CSS } from './html/styles.js';
import { countStatuses, groupByArea } from './shared/by-area.js';
import { isNumberRecord, latencyHeadlines, percentileColumns } from './shared/metrics.js';
import { formatDuration, mcpEndpointText, SELECTED_BY } from './shared/text.js';
import type { ReportWriter } from './types.js';

const STATUSES = ['passed', 'failed', 'warned', 'skipped'] as const;

function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

/** Nothing may be fetched; only this page's own style and script may apply. */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `style-src ${cspHash(REPORT_CSS)}`,
    `script-src ${cspHash(REPORT_SCRIPT)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function ms(value: number): string {
  return `${Math.round(value * 10) / 10} ms`;
}

function header(report: VerificationReport): string {
  const passed = report.verdict === 'passed';
  const t = report.target;
  const mcp = mcpEndpointText(t);
  const reasons = report.reasons.length ? `<ul class="reasons">${report.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` : '';
  return (
    `<header${htmlAttributes({ class: `verdict verdict-${report.verdict}`, id: 'verdict', 'data-verdict': report.verdict })}>` +
    `<h1><span class="verdict-icon" aria-hidden="true">${passed ? '✓' : '✗'}</span> Verification ${passed ? 'passed' : 'failed'}</h1>` +
    `<p class="target" data-target-kind="${escapeHtml(t.kind)}">Target <strong>${escapeHtml(t.kind)}</strong> <strong>${escapeHtml(t.name)}</strong>${t.local ? ' (local stack: the in-process stand-in, not a deployment)' : ''} · selected by ${escapeHtml(SELECTED_BY[t.selectedBy])} · proxy <code>${escapeHtml(t.proxyUrl)}</code> · MCP <code>${escapeHtml(mcp.url)}</code>${mcp.how ? ` (${escapeHtml(mcp.how)})` : ''} · Go API <code>${escapeHtml(t.goApiUrl)}</code></p>` +
    `<p class="muted">Run <code>${escapeHtml(report.runId)}</code> · started ${escapeHtml(report.timing.startedAt)} · ${escapeHtml(formatDuration(report.timing.durationMs))}</p>` +
    `${t.notices.map((n) => `<p class="notice" role="alert">Notice: ${escapeHtml(n)}</p>`).join('')}${reasons}</header>`
  );
}

function counters(report: VerificationReport): string {
  const s = report.summary;
  const items: [string, string, number][] = [
    ['total', 'checks', s.total],
    ['passed', 'passed', s.passed],
    ['failed', 'failed', s.failed],
    ['warned', 'warned', s.warned],
    ['skipped', 'skipped', s.skipped],
    ['blocking', 'blocking', s.blocking],
  ];
  return `<ul class="counters" aria-label="Counts">${items
    .map(([key, label, n]) => `<li${htmlAttributes({ class: `counter counter-${key}`, 'data-counter': key })}><span class="n">${n}</span>${escapeHtml(label)}</li>`)
    .join('')}</ul>`;
}

function areaTable(report: VerificationReport): string {
  const rows = groupByArea(report.checks).map(({ area, checks }) => {
    const c = countStatuses(checks);
    return `<tr><td>${escapeHtml(area)}</td>${[c.total, c.passed, c.failed, c.warned, c.skipped].map((n) => `<td class="num">${n}</td>`).join('')}</tr>`;
  });
  if (rows.length === 0) return '';
  const head = ['Area', 'Total', 'Passed', 'Failed', 'Warned', 'Skipped'].map((h, i) => `<th${i ? ' class="num"' : ''}>${h}</th>`).join('');
  return `<h2>By area</h2><table class="grid"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function loadSummary(load: LoadSection): string {
  const thresholds = load.thresholds.map((t) => `<li${htmlAttributes({ class: t.ok ? 'threshold-ok' : 'threshold-failed' })}>${t.ok ? '✓' : '✗'} ${escapeHtml(t.name)}</li>`).join('');
  return (
    `<h3>Load (${escapeHtml(load.engine)}, ${escapeHtml(loadRunShape(load))})</h3>` +
    `<p>${load.requests} requests, ${load.errors} errors, ${load.rps} req/s · p50 ${ms(load.latencyMs.p50)} · p95 ${ms(load.latencyMs.p95)} · p99 ${ms(load.latencyMs.p99)} · max ${ms(load.latencyMs.max)}` +
    `${proxyMemoryLine(load) ? ` · ${escapeHtml(proxyMemoryLine(load)!)}` : ''}</p>` +
    (thresholds ? `<ul>${thresholds}</ul>` : '')
  );
}

function latency(report: VerificationReport): string {
  const headlines = latencyHeadlines(report.checks);
  const charts = report.checks
    .filter((c) => c.area === 'latency')
    .flatMap((c) =>
      Object.entries(c.metrics)
        .filter((entry): entry is [string, Readonly<Record<string, number>>] => isNumberRecord(entry[1]))
        .map(([name, data]) => `<figure class="chart-figure"><figcaption>${escapeHtml(`${c.id} · ${name}`)}</figcaption>${barChart(name, data)}</figure>`),
    );
  if (headlines.length === 0 && charts.length === 0 && !report.load) return '';
  let table = '';
  if (headlines.length > 0) {
    const columns = percentileColumns(headlines);
    const head = ['Check', 'Status', ...columns, 'max', 'samples'].map((h, i) => `<th${i > 1 ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
    const rows = headlines.map((h) => {
      const cells = columns.map((label) => {
        const found = h.percentiles.find((p) => p.label === label);
        return `<td class="num">${found ? ms(found.ms) : '—'}</td>`;
      });
      return (
        `<tr><td><code>${escapeHtml(h.id)}</code> ${escapeHtml(h.title)}</td><td><span${htmlAttributes({ class: `badge badge-${h.status}` })}>${escapeHtml(h.status)}</span></td>${cells.join('')}` +
        `<td class="num">${h.maxMs === undefined ? '—' : ms(h.maxMs)}</td><td class="num">${h.samples ?? '—'}</td></tr>`
      );
    });
    table = `<table class="grid latency-table"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
  }
  const chartBlock = charts.length ? `<div class="latency-charts">${charts.join('')}</div>` : '';
  return `<section id="latency"><h2>Latency</h2>${table}${chartBlock}${report.load ? loadSummary(report.load) : ''}</section>`;
}

function filterButton(kind: 'area' | 'status', value: string, label: string, count: number): string {
  return `<button type="button"${htmlAttributes({ 'data-filter': kind, 'data-value': value, 'aria-pressed': value === 'all' ? 'true' : 'false' })}>${escapeHtml(label)} <span class="muted">${count}</span></button>`;
}

function filters(report: VerificationReport): string {
  const total = report.checks.length;
  const areas = groupByArea(report.checks).map(({ area, checks }) => filterButton('area', area, area, checks.length));
  const counts = countStatuses(report.checks);
  const statuses = STATUSES.map((status) => filterButton('status', status, status, counts[status]));
  return (
    `<div class="filters" data-needs-script hidden>` +
    `<div class="filter-group" role="group" aria-label="Filter by area"><span class="legend">Area</span>${filterButton('area', 'all', 'all', total)}${areas.join('')}</div>` +
    `<div class="filter-group" role="group" aria-label="Filter by status"><span class="legend">Status</span>${filterButton('status', 'all', 'all', total)}${statuses.join('')}</div>` +
    `<div class="tools"><span>Showing <strong id="shown-count">${total}</strong> of ${total}</span>` +
    `<button type="button" id="expand-all">Expand all</button><button type="button" id="collapse-all">Collapse all</button></div>` +
    `</div>`
  );
}

function checks(report: VerificationReport): string {
  const head = `<div class="row checks-head" aria-hidden="true"><span>ID</span><span>Title</span><span>Area</span><span>Severity</span><span>Status</span><span class="c-duration">Duration</span></div>`;
  const rows = report.checks.map(renderCheck).join('');
  const empty = report.checks.length === 0 ? '<p class="muted">No check ran.</p>' : '';
  return `<section id="checks"><h2>Checks</h2>${filters(report)}${head}<div id="check-list">${rows}</div><p id="no-match" class="muted" hidden>No check matches the filters.</p>${empty}</section>`;
}

function footer(report: VerificationReport): string {
  const tool = report.tool;
  const versions = Object.entries(tool.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  const rows: [string, string][] = [
    ['Tool', `${tool.name} ${tool.version} (Node ${tool.node}, ${tool.platform})`],
    ['Components', versions || '—'],
    ['Suites', report.selection.suites.join(', ') || 'all'],
    ['Check filter', report.selection.checks.join(', ') || 'all'],
    ['Policy', report.policy.source ?? 'default'],
    ['Baseline', report.baseline.source ? `${report.baseline.source} (${report.baseline.expectedFailures.length} expected failures)` : 'none'],
    ['Finished', report.timing.finishedAt],
    ['Schema', report.$schema],
  ];
  return `<footer><dl>${rows.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl></footer>`;
}

export function renderHtml(report: VerificationReport): string {
  const title = `${report.verdict === 'passed' ? 'PASSED' : 'FAILED'} · ${report.target.name} · toolbridge-verify`;
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy())}">\n` +
    `<meta name="referrer" content="no-referrer">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<link rel="icon" href="data:,">\n<title>${escapeHtml(title)}</title>\n<style>${REPORT_CSS}</style>\n</head>\n<body>\n<main>\n` +
    `${header(report)}\n${counters(report)}\n${areaTable(report)}\n${latency(report)}\n${checks(report)}\n${footer(report)}\n` +
    `</main>\n<script>${REPORT_SCRIPT}</script>\n</body>\n</html>\n`
  );
}

export const htmlWriter: ReportWriter = { id: 'html', fileName: 'report.html', render: renderHtml };
