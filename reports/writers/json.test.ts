import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPORT_SCHEMA_ID, REPORT_SCHEMA_VERSION, type VerificationReport } from '../model.js';
import { loadReportSchema, REPORT_SCHEMA_PATH } from '../schema/report-schema.js';
import { createReportValidator } from '../schema/report-validator.js';
import { buildSampleReport, sampleCheck } from '../testing/sample-report.js';
import { writeReports } from './index.js';
import { jsonWriter } from './json.js';

const validate = createReportValidator();
const dirs: string[] = [];

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The sample report as plain JSON, edited by `mutate` (to build broken reports). */
function broken(mutate: (report: Record<string, any>) => void): unknown {
  const document = JSON.parse(JSON.stringify(buildSampleReport())) as Record<string, any>;
  mutate(document);
  return document;
}

describe('the verification report schema', () => {
  it('is the committed draft 2020-12 schema whose $id is REPORT_SCHEMA_ID', () => {
    const schema = loadReportSchema();
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['$id']).toBe(REPORT_SCHEMA_ID);
    expect(basename(REPORT_SCHEMA_PATH)).toBe(`verification-report-${REPORT_SCHEMA_VERSION}.schema.json`);
  });

  it.each<[string, VerificationReport]>([
    ['the sample report', buildSampleReport()],
    ['a report without load section', buildSampleReport({ load: null })],
    ['a report where no check ran', buildSampleReport({ checks: [] })],
    ['a passed report', buildSampleReport({ checks: [sampleCheck({ id: 'HEALTH-001' }), sampleCheck({ id: 'SEC-1', area: 'security/jwt', status: 'warned', posture: true })] })],
  ])('accepts %s', (_, report) => {
    const result = validate(JSON.parse(jsonWriter.render(report)));
    expect(result.text).toBe('');
    expect(result.valid).toBe(true);
  });

  it.each<[string, (r: Record<string, any>) => void, string]>([
    ['a missing verdict', (r) => delete r['verdict'], "must have required property 'verdict'"],
    ['an unknown verdict', (r) => (r['verdict'] = 'maybe'), 'must be equal to one of the allowed values'],
    ['a bad check status', (r) => (r['checks'][0].status = 'ok'), 'must be equal to one of the allowed values'],
    ['a bad severity', (r) => (r['checks'][0].severity = 'severe'), 'must be equal to one of the allowed values'],
    ['a bad area', (r) => (r['checks'][0].area = 'security'), 'must be equal to one of the allowed values'],
    ['a bad gate', (r) => (r['checks'][0].gate = 'ignored'), 'must be equal to one of the allowed values'],
    ['an unknown evidence kind', (r) => (r['checks'][0].evidence[0].kind = 'grpc'), 'must be equal to one of the allowed values'],
    ['HTTP evidence without its request', (r) => delete r['checks'][0].evidence[0].request, "must have required property 'request'"],
    ['an unknown top-level field', (r) => (r['env'] = { PATH: '/usr/bin' }), 'must NOT have additional properties'],
    ['an unknown check field', (r) => (r['checks'][0].stack = 'Error at …'), 'must NOT have additional properties'],
    ['a missing check id', (r) => delete r['checks'][0].id, "must have required property 'id'"],
    ['a check id with spaces', (r) => (r['checks'][0].id = 'HEALTH 001'), 'must match pattern'],
    ['a non-numeric histogram bucket', (r) => (r['checks'][7].metrics.histogram = { '0-5': 'many' }), 'must match a schema in anyOf'],
    ['a wrong $schema', (r) => (r['$schema'] = './schema.json'), 'must be equal to constant'],
    ['an invalid start time', (r) => (r['timing'].startedAt = 'yesterday'), 'must match format "date-time"'],
    ['a target URL that is not a URI', (r) => (r['target'].mcpUrl = 'not a url'), 'must match format "uri"'],
    ['an unknown MCP transport', (r) => (r['target'].mcp.transport = 'websocket'), 'must be equal to one of the allowed values'],
    ['an MCP section without its detection', (r) => delete r['target'].mcp.detection, "must have required property 'detection'"],
    ['a negative count', (r) => (r['summary'].failed = -1), 'must be >= 0'],
    ['a failed check that does not gate', (r) => (r['checks'].find((c: any) => c.id === 'E2E-GO-ERRORS').gate = 'none'), 'must be equal to one of the allowed values'],
    ['a passed check marked blocking', (r) => (r['checks'][0].gate = 'blocking'), 'must be equal to constant'],
    ['a skipped check marked baseline-stale', (r) => (r['checks'].find((c: any) => c.id === 'SEC-HTTPS-HSTS').gate = 'baseline-stale'), 'must be equal to one of the allowed values'],
    ['a passed verdict despite a blocking failure', (r) => (r['verdict'] = 'passed'), 'must NOT be valid'],
    ['a passed verdict with no check', (r) => ((r['verdict'] = 'passed'), (r['checks'] = []), (r['summary'].blocking = 0)), 'must NOT have fewer than 1 items'],
    ['a security score above 10', (r) => (r['checks'].find((c: any) => c.id === 'SEC-JWT-NONE').security.score = 11), 'must be <= 10'],
  ])('rejects %s', (_, mutate, message) => {
    const result = validate(broken(mutate));
    expect(result.valid).toBe(false);
    expect(result.text).toContain(message);
  });
});

describe('verification-report.json', () => {
  it('is written pretty-printed, validates against the schema, and holds exactly the report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tb-json-'));
    dirs.push(dir);
    const report = buildSampleReport();
    const [path] = await writeReports(report, dir, [jsonWriter]);
    expect(path).toBe(join(dir, 'verification-report.json'));
    const text = await readFile(path!, 'utf8');
    expect(text).toMatch(/^\{\n {2}"\$schema": "https:\/\/toolbridge\.dev\/schemas\/verification-report\/1\.5\.0\.json",\n/);
    expect(text.endsWith('}\n')).toBe(true);
    const parsed: unknown = JSON.parse(text);
    expect(validate(parsed).valid).toBe(true);
    expect(parsed).toEqual(report);
  });
});
