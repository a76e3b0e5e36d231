/**
 * The CTRF report against the structure in checks-reference §6 (from ctrf-io/ctrf schema/ctrf.schema.json, draft-07):
 * required fields, the status enum, integer milliseconds, and no field outside the ones the spec lists (the official
 * schema closes tool, summary and test objects with additionalProperties: false).
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildSampleReport, sampleCheck } from '../testing/sample-report.js';
import { buildCtrf, CTRF_SPEC_VERSION, ctrfWriter } from './ctrf.js';

const STATUS = { enum: ['passed', 'failed', 'skipped', 'pending', 'other'] };
const integer = { type: 'integer' };
const CTRF_STRUCTURE = {
  type: 'object',
  required: ['reportFormat', 'specVersion', 'results'],
  additionalProperties: false,
  properties: {
    reportFormat: { const: 'CTRF' },
    specVersion: { type: 'string', pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+$' },
    reportId: { type: 'string' },
    timestamp: { type: 'string' },
    generatedBy: { type: 'string' },
    extra: { type: 'object' },
    results: {
      type: 'object',
      required: ['tool', 'summary', 'tests'],
      additionalProperties: false,
      properties: {
        tool: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1 }, version: { type: 'string' }, extra: { type: 'object' } },
        },
        summary: {
          type: 'object',
          required: ['tests', 'passed', 'failed', 'skipped', 'pending', 'other', 'start', 'stop'],
          additionalProperties: false,
          properties: {
            tests: integer, passed: integer, failed: integer, skipped: integer, pending: integer, other: integer,
            flaky: integer, suites: integer, start: integer, stop: integer, duration: integer, extra: { type: 'object' },
          },
        },
        tests: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'status', 'duration'],
            additionalProperties: false,
            properties: {
              name: { type: 'string', minLength: 1 },
              status: STATUS,
              duration: integer,
              suite: { type: 'array', minItems: 1, items: { type: 'string' } },
              message: { type: 'string' },
              trace: { type: 'string' },
              tags: { type: 'array', items: { type: 'string' } },
              labels: { type: 'object' },
              type: { type: 'string' },
              filePath: { type: 'string' },
              retries: integer,
              flaky: { type: 'boolean' },
              attachments: { type: 'array' },
              parameters: { type: 'object' },
              steps: { type: 'array' },
              extra: { type: 'object' },
            },
          },
        },
        extra: { type: 'object' },
      },
    },
  },
};

const validate = new Ajv({ allErrors: true, strict: true }).compile(CTRF_STRUCTURE);

describe('ctrf.json', () => {
  const report = buildSampleReport();
  const ctrf = JSON.parse(ctrfWriter.render(report)) as ReturnType<typeof buildCtrf>;

  it('has the structure CTRF requires', () => {
    const valid = validate(ctrf);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(ctrf.reportFormat).toBe('CTRF');
    expect(ctrf.specVersion).toBe(CTRF_SPEC_VERSION);
    expect(ctrf.results.tool.name).toBe('toolbridge-verify');
  });

  it('summarises by gate outcome: failed = blocking + stale, other = warned, skipped includes expected failures', () => {
    expect(ctrf.results.summary).toMatchObject({ tests: 13, passed: 7, failed: 2, skipped: 2, pending: 0, other: 2, suites: 7 });
    expect(ctrf.results.summary.start).toBe(Date.parse('2025-11-24T10:00:00.000Z'));
    expect(ctrf.results.summary.stop).toBe(Date.parse('2025-11-24T10:01:23.456Z'));
    expect(ctrf.results.summary.extra).toEqual({ verdict: 'failed', reasons: report.reasons, blocking: 2 });
    const { summary, tests } = ctrf.results;
    expect(summary.passed + summary.failed + summary.skipped + summary.pending + summary.other).toBe(tests.length);
  });

  it('describes each check with name, status, integer duration, suite, message, tags and extra', () => {
    const byId = new Map(ctrf.results.tests.map((t) => [t.extra.id, t]));
    expect(byId.get('HEALTH-001')).toEqual({
      name: 'HEALTH-001 Proxy liveness answers without auth',
      status: 'passed',
      duration: 42,
      suite: ['health'],
      tags: ['critical', 'health'],
      extra: { id: 'HEALTH-001', requirement: 'issue #3: GET / → 200 liveness JSON (service, version)', gate: 'none', status: 'passed' },
    });
    expect(byId.get('SEC-JWT-EXP-OPTIONAL')).toMatchObject({ status: 'other', message: 'posture finding: the Go API accepts a token without exp', tags: ['medium', 'security/jwt', 'posture'] });
    expect(byId.get('E2E-GO-ERRORS')).toMatchObject({ status: 'failed', tags: ['medium', 'e2e', 'blocking'], extra: { gate: 'blocking' } });
    expect(byId.get('E2E-GO-ERRORS')!.trace).toContain('MCP get_note → tool error');
    expect(byId.get('SEC-SKEW-REPLAY')).toMatchObject({ status: 'skipped', message: expect.stringMatching(/^expected failure \(baseline\): /), extra: { status: 'failed', gate: 'expected-failure' } });
    expect(byId.get('GOAPI-RATE-LIMIT')).toMatchObject({ status: 'failed', message: expect.stringContaining('remove GOAPI-RATE-LIMIT from the baseline') });
    expect(byId.get('LAT-003')).toMatchObject({ status: 'other', extra: { policyNote: 'policy: warn (was failed)' } });
    expect(byId.get('SEC-HTTPS-HSTS')).toMatchObject({ status: 'skipped', duration: 0, message: 'the target has no TLS edge' });
  });

  it('rounds fractional durations to integer milliseconds', () => {
    const one = buildCtrf(buildSampleReport({ checks: [sampleCheck({ id: 'A', durationMs: 12.6 })] }));
    expect(one.results.tests[0]!.duration).toBe(13);
    expect(validate(one)).toBe(true);
  });

  it('stays valid when no check ran', () => {
    const empty = buildCtrf(buildSampleReport({ checks: [] }));
    expect(validate(empty)).toBe(true);
    expect(empty.results.summary).toMatchObject({ tests: 0, passed: 0, failed: 0, suites: 0 });
  });
});
