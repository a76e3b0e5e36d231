/**
 * `npm run verify -- --target tenants.json`: a target file with several tenants. Each tenant's reports go to
 * `<out>/<tenant>/`, the index (one verdict per tenant, the isolation probes, the overall verdict) to
 * `<out>/index.json` and `<out>/index.md`. Exit codes: 0 every tenant and probe passed, 1 anything failed (or some
 * tenant unreachable), 3 no tenant reachable.
 */
import { join } from 'node:path';
import { writeReports } from '../../reports/writers/index.js';
import { writeTenantIndex } from '../../reports/tenant-index.js';
import { targetsFromFile } from '../../framework/target/spec.js';
import { describeSelection, describeTarget, type TargetSelection } from '../run/select.js';
import { runTenants } from '../run/tenants-run.js';
import type { VerifyOptions } from '../run/verify-run.js';
import { EXIT } from './args.js';
import type { Progress } from './progress.js';

export function describeTenants(selection: TargetSelection & { kind: 'file' }, env: Readonly<Record<string, string | undefined>>): string {
  const specs = targetsFromFile(selection.source, env, 'dry-run');
  return [
    describeSelection(selection),
    `  ${specs.length} tenants, each verified as its own target, then isolation probed between every two of them:`,
    ...specs.flatMap((spec) => [`  tenant ${spec.name}`, ...describeTarget(selection, spec).split('\n').slice(1).map((line) => `  ${line}`)]),
  ].join('\n');
}

export async function verifyTenants(selection: TargetSelection & { kind: 'file' }, options: VerifyOptions, outDir: string, progress: Progress): Promise<number> {
  const specs = targetsFromFile(selection.source, options.env, 'tenants');
  const outcome = await runTenants(specs, {
    ...options,
    onTenant: async (run) => {
      if (run.outcome.kind === 'unreachable') {
        for (const p of run.outcome.problems) process.stderr.write(`toolbridge-verify: tenant ${run.spec.name} unreachable: ${p.what} at ${p.url}: ${p.reason}\n`);
        return;
      }
      const files = await writeReports(run.outcome.report, join(outDir, run.spec.name));
      progress.summary(run.outcome.report, files);
    },
  });
  const files = await writeTenantIndex(outcome.index, outDir);
  const { index } = outcome;
  process.stdout.write(`\nTenants ${index.verdict.toUpperCase()}: ${index.tenants.map((t) => `${t.name} ${t.verdict}`).join(', ')}\n`);
  const failedProbes = index.isolation.filter((p) => p.status === 'failed');
  process.stdout.write(`Isolation: ${index.isolation.length} probes between tenants, ${failedProbes.length} failed\n`);
  for (const probe of failedProbes) process.stdout.write(`  ✗ ${probe.id} ${probe.from} → ${probe.to}: ${probe.message ?? ''}\n`);
  process.stdout.write(`Index:\n${files.map((f) => `  ${f}`).join('\n')}\n`);
  if (index.tenants.every((t) => t.verdict === 'unreachable')) return EXIT.unreachable;
  return index.verdict === 'passed' ? EXIT.passed : EXIT.failed;
}
