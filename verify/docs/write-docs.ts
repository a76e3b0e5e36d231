/**
 * `npm run docs`: regenerates the catalogue documents from the checks, and the metrics reference from the contract.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allChecks } from '../../suites/catalogue.js';
import { SECURITY_PROOF_CASES } from '../../suites/proofs.js';
import { upstreamDefectOf } from '../../suites/upstream-defects.js';
import type { CheckDef } from '../../framework/checks/define.js';
import { renderConfigurations } from '../../fixtures/config-matrix/configurations.js';
import { renderCheckCatalogue, renderSecurityChecks, renderTenantProbes } from './catalogue-doc.js';
import { crossTenantChecks } from '../../suites/tenants/cross-tenant.checks.js';
import type { TargetSpec } from '../../framework/target/spec.js';
import { renderMetricsReference } from './metrics-doc.js';

/** The probes between two tenants, listed in the catalogue (they run for target files with several tenants). */
const TENANT_PROBES = crossTenantChecks({ name: 'the other tenant' } as TargetSpec);

export const DOC_FILES: Readonly<Record<string, (checks: readonly CheckDef[]) => string>> = {
  'docs/check-catalogue.md': (checks) => `${renderCheckCatalogue(checks, upstreamDefectOf)}${renderTenantProbes(TENANT_PROBES)}`,
  'docs/security-checks.md': (checks) => renderSecurityChecks(checks, SECURITY_PROOF_CASES),
  'docs/configurations.md': () => renderConfigurations(),
  'docs/metrics.md': () => renderMetricsReference(),
};

const root = fileURLToPath(new URL('../../', import.meta.url));
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const checks = allChecks();
  for (const [file, render] of Object.entries(DOC_FILES)) {
    writeFileSync(`${root}${file}`, render(checks));
    process.stdout.write(`wrote ${file}\n`);
  }
}
