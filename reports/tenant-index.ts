/**
 * The index of a run over several tenants (a target file with `tenants`): one verdict per tenant, the isolation
 * probes between them, and the overall verdict. Written next to the tenants' report folders as index.json and
 * index.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckStatus } from '../framework/model/types.js';

export const TENANT_INDEX_SCHEMA_VERSION = '1.0.0';

export type TenantVerdict = 'passed' | 'failed' | 'unreachable';

export interface TenantEntry {
  readonly name: string;
  readonly proxyUrl: string;
  readonly goApiUrl: string;
  readonly verdict: TenantVerdict;
  /** the tenant's report folder, relative to the index (absent when the tenant was unreachable) */
  readonly reportFolder?: string;
  readonly summary?: { readonly total: number; readonly passed: number; readonly failed: number; readonly warned: number; readonly skipped: number; readonly blocking: number };
  /** why it did not pass, one line each */
  readonly reasons: readonly string[];
}

export interface IsolationProbe {
  /** the tenant whose caller or data was used */
  readonly from: string;
  /** the tenant probed */
  readonly to: string;
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  readonly message?: string;
}

export interface TenantIndex {
  readonly schemaVersion: string;
  readonly generatedAt: string;
  readonly verdict: 'passed' | 'failed';
  readonly reasons: readonly string[];
  readonly tenants: readonly TenantEntry[];
  readonly isolation: readonly IsolationProbe[];
}

/** Passed only when every tenant passed and no isolation probe failed; the reasons say what did not. */
export function tenantIndexVerdict(tenants: readonly TenantEntry[], isolation: readonly IsolationProbe[]): Pick<TenantIndex, 'verdict' | 'reasons'> {
  const reasons = [
    ...tenants.filter((t) => t.verdict !== 'passed').map((t) => `tenant ${t.name}: ${t.verdict}`),
    ...isolation.filter((p) => p.status === 'failed').map((p) => `${p.id} from ${p.from} to ${p.to}: ${p.message ?? 'failed'}`),
  ];
  return { verdict: reasons.length === 0 ? 'passed' : 'failed', reasons };
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderTenantIndexMarkdown(index: TenantIndex): string {
  const tenants = index.tenants
    .map((t) => {
      const counts = t.summary ? `${t.summary.passed} passed, ${t.summary.failed} failed, ${t.summary.warned} warned, ${t.summary.skipped} skipped` : '–';
      const report = t.reportFolder ? `[${t.reportFolder}/summary.md](${t.reportFolder}/summary.md)` : '–';
      return `| ${t.name} | ${t.verdict.toUpperCase()} | ${t.proxyUrl} | ${counts} | ${report} |`;
    })
    .join('\n');
  const probes =
    index.isolation.length === 0
      ? '_No isolation probe ran: it needs two reachable tenants._'
      : `| from | to | check | status | detail |\n| --- | --- | --- | --- | --- |\n${index.isolation
          .map((p) => `| ${p.from} | ${p.to} | ${p.id} | ${p.status} | ${cell(p.message ?? '')} |`)
          .join('\n')}`;
  const reasons = index.reasons.length > 0 ? `\n${index.reasons.map((r) => `- ${cell(r)}`).join('\n')}\n` : '';
  return `# Verification index: ${index.verdict.toUpperCase()}

${index.tenants.length} tenants, verified ${index.generatedAt}.
${reasons}
| tenant | verdict | proxy | checks | report |
| --- | --- | --- | --- | --- |
${tenants}

## Isolation between tenants

${probes}
`;
}

/** index.json and index.md into `outDir`; returns their paths. */
export async function writeTenantIndex(index: TenantIndex, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const files = [
    [join(outDir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`],
    [join(outDir, 'index.md'), renderTenantIndexMarkdown(index)],
  ] as const;
  for (const [path, content] of files) await writeFile(path, content, 'utf8');
  return files.map(([path]) => path);
}
