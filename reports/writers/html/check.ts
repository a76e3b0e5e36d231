/**
 * One check as an expandable row (<details>): id, title, area, severity, status badge, duration; expanded, the
 * message, requirement, metrics (record metrics as bar charts) and the evidence.
 */
import type { MetricValue } from '../../../framework/model/types.js';
import type { ReportedCheck } from '../../model.js';
import { isNumberRecord } from '../shared/metrics.js';
import { formatDuration } from '../shared/text.js';
import { barChart } from './bar-chart.js';
import { escapeHtml, htmlAttributes } from './escape.js';
import { renderEvidence } from './evidence.js';

const GATE_LABELS: Readonly<Record<ReportedCheck['gate'], string>> = {
  none: '',
  blocking: 'blocking',
  'expected-failure': 'expected failure',
  'baseline-stale': 'baseline stale',
};

export function statusBadge(status: ReportedCheck['status']): string {
  return `<span${htmlAttributes({ class: `badge badge-${status}` })}>${escapeHtml(status)}</span>`;
}

function gateBadge(gate: ReportedCheck['gate']): string {
  return gate === 'none' ? '' : ` <span${htmlAttributes({ class: `gate gate-${gate}` })}>${escapeHtml(GATE_LABELS[gate])}</span>`;
}

function scalar(value: MetricValue): string {
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function metricsSection(metrics: ReportedCheck['metrics']): string {
  const entries = Object.entries(metrics);
  if (entries.length === 0) return '';
  const scalars = entries.filter(([, value]) => !isNumberRecord(value));
  const charts = entries.filter((entry): entry is [string, Readonly<Record<string, number>>] => isNumberRecord(entry[1]));
  const table = scalars.length
    ? `<table class="metrics"><tbody>${scalars.map(([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(scalar(value))}</td></tr>`).join('')}</tbody></table>`
    : '';
  const figures = charts
    .map(([name, data]) => `<figure class="chart-figure"><figcaption>${escapeHtml(name)}</figcaption>${barChart(name, data)}</figure>`)
    .join('');
  return `<section class="c-section"><h4>Metrics</h4>${table}${figures}</section>`;
}

function facts(check: ReportedCheck): string {
  const rows: [string, string][] = [['Requirement', check.requirement]];
  if (check.expected) rows.push(['Expected', check.expected]);
  if (check.rationale) rows.push(['Why it matters', check.rationale]);
  if (check.policyNote) rows.push(['Policy', check.policyNote]);
  if (check.engine) {
    const version = check.engineVersion ? ` ${check.engineVersion}` : '';
    rows.push(['Engine', `${check.engine.name}${version}: ${check.engine.check}`]);
    for (const reference of check.engine.references ?? []) rows.push(['Reference', reference.url ? `${reference.id} ${reference.url}` : reference.id]);
  }
  if (check.posture) rows.push(['Kind', 'posture finding (a known weakness of the real API)']);
  if (check.security) {
    const s = check.security;
    rows.push(['Security', `${s.cwe}, score ${s.score}`], ['Remediation', s.remediation], ['Governed by', s.location]);
  }
  return `<dl class="facts">${rows.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

export function renderCheck(check: ReportedCheck): string {
  const attributes = htmlAttributes({
    class: `check status-${check.status}`,
    id: `check-${check.id}`,
    'data-id': check.id,
    'data-area': check.area,
    'data-status': check.status,
    'data-gate': check.gate,
    ...(check.engine ? { 'data-engine': check.engine.name } : {}),
  });
  const summary =
    `<summary class="row">` +
    `<span class="c-id">${escapeHtml(check.id)}</span>` +
    `<span class="c-title">${escapeHtml(check.title)}</span>` +
    `<span class="c-area">${escapeHtml(check.area)}</span>` +
    `<span${htmlAttributes({ class: `c-severity sev-${check.severity}` })}>${escapeHtml(check.severity)}</span>` +
    `<span class="c-status">${statusBadge(check.status)}${gateBadge(check.gate)}</span>` +
    `<span class="c-duration">${escapeHtml(formatDuration(check.durationMs))}</span>` +
    `</summary>`;
  const message = check.message ? `<p${htmlAttributes({ class: `message message-${check.status}` })}>${escapeHtml(check.message)}</p>` : '';
  const evidence = check.evidence.length
    ? `<section class="c-section"><h4>Evidence (${check.evidence.length})</h4>${check.evidence.map(renderEvidence).join('')}</section>`
    : '<section class="c-section"><h4>Evidence</h4><p class="muted">none recorded</p></section>';
  return `<details${attributes}>${summary}<div class="c-body">${message}${facts(check)}${metricsSection(check.metrics)}${evidence}</div></details>`;
}
