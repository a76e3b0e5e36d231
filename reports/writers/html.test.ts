import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildSampleReport, HOSTILE_ATTRIBUTE, HOSTILE_SCRIPT, LATENCY_HISTOGRAM, sampleCheck } from '../testing/sample-report.js';
import { barChart } from './html/bar-chart.js';
import { escapeHtml } from './html/escape.js';
import { REPORT_SCRIPT } from './html/script.js';
import { REPORT_CSS } from './html/styles.js';
import { contentSecurityPolicy, renderHtml } from './html.js';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

describe('report.html (static checks; the browser test covers behaviour)', () => {
  const report = buildSampleReport();
  const html = renderHtml(report);

  it('is one self-contained page: no external resource, nothing that could make a request', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
    expect(html).not.toMatch(/<link(?![^>]*href="data:,")[^>]*>/i);
    expect(html).not.toMatch(/<(img|iframe|object|embed|video|audio|source|form|base)\b/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<style>/g)).toHaveLength(1);
  });

  it('allows only its own inline style and script through a Content-Security-Policy keyed by their hashes', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src 'sha256-${sha256(REPORT_SCRIPT)}'`);
    expect(csp).toContain(`style-src 'sha256-${sha256(REPORT_CSS)}'`);
    expect(html).toContain(`<style>${REPORT_CSS}</style>`);
    expect(html).toContain(`<script>${REPORT_SCRIPT}</script>`);
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<style>'));
  });

  it('escapes attacker-controlled evidence: the hostile markup appears only as text', () => {
    expect(html).not.toContain(HOSTILE_SCRIPT);
    expect(html).not.toContain(HOSTILE_ATTRIBUTE);
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml(HOSTILE_SCRIPT));
    expect(html).toContain(escapeHtml(HOSTILE_ATTRIBUTE));
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml('bell\u0007 nul\u0000 kept:\t\n\r')).toBe('bell\\u0007 nul\\u0000 kept:\t\n\r');
    expect(html).toContain('got none\\u0001 (raw body echoed below)');
  });

  it('escapes check ids and areas used in attributes', () => {
    const evil = renderHtml(buildSampleReport({ checks: [sampleCheck({ id: 'X"onmouseover="alert(1)', title: '<b>t</b>' })] }));
    expect(evil).toContain('data-id="X&quot;onmouseover=&quot;alert(1)"');
    expect(evil).not.toContain('<b>t</b>');
  });

  it('has one expandable row per check carrying its area and status, and the filters', () => {
    expect(html.match(/<details class="check /g)).toHaveLength(report.checks.length);
    expect(html).toContain('data-id="E2E-GO-ERRORS" data-area="e2e" data-status="failed" data-gate="blocking"');
    expect(html).toContain('data-filter="area" data-value="security/jwt"');
    expect(html).toContain('data-filter="status" data-value="warned"');
  });

  it('draws record metrics as inline SVG bar charts', () => {
    expect(html).toContain('<svg class="chart" data-metric="histogram" data-layout="vertical"');
    expect(html).toContain('<svg class="chart" data-metric="p95MsByName"');
    const chart = barChart('histogram', LATENCY_HISTOGRAM);
    expect(chart.match(/<g class="bar">/g)).toHaveLength(Object.keys(LATENCY_HISTOGRAM).length);
    expect(chart).toContain('<title>20-50: 41</title>');
    const many = barChart('p95MsByName', Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`create_entity_number_${i}`, i * 3.25])));
    expect(many).toContain('data-layout="horizontal"');
    expect(many.match(/<rect /g)).toHaveLength(40);
    expect(barChart('empty', {})).toBe('');
    expect(barChart('<x>', { '<b>': 1 })).not.toContain('<b>');
  });
});
