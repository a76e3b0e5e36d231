/**
 * The isolation probes between two tenants, against two local stacks: passing when each tenant has its own Go API
 * and its own token audience, failing each on exactly its defect.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../framework/checks/run-check.js';
import { materializeTarget } from '../../framework/target/target.js';
import type { TargetSpec } from '../../framework/target/spec.js';
import { dedicatedDatabase } from '../../stand-ins/go-api/testing/backends.js';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../stand-ins/local-stack/stack.js';
import { crossTenantChecks } from './cross-tenant.checks.js';

const stacks: LocalStack[] = [];
afterAll(async () => {
  for (const stack of stacks) await stack.close();
});

/** A tenant's stack: its own Go API on a database of its own (one per tenant name, as separate deployments have). */
async function tenant(name: string, options: LocalStackOptions): Promise<{ stack: LocalStack; spec: TargetSpec }> {
  const stack = await startLocalStack({ database: await dedicatedDatabase(`tenant-${name}`), ...options });
  stacks.push(stack);
  return { stack, spec: { ...stack.targetSpec(`xt-${randomUUID().slice(0, 6)}`), name } };
}

/** Both checks from `from` to `to`: id → status. */
async function probe(from: TargetSpec, to: TargetSpec): Promise<Record<string, string>> {
  const results = await Promise.all(crossTenantChecks(to).map((check) => runCheck(check, materializeTarget(from))));
  for (const r of results) if (r.status === 'failed') expect(r.message, r.id).toBeTruthy();
  return Object.fromEntries(results.map((r) => [r.id, r.status]));
}

const PASSED = { 'SEC-TENANT-CROSS-TOKEN': 'passed', 'SEC-TENANT-CROSS-DATA': 'passed' };

describe('isolation between two tenants', () => {
  it('passes both ways for tenants with their own Go API and their own audience', async () => {
    const a = await tenant('a', { secrets: { tenantId: 'a', audience: 'tenant-a' } });
    const b = await tenant('b', { secrets: { tenantId: 'b', audience: 'tenant-b' } });
    expect(await probe(a.spec, b.spec)).toEqual(PASSED);
    expect(await probe(b.spec, a.spec)).toEqual(PASSED);
  });

  it("fails the token probe when tenant b's proxy checks no audience and shares a's key", async () => {
    const a = await tenant('a', { secrets: { tenantId: 'a', audience: 'tenant-a' } });
    const b = await tenant('b', { secrets: { tenantId: 'b', audience: 'tenant-b', jwtSecret: a.stack.secrets.jwtSecret }, proxyEnv: { TOOLBRIDGE_JWT_AUDIENCE: '' } });
    expect(await probe(a.spec, b.spec)).toEqual({ ...PASSED, 'SEC-TENANT-CROSS-TOKEN': 'failed' });
    // b's tokens carry b's audience, which a checks
    expect(await probe(b.spec, a.spec)).toEqual(PASSED);
  });

  it("fails the data probe when the two tenants' proxies share one Go API", async () => {
    const a = await tenant('a', { secrets: { tenantId: 'a', audience: 'tenant-a' } });
    const b = await tenant('b', {
      secrets: { tenantId: 'b', audience: 'tenant-b', jwtSecret: a.stack.secrets.jwtSecret, tenantSecret: a.stack.secrets.tenantSecret },
      proxyEnv: { TOOLBRIDGE_GO_API_BASE_URL: a.stack.goApiUrl },
    });
    expect(await probe(a.spec, b.spec)).toEqual({ ...PASSED, 'SEC-TENANT-CROSS-DATA': 'failed' });
    expect(await probe(b.spec, a.spec)).toEqual({ ...PASSED, 'SEC-TENANT-CROSS-DATA': 'failed' });
  });

  it('skips the token probe, saying why, for tenants that trust the very same tokens', async () => {
    const a = await tenant('a', { secrets: { tenantId: 'a', audience: 'shared' } });
    const b = await tenant('b', { secrets: { tenantId: 'b', audience: 'shared', jwtSecret: a.stack.secrets.jwtSecret, issuer: a.stack.secrets.issuer } });
    const [token] = crossTenantChecks(b.spec);
    const result = await runCheck(token!, materializeTarget(a.spec));
    expect(result.status).toBe('skipped');
    expect(result.message).toMatch(/trust the same tokens \(same key, issuer and audience\)/);
  });
});
