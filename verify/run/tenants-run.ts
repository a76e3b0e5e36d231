/**
 * A run over several tenants (a target file with `tenants`): each tenant verified as its own run and report, then
 * isolation probed between every ordered pair of tenants that were both reachable, then one index.
 */
import { detectTransport, withDetection } from '../../framework/clients/mcp-detection.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../framework/checks/context.js';
import { runCheck } from '../../framework/checks/run-check.js';
import { DEFAULT_POLICY, loadPolicy } from '../../framework/model/policy.js';
import type { TargetSpec } from '../../framework/target/spec.js';
import { materializeTarget } from '../../framework/target/target.js';
import type { VerificationReport } from '../../reports/model.js';
import { TENANT_INDEX_SCHEMA_VERSION, tenantIndexVerdict, type IsolationProbe, type TenantEntry, type TenantIndex } from '../../reports/tenant-index.js';
import { crossTenantChecks } from '../../suites/tenants/cross-tenant.checks.js';
import { runVerification, type VerifyOptions, type VerifyOutcome } from './verify-run.js';

export interface TenantRun {
  readonly spec: TargetSpec;
  readonly outcome: VerifyOutcome;
}

export interface TenantsOutcome {
  readonly runs: readonly TenantRun[];
  readonly index: TenantIndex;
}

export interface TenantsOptions extends Omit<VerifyOptions, 'tenant'> {
  /** told when a tenant's run is done, with its report, so it can be written before the next starts */
  readonly onTenant?: (run: TenantRun) => Promise<void> | void;
}

function entryOf(run: TenantRun): TenantEntry {
  const base = { name: run.spec.name, proxyUrl: run.spec.proxyUrl, goApiUrl: run.spec.goApiUrl };
  if (run.outcome.kind === 'unreachable') {
    return { ...base, verdict: 'unreachable', reasons: run.outcome.problems.map((p) => `${p.what} at ${p.url}: ${p.reason}`) };
  }
  const report: VerificationReport = run.outcome.report;
  return { ...base, verdict: report.verdict, reportFolder: run.spec.name, summary: report.summary, reasons: [...report.reasons] };
}

/** Both directions of every pair of reachable tenants: one tenant's caller and data against the other's app. */
async function probeIsolation(reachable: readonly TargetSpec[], options: TenantsOptions): Promise<IsolationProbe[]> {
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const detected = await Promise.all(reachable.map(async (spec) => withDetection(spec, await detectTransport(spec, timeoutMs))));
  const policy = options.policyPath ? loadPolicy(options.policyPath) : DEFAULT_POLICY;
  const settings = { latency: policy.latency, requestTimeoutMs: timeoutMs };
  const probes: IsolationProbe[] = [];
  for (const from of detected) {
    for (const to of detected.filter((spec) => spec !== from)) {
      options.onStage?.(`probing isolation from ${from.name} to ${to.name}`);
      for (const check of crossTenantChecks(to)) {
        const result = await runCheck(check, materializeTarget(from), settings);
        options.onResult?.(result);
        probes.push({ from: from.name, to: to.name, id: result.id, title: result.title, status: result.status, ...(result.message ? { message: result.message } : {}) });
      }
    }
  }
  return probes;
}

export async function runTenants(specs: readonly TargetSpec[], options: TenantsOptions): Promise<TenantsOutcome> {
  const runs: TenantRun[] = [];
  for (const spec of specs) {
    options.onStage?.(`tenant ${spec.name}: verifying ${spec.proxyUrl}`);
    const run: TenantRun = { spec, outcome: await runVerification({ ...options, tenant: spec }) };
    runs.push(run);
    await options.onTenant?.(run);
  }
  const reachable = runs.filter((run) => run.outcome.kind === 'report').map((run) => run.spec);
  const isolation = reachable.length >= 2 ? await probeIsolation(reachable, options) : [];
  const tenants = runs.map(entryOf);
  return {
    runs,
    index: { schemaVersion: TENANT_INDEX_SCHEMA_VERSION, generatedAt: new Date().toISOString(), ...tenantIndexVerdict(tenants, isolation), tenants, isolation },
  };
}
