/**
 * Runs checks directly (no vitest runner) against a local stack started with the given faults: the building block
 * of the tests that prove each check fails against exactly the defect it looks for.
 */
import { randomUUID } from 'node:crypto';
import { dedicatedDatabase } from '../stand-ins/go-api/testing/backends.js';
import type { LocalStackOptions } from '../stand-ins/local-stack/stack.js';
import { startTamperFront, type Tamper } from '../stand-ins/tamper/tamper-front.js';
import type { ProxyFaults } from '../defects/proxy/catalogue.js';
import { defectiveProxy } from '../defects/proxy/start-defective.js';
import type { CheckDef } from '../framework/checks/define.js';
import { checkTimeLimitMs, DEFAULT_SETTINGS, runCheck } from '../framework/checks/run-check.js';
import type { RunSettings } from '../framework/checks/context.js';
import type { CheckResult } from '../framework/model/types.js';
import { startLocalTarget } from '../stand-ins/local-stack/local-target.js';
import { materializeTarget } from '../framework/target/target.js';

export interface ProofRun {
  readonly results: ReadonlyMap<string, CheckResult>;
  /** ids of failed checks, sorted */
  readonly failed: string[];
  /** ids that are neither passed nor failed (warned/skipped) with their status */
  readonly other: Record<string, string>;
}

/** Starting and stopping a local stack, on top of the checks' own time limits. */
const STACK_ALLOWANCE_MS = 60_000;

/** A proof test's time limit: the longest of its checks' limits under these settings, plus the stack's start and stop. */
export function proofTimeoutMs(checks: readonly CheckDef[], settings: RunSettings = DEFAULT_SETTINGS): number {
  return Math.max(...checks.map((check) => checkTimeLimitMs(check, settings))) + STACK_ALLOWANCE_MS;
}

/** The messages of the failed checks by id, so a mismatch shows why each unexpected check failed. */
export function failureMessages(run: ProofRun): Record<string, string> {
  return Object.fromEntries(run.failed.map((id) => [id, run.results.get(id)?.message ?? '']));
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

export interface ProofOptions extends Omit<LocalStackOptions, 'database' | 'proxy'> {
  /** start a defective proxy (defects/proxy) */
  readonly proxyFaults?: ProxyFaults;
  /** response rewrites in front of the proxy and/or the Go API (the target's URLs then point at the fronts) */
  readonly tamper?: { readonly proxy?: readonly Tamper[]; readonly goApi?: readonly Tamper[] };
  readonly settings?: RunSettings;
  readonly concurrency?: number;
}

export async function runAgainstLocal(checks: readonly CheckDef[], options: ProofOptions = {}): Promise<ProofRun> {
  const { tamper, settings = DEFAULT_SETTINGS, concurrency = 6, proxyFaults, ...stackOptions } = options;
  const goApiTampers = tamper?.goApi;
  const proxyTampers = tamper?.proxy;
  const local = await startLocalTarget(`proof-${randomUUID().slice(0, 8)}`, {
    ...stackOptions,
    database: await dedicatedDatabase('proofs'),
    ...(proxyFaults ? { proxy: defectiveProxy(proxyFaults) } : {}),
    // a defective Go API is seen by the proxy and by the checks alike; a defective proxy sits behind the edge
    ...(goApiTampers ? { wrapGoApi: (url: string) => startTamperFront(url, goApiTampers) } : {}),
    ...(proxyTampers ? { wrapProxy: (url: string) => startTamperFront(url, proxyTampers) } : {}),
  });
  try {
    const target = materializeTarget(local.spec);
    const results = await inBatches(checks, concurrency, (check) => runCheck(check, target, settings));
    const byId = new Map(results.map((r) => [r.id, r]));
    return {
      results: byId,
      failed: results.filter((r) => r.status === 'failed').map((r) => r.id).sort(),
      other: Object.fromEntries(results.filter((r) => r.status === 'warned' || r.status === 'skipped').map((r) => [r.id, r.status])),
    };
  } finally {
    await local.close();
  }
}
