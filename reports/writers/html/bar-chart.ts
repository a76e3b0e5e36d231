/**
 * Inline SVG bar charts, drawn at write time (no script, no library): a histogram `{"0-5": 12, "5-10": 30}` as
 * vertical bars, or — for many entries or long labels, e.g. p95 per tool — as horizontal bars.
 */
import { escapeHtml, htmlAttributes } from './escape.js';

const CHAR_WIDTH = 6.5;
const FONT_SIZE = 11;

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : (Math.round(value * 10) / 10).toString();
}

function bar(label: string, value: number, rect: { x: number; y: number; width: number; height: number }, text: { x: number; y: number; anchor: string }): string {
  const r = { x: rect.x.toFixed(1), y: rect.y.toFixed(1), width: Math.max(0, rect.width).toFixed(1), height: Math.max(0, rect.height).toFixed(1) };
  return (
    `<g class="bar"><title>${escapeHtml(`${label}: ${formatValue(value)}`)}</title>` +
    `<rect${htmlAttributes(r)} rx="2"></rect>` +
    `<text class="value"${htmlAttributes({ x: text.x.toFixed(1), y: text.y.toFixed(1), 'text-anchor': text.anchor })}>${escapeHtml(formatValue(value))}</text></g>`
  );
}

function svg(name: string, width: number, height: number, body: string, layout: string): string {
  return (
    `<svg class="chart"${htmlAttributes({ 'data-metric': name, 'data-layout': layout, role: 'img', 'aria-label': `${name} bar chart`, viewBox: `0 0 ${width.toFixed(0)} ${height.toFixed(0)}`, width: width.toFixed(0), height: height.toFixed(0), 'font-size': FONT_SIZE, xmlns: 'http://www.w3.org/2000/svg' })}>` +
    `<title>${escapeHtml(name)}</title>${body}</svg>`
  );
}

function vertical(name: string, entries: readonly [string, number][], max: number): string {
  const longest = Math.max(...entries.map(([label]) => label.length));
  const slot = Math.max(30, longest * CHAR_WIDTH + 10);
  const margin = { top: 20, right: 8, bottom: 24, left: 8 };
  const plotHeight = 150;
  const width = margin.left + slot * entries.length + margin.right;
  const height = margin.top + plotHeight + margin.bottom;
  const baseline = margin.top + plotHeight;
  const bars = entries.map(([label, value], i) => {
    const barHeight = (Math.max(0, value) / max) * plotHeight;
    const x = margin.left + i * slot + slot * 0.15;
    const center = margin.left + i * slot + slot / 2;
    return (
      bar(label, value, { x, y: baseline - barHeight, width: slot * 0.7, height: barHeight }, { x: center, y: baseline - barHeight - 4, anchor: 'middle' }) +
      `<text class="label"${htmlAttributes({ x: center.toFixed(1), y: (baseline + 16).toFixed(1), 'text-anchor': 'middle' })}>${escapeHtml(label)}</text>`
    );
  });
  const axis = `<line class="axis"${htmlAttributes({ x1: margin.left, y1: baseline, x2: width - margin.right, y2: baseline })}></line>`;
  return svg(name, width, height, axis + bars.join(''), 'vertical');
}

function horizontal(name: string, entries: readonly [string, number][], max: number): string {
  const longest = Math.min(40, Math.max(...entries.map(([label]) => label.length)));
  const labelWidth = longest * CHAR_WIDTH + 12;
  const plotWidth = 320;
  const valueWidth = 56;
  const row = 18;
  const margin = { top: 6, bottom: 6 };
  const width = labelWidth + plotWidth + valueWidth;
  const height = margin.top + row * entries.length + margin.bottom;
  const bars = entries.map(([label, value], i) => {
    const y = margin.top + i * row;
    const barWidth = (Math.max(0, value) / max) * plotWidth;
    const shown = label.length > 40 ? `${label.slice(0, 39)}…` : label;
    return (
      `<text class="label"${htmlAttributes({ x: (labelWidth - 6).toFixed(1), y: (y + 13).toFixed(1), 'text-anchor': 'end' })}>${escapeHtml(shown)}</text>` +
      bar(label, value, { x: labelWidth, y: y + 3, width: barWidth, height: row - 6 }, { x: labelWidth + barWidth + 4, y: y + 13, anchor: 'start' })
    );
  });
  const axis = `<line class="axis"${htmlAttributes({ x1: labelWidth, y1: margin.top, x2: labelWidth, y2: height - margin.bottom })}></line>`;
  return svg(name, width, height, axis + bars.join(''), 'horizontal');
}

/** An SVG bar chart of `data` in its key order; an empty record draws nothing. */
export function barChart(name: string, data: Readonly<Record<string, number>>): string {
  const entries = Object.entries(data);
  if (entries.length === 0) return '';
  const max = Math.max(1e-9, ...entries.map(([, value]) => value));
  const longest = Math.max(...entries.map(([label]) => label.length));
  return entries.length > 16 || longest > 12 ? horizontal(name, entries, max) : vertical(name, entries, max);
}
