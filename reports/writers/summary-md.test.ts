import { describe, expect, it } from 'vitest';
import type { ReportedCheck } from '../model.js';
import { SAMPLE_LOAD, buildSampleReport, HOSTILE_SCRIPT, sampleCheck } from '../testing/sample-report.js';
import { escapeMarkdown, fitToBytes } from './shared/markdown.js';
import { MAX_LIST_ROWS, renderSummaryMarkdown, STEP_SUMMARY_LIMIT_BYTES } from './summary-md.js';

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}`);
  if (start === -1) return '';
  const end = markdown.indexOf('\n## ', start + 4);
  return markdown.slice(start, end === -1 ? undefined : end);
}

describe('summary.md', () => {
  const markdown = renderSummaryMarkdown(buildSampleReport());

  it('opens with the verdict, the target and the reasons', () => {
    expect(markdown.startsWith('# ❌ Verification failed: staging\n')).toBe(true);
    expect(markdown).toContain('**Verdict:** failed');
    expect(markdown).toContain('- 1 blocking failure(s): E2E-GO-ERRORS');
    expect(markdown).toContain('- 1 expected failure(s) from the baseline: SEC-SKEW-REPLAY');
    const passed = renderSummaryMarkdown(buildSampleReport({ checks: [sampleCheck({ id: 'HEALTH-001' })] }));
    expect(passed.startsWith('# ✅ Verification passed: staging\n')).toBe(true);
  });

  it('counts per area, with a total row', () => {
    const table = section(markdown, 'Checks by area');
    expect(table).toContain('| e2e | 2 | 1 | 1 | 0 | 0 | 1 |');
    expect(table).toContain('| security/skew | 1 | 0 | 1 | 0 | 0 | 0 |');
    expect(table).toContain('| **all** | **13** | **8** | **2** | **2** | **1** | **2** |');
  });

  it('lists blocking failures, warnings, and the baseline state', () => {
    expect(section(markdown, '❌ Blocking failures (1)')).toContain('| **E2E-GO-ERRORS** | Go errors reach the client with body and correlation id | medium | expected the error to carry X-Correlation-ID, got none\\\\u0001 (raw body echoed below) |');
    const warnings = section(markdown, '⚠️ Warnings (2)');
    expect(warnings).toContain('| **SEC-JWT-EXP-OPTIONAL** | The Go API requires exp in tokens | medium | posture finding | posture finding: the Go API accepts a token without exp |');
    expect(warnings).toContain('| **LAT-003** |');
    const baseline = section(markdown, '📋 Baseline');
    expect(baseline).toContain('**⛔ Stale entries (1)**');
    expect(baseline).toContain('| **GOAPI-RATE-LIMIT** | Rate limiting answers 429 with Retry-After | passed |');
    expect(baseline).toContain('**Expected failures (1)**');
    expect(baseline).toContain('| **SEC-SKEW-REPLAY** |');
  });

  it('shows latency headlines from p50Ms/p95Ms/p99Ms metrics and the load run', () => {
    const latency = section(markdown, '⏱️ Latency');
    expect(latency).toContain('| ID | Check | p50 | p95 | p99 | max | samples |');
    expect(latency).toContain('| **LAT-002** | MCP tool calls: p95 under the threshold | 24.6 ms | 148.2 ms | 402.8 ms | 861.1 ms | 120 |');
    expect(latency).toContain('**Load** (builtin, 50 VUs, 60 s): 14820 requests, 3 errors, 247 req/s');
    expect(renderSummaryMarkdown(buildSampleReport({ checks: [sampleCheck({ id: 'HEALTH-001' })], load: null }))).not.toContain('Latency');
  });

  it('says how an open-loop, merged load run was driven and what the proxy’s memory did', () => {
    const load = {
      ...SAMPLE_LOAD,
      mode: 'open' as const,
      arrivalRatePerS: 150,
      droppedIterations: 2,
      shards: 4,
      proxyMemory: { startRssMb: 90.1, endRssMb: 91.3, peakRssMb: 101.2, slopeMbPerMin: 0.02, samples: 121 },
    };
    const latency = section(renderSummaryMarkdown(buildSampleReport({ load })), '⏱️ Latency');
    expect(latency).toContain('**Load** (builtin, open loop at 150 calls/s (up to 50 VUs), 60 s, 2 dropped, 4 shards merged): 14820 requests');
    expect(latency).toContain('proxy RSS 90.1 → 91.3 MB (peak 101.2 MB), slope 0.02 MB/min');
  });

  it('names the target URLs', () => {
    const target = section(markdown, '🎯 Target');
    expect(target).toContain('- Proxy: `https://toolbridge-mcp-staging.fly.dev`');
    expect(target).toContain('- MCP endpoint: `https://toolbridge-mcp-staging.fly.dev/mcp`');
    expect(target).toContain('- Go API: `https://toolbridge-api-staging.fly.dev`');
  });

  it('escapes table pipes, markup, links and mentions so a message cannot break the table or the page', () => {
    const evil = 'a | b\n| c | <img src=x> [link](https://evil) ![i](x) @team `code` *bold* \\| done';
    expect(escapeMarkdown(evil)).toBe('a \\| b \\| c \\| &lt;img src=x&gt; \\[link\\](https://evil) !\\[i\\](x) \\@team \\`code\\` \\*bold\\* \\\\\\| done');
    const md = renderSummaryMarkdown(buildSampleReport({ checks: [sampleCheck({ id: 'X-1', status: 'failed', gate: 'blocking', message: `${evil} ${HOSTILE_SCRIPT}` })] }));
    const row = md.split('\n').find((line) => line.startsWith('| **X-1** |'))!;
    // exactly the 5 pipes of a 4-column row remain unescaped
    expect(row.replace(/\\\\/g, '').match(/(?<!\\)\|/g)).toHaveLength(5);
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<script');
  });

  it('caps each list with "…and N more" and stays under GitHub\'s 1 MiB limit for huge runs', () => {
    const checks: ReportedCheck[] = Array.from({ length: 3000 }, (_, i) =>
      sampleCheck({ id: `BULK-${i}`, title: `bulk check ${i} ${'t'.repeat(200)}`, status: 'failed', gate: 'blocking', message: 'm'.repeat(20_000) }),
    );
    const md = renderSummaryMarkdown(buildSampleReport({ checks }));
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThan(STEP_SUMMARY_LIMIT_BYTES);
    expect(md).toContain(`…and ${3000 - MAX_LIST_ROWS} more`);
    expect(md.split('\n').filter((line) => line.startsWith('| **BULK-'))).toHaveLength(MAX_LIST_ROWS);
  });

  it('cuts a document that would still be too large at a line boundary, and says so', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i} ${'x'.repeat(100)}`).join('\n');
    const cut = fitToBytes(text, 10_000, '…truncated');
    expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(10_000);
    expect(cut.endsWith('\n\n…truncated\n')).toBe(true);
    expect(cut.split('\n').slice(0, -3).every((line) => /^line \d+ x+$/.test(line))).toBe(true);
    expect(fitToBytes('small', 10_000, '…truncated')).toBe('small');
  });
});
