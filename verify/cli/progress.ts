/**
 * What the CLI prints: live progress on a terminal, one plain line per check in CI, and a closing summary.
 */
import { mcpEndpointText } from '../../reports/writers/shared/text.js';
import type { CheckResult } from '../../framework/model/types.js';
import type { VerificationReport } from '../../reports/model.js';
import { skipsByReason } from '../../reports/writers/shared/skips.js';

const COLOR = { red: 31, green: 32, yellow: 33, grey: 90, bold: 1 } as const;

export class Progress {
  private done = 0;
  private readonly counts = { passed: 0, failed: 0, warned: 0, skipped: 0 };

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly ci: boolean,
  ) {}

  private paint(code: number, text: string): string {
    return this.ci ? text : `\u001b[${code}m${text}\u001b[0m`;
  }

  stage(message: string): void {
    this.clearLine();
    this.out.write(`${this.ci ? '==' : this.paint(COLOR.grey, '›')} ${message}\n`);
  }

  result(r: CheckResult): void {
    this.done++;
    this.counts[r.status]++;
    const label = { passed: 'PASS', failed: 'FAIL', warned: 'WARN', skipped: 'SKIP' }[r.status];
    if (this.ci) {
      this.out.write(`${label} ${r.id} ${r.title} (${r.durationMs} ms)${r.message && r.status !== 'passed' ? ` — ${r.message}` : ''}\n`);
      return;
    }
    if (r.status !== 'passed') {
      const color = r.status === 'failed' ? COLOR.red : r.status === 'warned' ? COLOR.yellow : COLOR.grey;
      this.clearLine();
      this.out.write(`${this.paint(color, label)} ${r.id} ${r.title}${r.message ? this.paint(COLOR.grey, ` — ${r.message}`) : ''}\n`);
    }
    const { passed, failed, warned, skipped } = this.counts;
    this.out.write(
      `\r${this.paint(COLOR.grey, `[${this.done}]`)} ${this.paint(COLOR.green, `✓ ${passed}`)} ${this.paint(COLOR.red, `✗ ${failed}`)} ${this.paint(COLOR.yellow, `! ${warned}`)} ${this.paint(COLOR.grey, `- ${skipped}`)}  ${r.id}`.padEnd(80),
    );
  }

  private clearLine(): void {
    if (!this.ci && this.done > 0) this.out.write('\r\u001b[2K');
  }

  summary(report: VerificationReport, files: readonly string[]): void {
    this.clearLine();
    const s = report.summary;
    const verdict = report.verdict === 'passed' ? this.paint(COLOR.green, 'PASSED') : this.paint(COLOR.red, 'FAILED');
    const t = report.target;
    this.out.write(`\n${this.paint(COLOR.bold, 'ToolBridge verification')} ${verdict} — target ${t.kind}${t.kind === 'local' ? ' (the in-process stand-in)' : ` "${t.name}"`}\n`);
    const mcp = mcpEndpointText(t);
    this.out.write(`  proxy ${t.proxyUrl} · MCP ${mcp.url}${mcp.how ? ` (${mcp.how})` : ''} · Go API ${t.goApiUrl}\n`);
    for (const notice of t.notices) this.out.write(`${this.paint(COLOR.yellow, '! NOTICE:')} ${notice}\n`);
    this.out.write(`${s.total} checks: ${s.passed} passed, ${s.failed} failed, ${s.warned} warned, ${s.skipped} skipped in ${(report.timing.durationMs / 1000).toFixed(1)} s\n`);
    const areas = [...new Set(report.checks.map((c) => c.area))];
    for (const area of areas) {
      const inArea = report.checks.filter((c) => c.area === area);
      const bad = inArea.filter((c) => c.status === 'failed').length;
      this.out.write(`  ${area.padEnd(20)} ${String(inArea.length).padStart(3)} checks${bad ? this.paint(COLOR.red, `, ${bad} failed`) : ''}\n`);
    }
    const skips = skipsByReason(report.checks);
    if (skips.length > 0) this.out.write(`Skipped by reason:\n`);
    for (const group of skips) this.out.write(`  ${this.paint(COLOR.grey, `- ${group.ids.length}×`)} ${group.reason}: ${group.ids.join(', ')}\n`);
    for (const reason of report.reasons) this.out.write(`• ${reason}\n`);
    for (const check of report.checks.filter((c) => c.gate === 'blocking')) {
      this.out.write(`  ${this.paint(COLOR.red, '✗')} ${check.id} ${check.title}: ${check.message ?? ''}\n`);
    }
    if (files.length > 0) this.out.write(`Reports:\n${files.map((f) => `  ${f}`).join('\n')}\n`);
  }
}
