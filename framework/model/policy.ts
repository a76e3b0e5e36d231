/**
 * The gate policy (`--policy file.json`), in the spirit of ZAP's per-rule policy: what a non-passing outcome means
 * for each check (by id, `*` wildcards allowed) or area, plus the latency thresholds.
 *
 *   fail   — a failure blocks; a warning (posture finding) is escalated to a blocking failure
 *   warn   — a failure is reported as a warning and does not block
 *   ignore — the outcome is reported as skipped ("ignored by policy")
 */
import { z } from 'zod';
import type { CheckResult } from './types.js';
import { readJsonFile } from './json-file.js';

const Action = z.enum(['fail', 'warn', 'ignore']);

/**
 * A rule about single findings of an engine check (one Schemathesis failure, one testssl.sh finding): the contract's
 * documented quirks are such rules (contract/quirks.ts); a policy file may add its own.
 */
export const FindingRuleSchema = z.strictObject({
  /** check id pattern, `*` wildcards */
  check: z.string().regex(/^[A-Z0-9*_-]+$/, 'check ids are uppercase; * is a wildcard'),
  /** where the finding is (e.g. `POST /v1/comments`), `*` wildcards; absent: anywhere */
  where: z.string().min(1).optional(),
  /** a regular expression (multiline: ^ and $ match at lines) the finding's text must match; absent: any */
  match: z
    .string()
    .min(1)
    .refine((source) => {
      try {
        new RegExp(source);
        return true;
      } catch {
        return false;
      }
    }, 'not a valid regular expression')
    .optional(),
  /** warn: reported, does not block; ignore: left out of the verdict and listed as ignored */
  action: z.enum(['warn', 'ignore']),
  /** why the finding is accepted, shown with it (e.g. `contract §9.2: 500 for an orphan comment`) */
  reason: z.string().min(1),
});
export type FindingRule = z.infer<typeof FindingRuleSchema>;
export type PolicyAction = z.infer<typeof Action>;

export const PolicySchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  checks: z.record(z.string().regex(/^[A-Z0-9*_-]+$/, 'check ids are uppercase; * is a wildcard'), Action).default({}),
  areas: z.record(z.string(), Action).default({}),
  findings: z.array(FindingRuleSchema).default([]),
  /** the Schemathesis run's budget (suites/fuzz) */
  fuzz: z
    .strictObject({
      /**
       * the run is stopped after this long, and every fuzz check fails: a safety net, well above the 50 s of a run
       * here and the 100 s of one against a Go API 50 ms of round trip away (docs/benchmarks.md)
       */
      maxTimeS: z.int().min(5).max(900).default(300),
      /** test cases per operation and phase */
      maxExamples: z.int().min(1).max(1000).default(5),
      /** Schemathesis workers (operations in flight at once); absent: 2 for a Go API on loopback, 8 otherwise */
      workers: z.int().min(1).max(32).optional(),
      /** users the operations are spread over (the API rate-limits per owner); absent: one per operation */
      users: z.int().min(1).max(100).optional(),
      /** operationIds of docs/openapi.json to fuzz (absent: all) */
      operations: z.array(z.string().regex(/^[a-zA-Z]+$/, 'an operationId of docs/openapi.json, e.g. createNotes')).min(1).optional(),
    })
    .prefault({}),
  latency: z
    .strictObject({
      p95Ms: z.number().positive().default(500),
      /** first response after a (possibly cold) start; Fly machines stopped by auto_stop take seconds to wake */
      coldStartMs: z.number().positive().default(15_000),
      samplesPerTool: z.int().min(3).max(1000).default(12),
      samplesPerRoute: z.int().min(3).max(1000).default(12),
      warmupCalls: z.int().min(0).max(100).default(5),
    })
    .prefault({}),
});
export type Policy = z.infer<typeof PolicySchema>;
export type LatencySettings = Policy['latency'];
export type FuzzSettings = Policy['fuzz'];

export const DEFAULT_POLICY: Policy = PolicySchema.parse({});

export class PolicyError extends Error {}

export function loadPolicy(path: string): Policy {
  return readJsonFile(path, PolicySchema, 'policy', (message) => new PolicyError(message));
}

/** A check-id pattern with `*` wildcards (policy keys, --check values) as an anchored regular expression. */
export function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** The action for a check: exact id, then the most specific wildcard, then its area; undefined = defaults. */
export function actionFor(policy: Policy, check: Pick<CheckResult, 'id' | 'area'>): PolicyAction | undefined {
  const exact = policy.checks[check.id];
  if (exact) return exact;
  const patterns = Object.entries(policy.checks)
    .filter(([pattern]) => pattern.includes('*') && wildcard(pattern).test(check.id))
    .sort(([a], [b]) => b.length - a.length);
  if (patterns[0]) return patterns[0][1];
  return policy.areas[check.area];
}

/** Applies the policy to a raw result; returns the new status and a note when it changed. */
export function applyPolicy(policy: Policy, result: CheckResult): { status: CheckResult['status']; note?: string } {
  const action = actionFor(policy, result);
  if (!action || result.status === 'passed' || result.status === 'skipped') return { status: result.status };
  if (action === 'ignore') return { status: 'skipped', note: `ignored by policy (was ${result.status})` };
  if (action === 'warn' && result.status === 'failed') return { status: 'warned', note: 'policy: warn (was failed)' };
  if (action === 'fail' && result.status === 'warned') return { status: 'failed', note: 'policy: fail (was warned)' };
  return { status: result.status };
}
