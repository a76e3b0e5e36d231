/**
 * Reads a Prometheus text exposition (format 0.0.4) strictly, line by line, with the rules a scraper relies on:
 * metric and label names, escaped label values, one TYPE per family declared before its samples, no duplicate
 * series, numeric values, counters not below zero, cumulative histogram buckets ending in +Inf equal to _count.
 * (parse-prometheus-text-format was tried first: it merges a labelled histogram's series into one.) Where promtool
 * is installed, the operations checks also run Prometheus's own parser on the same text.
 */

export interface Series {
  /** the sample's own name (a histogram's `_bucket`, `_sum`, `_count` included) */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  readonly help: string;
  readonly series: readonly Series[];
}

export interface Exposition {
  readonly families: ReadonlyMap<string, Family>;
  /** what breaks the format, each naming the line or family */
  readonly problems: readonly string[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?$/;
const LABEL_PAIR = /\s*([^=\s]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/gy;
const SUFFIXES: Readonly<Record<string, readonly string[]>> = { histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] };

function parseLabels(text: string | undefined, line: number, problems: string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!text) return labels;
  LABEL_PAIR.lastIndex = 0;
  let consumed = 0;
  for (let m = LABEL_PAIR.exec(text); m; m = LABEL_PAIR.exec(text)) {
    const [, name, raw] = m as unknown as [string, string, string];
    if (!LABEL_NAME.test(name) || name.startsWith('__')) problems.push(`line ${line}: invalid label name ${JSON.stringify(name)}`);
    if (name in labels) problems.push(`line ${line}: label ${name} repeated`);
    labels[name] = raw.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    consumed = LABEL_PAIR.lastIndex;
  }
  if (consumed !== text.length) problems.push(`line ${line}: malformed labels {${text.slice(0, 80)}}`);
  return labels;
}

function familyOf(sample: string, declared: ReadonlyMap<string, string>): string | undefined {
  if (declared.has(sample)) return sample;
  for (const [family, type] of declared) {
    if ((SUFFIXES[type] ?? []).some((suffix) => suffix !== '' && sample === `${family}${suffix}`)) return family;
  }
  return undefined;
}

function histogramProblems(family: Family): string[] {
  const problems: string[] = [];
  const groups = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const s of family.series) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const group = groups.get(key) ?? { buckets: [] };
    groups.set(key, group);
    if (s.name.endsWith('_bucket')) {
      if (le === undefined) problems.push(`${family.name}: a bucket without le`);
      else group.buckets.push([le === '+Inf' ? Infinity : Number(le), s.value]);
    } else if (s.name.endsWith('_count')) group.count = s.value;
  }
  for (const [key, group] of groups) {
    const sorted = group.buckets.sort((a, b) => a[0] - b[0]);
    if (sorted.at(-1)?.[0] !== Infinity) problems.push(`${family.name}${key}: no le="+Inf" bucket`);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]![1] < sorted[i - 1]![1]) problems.push(`${family.name}${key}: buckets are not cumulative (le=${sorted[i]![0]} < le=${sorted[i - 1]![0]})`);
    }
    if (group.count === undefined) problems.push(`${family.name}${key}: no _count`);
    else if (sorted.at(-1)?.[0] === Infinity && sorted.at(-1)![1] !== group.count) problems.push(`${family.name}${key}: the +Inf bucket differs from _count`);
  }
  return problems;
}

export function readExposition(text: string): Exposition {
  const problems: string[] = [];
  const declared = new Map<string, string>();
  const help = new Map<string, string>();
  const series = new Map<string, Series[]>();
  const seen = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const content = raw.trim();
    if (content === '') return;
    const meta = /^#\s+(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(content);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (!METRIC_NAME.test(name)) problems.push(`line ${line}: invalid metric name ${JSON.stringify(name)}`);
      if (kind === 'HELP') help.set(name, rest);
      else {
        if (declared.has(name)) problems.push(`line ${line}: a second TYPE for ${name}`);
        if (series.has(name)) problems.push(`line ${line}: TYPE of ${name} after its samples`);
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) problems.push(`line ${line}: unknown type ${JSON.stringify(rest)}`);
        declared.set(name, rest);
      }
      return;
    }
    if (content.startsWith('#')) return;
    const sample = SAMPLE_LINE.exec(content);
    if (!sample) return void problems.push(`line ${line}: not a sample: ${content.slice(0, 80)}`);
    const [, name, , labelText, valueText] = sample as unknown as [string, string, string, string | undefined, string];
    const labels = parseLabels(labelText, line, problems);
    const value = /^[+-]?Inf$/.test(valueText) ? (valueText.startsWith('-') ? -Infinity : Infinity) : valueText === 'NaN' ? NaN : Number(valueText);
    if (Number.isNaN(value) && valueText !== 'NaN') problems.push(`line ${line}: value ${JSON.stringify(valueText)} is not a number`);
    const identity = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(identity)) problems.push(`line ${line}: duplicate series ${name}{${labelText ?? ''}}`);
    seen.add(identity);
    const family = familyOf(name, declared) ?? name;
    series.set(family, [...(series.get(family) ?? []), { name, labels, value }]);
  });
  const families = new Map<string, Family>();
  for (const [name, list] of series) {
    const type = (declared.get(name) ?? 'untyped') as Family['type'];
    const family: Family = { name, type, help: help.get(name) ?? '', series: list };
    if (type === 'counter' && list.some((s) => s.value < 0)) problems.push(`${name}: a counter below zero`);
    if (type === 'histogram') problems.push(...histogramProblems(family));
    families.set(name, family);
  }
  for (const [name, type] of declared) if (!families.has(name)) families.set(name, { name, type: type as Family['type'], help: help.get(name) ?? '', series: [] });
  return { families, problems };
}
