/** The comparison's record: requests and differences per route, every differing step in full, as JSON and Markdown. */
import { explain } from './known.js';
import type { StepResult } from './run.js';

export interface RouteTally {
  readonly route: string;
  readonly requests: number;
  readonly differing: number;
}

export interface DifferentialReport {
  readonly generatedAt: string;
  readonly a: string;
  readonly b: string;
  readonly cases: number;
  readonly requests: number;
  readonly differing: number;
  /** differences listed in known.ts, with the reason they remain */
  readonly explained: number;
  readonly unexplained: number;
  readonly routes: readonly RouteTally[];
  readonly differences: readonly (StepResult & { readonly explained?: string })[];
}

export function buildReport(results: readonly StepResult[], a: string, b: string, cases: number): DifferentialReport {
  const tallies = new Map<string, { requests: number; differing: number }>();
  for (const result of results) {
    const tally = tallies.get(result.route) ?? { requests: 0, differing: 0 };
    tally.requests++;
    if (result.differences.length > 0) tally.differing++;
    tallies.set(result.route, tally);
  }
  const differences = results
    .filter((r) => r.differences.length > 0)
    .map((r) => {
      const why = explain(r.caseId);
      return why ? { ...r, explained: why } : r;
    });
  const explained = differences.filter((d) => 'explained' in d).length;
  return {
    generatedAt: new Date().toISOString(),
    a,
    b,
    cases,
    requests: results.length,
    differing: differences.length,
    explained,
    unexplained: differences.length - explained,
    routes: [...tallies].map(([route, t]) => ({ route, ...t })).sort((x, y) => x.route.localeCompare(y.route)),
    differences,
  };
}

const short = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return (text ?? 'undefined').replace(/\|/g, '\\|').replace(/\n/g, '⏎').slice(0, 160);
};

export function reportMarkdown(report: DifferentialReport): string {
  const lines = [
    `# Differential comparison`,
    '',
    `A: ${report.a} · B: ${report.b} · ${report.generatedAt}`,
    '',
    `${report.cases} cases, ${report.requests} requests compared per side, ${report.differing} differing: ${report.unexplained} unexplained, ${report.explained} explained (differential/known.ts).`,
    '',
    '| route | requests | differing |',
    '|---|---:|---:|',
    ...report.routes.map((r) => `| \`${r.route}\` | ${r.requests} | ${r.differing} |`),
    '',
  ];
  if (report.differences.length > 0) {
    lines.push('## Differences', '');
    for (const result of report.differences) {
      lines.push(`### ${result.caseId} · step ${result.step}: ${result.label}`, '', `\`${result.request.method} ${result.request.path.slice(0, 120)}\``, '');
      if (result.explained) lines.push(`Explained: ${result.explained}.`, '');
      for (const d of result.differences) lines.push(`- ${d.where}: A \`${short(d.a)}\` · B \`${short(d.b)}\``);
      lines.push('');
    }
  }
  return `${lines.join('\n')}\n`;
}
