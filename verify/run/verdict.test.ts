import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../framework/model/types.js';
import { EMPTY_BASELINE } from './baseline.js';
import { actionFor, applyPolicy, DEFAULT_POLICY, PolicySchema } from '../../framework/model/policy.js';
import { gate } from './verdict.js';

function result(id: string, status: CheckResult['status'], area: CheckResult['area'] = 'go-api'): CheckResult {
  return { id, title: id, area, severity: 'high', requirement: 'x', status, durationMs: 1, evidence: [], metrics: {} };
}

describe('policy', () => {
  const policy = PolicySchema.parse({
    checks: { 'SEC-TENANT-REPLAY': 'fail', 'GOAPI-NOTES-*': 'warn', 'GOAPI-*': 'ignore' },
    areas: { latency: 'warn' },
  });

  it('prefers the exact id, then the most specific wildcard, then the area', () => {
    expect(actionFor(policy, { id: 'SEC-TENANT-REPLAY', area: 'security/tenant' })).toBe('fail');
    expect(actionFor(policy, { id: 'GOAPI-NOTES-CRUD', area: 'go-api' })).toBe('warn');
    expect(actionFor(policy, { id: 'GOAPI-TASKS-CRUD', area: 'go-api' })).toBe('ignore');
    expect(actionFor(policy, { id: 'LAT-002', area: 'latency' })).toBe('warn');
    expect(actionFor(policy, { id: 'HEALTH-001', area: 'health' })).toBeUndefined();
  });

  it('warns, ignores or escalates non-passing outcomes only', () => {
    expect(applyPolicy(policy, result('GOAPI-NOTES-CRUD', 'failed'))).toEqual({ status: 'warned', note: 'policy: warn (was failed)' });
    expect(applyPolicy(policy, result('GOAPI-TASKS-CRUD', 'failed'))).toEqual({ status: 'skipped', note: 'ignored by policy (was failed)' });
    expect(applyPolicy(policy, result('SEC-TENANT-REPLAY', 'warned', 'security/tenant'))).toEqual({ status: 'failed', note: 'policy: fail (was warned)' });
    expect(applyPolicy(policy, result('GOAPI-NOTES-CRUD', 'passed'))).toEqual({ status: 'passed' });
  });

  it('rejects unknown actions and malformed ids', () => {
    expect(PolicySchema.safeParse({ checks: { 'GOAPI-X': 'maybe' } }).success).toBe(false);
    expect(PolicySchema.safeParse({ checks: { 'goapi x': 'warn' } }).success).toBe(false);
    expect(PolicySchema.safeParse({ surprise: 1 }).success).toBe(false);
  });

  it('takes finding rules and a fuzz budget, and says what is wrong with them', () => {
    const policy = PolicySchema.parse({
      findings: [{ check: 'FUZZ-*', where: 'POST /v1/notes', match: 'failed to create note', action: 'warn', reason: 'TB-311' }],
      fuzz: { maxTimeS: 60, operations: ['createNotes'] },
    });
    expect(policy.findings).toHaveLength(1);
    expect(policy.fuzz).toEqual({ maxTimeS: 60, maxExamples: 5, operations: ['createNotes'] });
    expect(DEFAULT_POLICY.fuzz).toEqual({ maxTimeS: 300, maxExamples: 5 });
    const bad = PolicySchema.safeParse({ findings: [{ check: 'FUZZ-*', match: '(unclosed', action: 'fail', reason: '' }], fuzz: { operations: ['GET /v1/notes'] } });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'findings.0.match: not a valid regular expression',
        expect.stringMatching(/^findings\.0\.action: /),
        expect.stringMatching(/^findings\.0\.reason: /),
        'fuzz.operations.0: an operationId of docs/openapi.json, e.g. createNotes',
      ]),
    );
  });

  it('defaults the latency gate to the seed staging target', () => {
    expect(DEFAULT_POLICY.latency.p95Ms).toBe(500);
  });
});

describe('gate', () => {
  it('passes when nothing blocks, counting warnings', () => {
    const g = gate([result('A-1', 'passed'), result('A-2', 'warned')], DEFAULT_POLICY, EMPTY_BASELINE);
    expect(g.verdict).toBe('passed');
    expect(g.reasons[0]).toBe('all 2 checks passed the gate (1 warning)');
  });

  it('fails on a blocking failure and names it', () => {
    const g = gate([result('A-1', 'passed'), result('A-2', 'failed')], DEFAULT_POLICY, EMPTY_BASELINE);
    expect(g.verdict).toBe('failed');
    expect(g.checks.find((c) => c.id === 'A-2')?.gate).toBe('blocking');
    expect(g.reasons).toContain('1 blocking failure(s): A-2');
  });

  it('lets a baseline expected failure through, but fails when a listed check passes', () => {
    const baseline = { source: 'b.json', expectedFailures: new Set(['A-2', 'A-3']) };
    const g = gate([result('A-2', 'failed'), result('A-3', 'passed')], DEFAULT_POLICY, baseline);
    expect(g.checks.map((c) => c.gate)).toEqual(['expected-failure', 'baseline-stale']);
    expect(g.verdict).toBe('failed');
    expect(g.reasons.join('\n')).toMatch(/now pass — remove from the baseline: A-3/);
    const honest = gate([result('A-2', 'failed')], DEFAULT_POLICY, { source: 'b.json', expectedFailures: new Set(['A-2']) });
    expect(honest.verdict).toBe('passed');
  });

  it('fails when no check ran', () => {
    expect(gate([], DEFAULT_POLICY, EMPTY_BASELINE).verdict).toBe('failed');
  });
});
