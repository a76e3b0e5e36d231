/**
 * Checks a third-party engine decided carry the engine, its version and its own name for the check into every
 * report: the JSON record (valid against the schema), JUnit properties, CTRF extra and tags, SARIF rules named after
 * the engine's checks with the engines as tool extensions, and the HTML facts.
 */
import { describe, expect, it } from 'vitest';
import type { ReportedCheck } from '../model.js';
import { createReportValidator } from '../schema/report-validator.js';
import { buildSampleReport, sampleCheck } from '../testing/sample-report.js';
import { githubSarifProblems } from '../testing/sarif-validator.js';
import { childNamed, childrenNamed, parseXml } from '../testing/xml-parse.js';
import { buildCtrf } from './ctrf.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { renderSarif } from './sarif.js';

const fuzzed = sampleCheck({
  id: 'FUZZ-STATUS_CODE_CONFORMANCE',
  area: 'fuzz',
  status: 'failed',
  gate: 'blocking',
  message: '1 finding at 1 place (POST /v1/tasks)',
  engine: { name: 'schemathesis', check: 'status_code_conformance', location: 'docs/openapi.json', references: [{ id: 'ST103', url: 'https://schemathesis.readthedocs.io/' }] },
  engineVersion: '4.32.5',
});
const conformance = sampleCheck({
  id: 'MCPCONF-PING',
  area: 'conformance',
  engine: { name: 'mcp-conformance', check: 'ping', location: 'proxy/http/mcp-endpoint.ts', references: [{ id: 'MCP-Ping', url: 'https://modelcontextprotocol.io/specification/2025-06-18/basic/utilities/ping' }] },
  engineVersion: '0.1.16',
});
const skippedEngine = sampleCheck({ id: 'SEC-HTTPS-TESTSSL-PROTOCOLS', area: 'security/https', status: 'skipped', message: 'testssl.sh is not installed', engine: { name: 'testssl.sh', check: '^(SSLv2)$', location: 'fly.staging.toml' } });
const checks: ReportedCheck[] = [fuzzed, conformance, skippedEngine, sampleCheck({ id: 'HEALTH-001' })];
const report = buildSampleReport({ checks, load: null });

describe('engine checks in every report', () => {
  it('JSON: the record carries engine and engineVersion, and validates', () => {
    const validation = createReportValidator()(JSON.parse(JSON.stringify(report)));
    expect(validation.errors).toEqual([]);
    expect(report.checks[0]).toMatchObject({ engine: { name: 'schemathesis', check: 'status_code_conformance' }, engineVersion: '4.32.5' });
  });

  it('JUnit: engine, engineVersion and engineCheck properties', () => {
    const root = parseXml(renderJunit(report));
    const cases = childrenNamed(root, 'testsuite').flatMap((suite) => childrenNamed(suite, 'testcase'));
    const props = (name: string) =>
      Object.fromEntries(childrenNamed(childNamed(cases.find((c) => c.attributes.name!.startsWith(name))!, 'properties')!, 'property').map((p) => [p.attributes.name, p.attributes.value]));
    expect(props('FUZZ-STATUS_CODE_CONFORMANCE')).toMatchObject({ engine: 'schemathesis', engineVersion: '4.32.5', engineCheck: 'status_code_conformance' });
    expect(props('HEALTH-001').engine).toBeUndefined();
  });

  it('CTRF: an engine tag and the engine in extra', () => {
    const test = buildCtrf(report).results.tests.find((t) => t.extra.id === 'MCPCONF-PING')!;
    expect(test.tags).toContain('engine:mcp-conformance');
    expect(test.extra).toMatchObject({ engine: 'mcp-conformance', engineVersion: '0.1.16', engineCheck: 'ping' });
  });

  it("SARIF: rules named after the engine's checks, engines as tool extensions, findings located at the expectation", () => {
    const text = renderSarif(report);
    expect(githubSarifProblems(text)).toEqual([]);
    const run = JSON.parse(text).runs[0];
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'FUZZ-STATUS_CODE_CONFORMANCE');
    expect(rule).toMatchObject({ name: 'status_code_conformance', properties: { engine: 'schemathesis', engineCheck: 'status_code_conformance' } });
    expect(rule.properties.tags).toContain('engine:schemathesis');
    expect(run.tool.extensions).toEqual([{ name: 'schemathesis', version: '4.32.5' }, { name: 'mcp-conformance', version: '0.1.16' }, { name: 'testssl.sh' }]);
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'FUZZ-STATUS_CODE_CONFORMANCE');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('docs/openapi.json');
    expect(result.properties).toMatchObject({ engine: 'schemathesis', engineVersion: '4.32.5' });
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).not.toContain('HEALTH-001');
  });

  it('HTML: the engine, its version and its references among the facts', () => {
    const html = renderHtml(report);
    expect(html).toContain('data-engine="schemathesis"');
    expect(html).toContain('schemathesis 4.32.5: status_code_conformance');
    expect(html).toContain('MCP-Ping https://modelcontextprotocol.io/specification/2025-06-18/basic/utilities/ping');
  });
});
