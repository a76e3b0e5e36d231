import { describe, expect, it } from 'vitest';
import type { ReportedCheck, VerificationReport } from '../model.js';
import { buildSampleReport } from '../testing/sample-report.js';
import { githubSarifProblems } from '../testing/sarif-validator.js';
import { sarifMultitoolMissing, sarifMultitoolResults } from '../../framework/testing/sarif-multitool.js';
import { renderSarif, SARIF_SCHEMA } from './sarif.js';

function withChecks(report: VerificationReport, checks: ReportedCheck[]): VerificationReport {
  return { ...report, checks };
}

/** The sample report, with one failed and one warned security finding. */
function reportWithFindings(): VerificationReport {
  const sample = buildSampleReport();
  const facts = { score: 9.1, cwe: 'CWE-347', remediation: 'Pin the accepted algorithms.', location: 'proxy/auth/verify-token.ts' };
  const checks = sample.checks.map((c, i): ReportedCheck => {
    if (c.area.startsWith('security') && i % 2 === 0) return { ...c, status: 'failed', gate: 'blocking', security: facts, message: 'accepted alg none' };
    if (c.area.startsWith('security')) return { ...c, status: 'warned', gate: 'none', security: { ...facts, cwe: 'CWE-613', score: 5 }, message: 'exp optional' };
    return c;
  });
  return { ...sample, checks };
}

describe('SARIF writer', () => {
  const report = reportWithFindings();
  const sarif = JSON.parse(renderSarif(report)) as {
    $schema: string;
    version: string;
    runs: { tool: { driver: { rules: { id: string; properties: Record<string, unknown> }[] } }; results: { ruleId: string; level: string; partialFingerprints: Record<string, string> }[] }[];
  };

  it('meets GitHub code scanning requirements', () => {
    expect(githubSarifProblems(renderSarif(report))).toEqual([]);
    expect(sarif.$schema).toBe(SARIF_SCHEMA);
    expect(sarif.version).toBe('2.1.0');
  });

  it('has one rule per security check and no rule for other checks', () => {
    const security = report.checks.filter((c) => c.security);
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(security.map((c) => c.id));
    const rule = sarif.runs[0]!.tool.driver.rules[0]!;
    expect(rule.properties['security-severity']).toMatch(/^\d+\.\d$/);
    const cwe = report.checks.find((c) => c.id === rule.id)!.security!.cwe;
    expect(rule.properties.tags).toEqual(expect.arrayContaining(['security', cwe, `external/cwe/${cwe.toLowerCase()}`]));
  });

  it('reports failed checks as errors and warned ones as warnings, never passed or skipped ones', () => {
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    for (const result of sarif.runs[0]!.results) {
      const check = byId.get(result.ruleId)!;
      expect(['failed', 'warned']).toContain(check.status);
      expect(result.level).toBe(check.status === 'failed' ? 'error' : 'warning');
    }
    const expected = report.checks.filter((c) => c.security && (c.status === 'failed' || c.status === 'warned')).length;
    expect(sarif.runs[0]!.results).toHaveLength(expected);
    expect(expected).toBeGreaterThan(0);
  });

  it('keeps fingerprints stable across runs of the same target', () => {
    const again = JSON.parse(renderSarif({ ...report, runId: 'another-run' })) as typeof sarif;
    expect(again.runs[0]!.results.map((r) => r.partialFingerprints)).toEqual(sarif.runs[0]!.results.map((r) => r.partialFingerprints));
  });

  it('is still valid with no security checks at all', () => {
    expect(githubSarifProblems(renderSarif(withChecks(report, report.checks.filter((c) => !c.security))))).toEqual([]);
  });

  it('the validator catches what GitHub rejects', () => {
    const broken = JSON.parse(renderSarif(report)) as { runs: { tool: { driver: { rules: Record<string, unknown>[] } }; results: Record<string, unknown>[] }[] };
    delete broken.runs[0]!.tool.driver.rules[0]!.help;
    (broken.runs[0]!.tool.driver.rules[0]!.properties as Record<string, unknown>)['security-severity'] = 9;
    broken.runs[0]!.results[0]!.locations = [];
    broken.runs[0]!.results[0]!.ruleId = 'NOPE';
    const problems = githubSarifProblems(JSON.stringify(broken)).join('\n');
    expect(problems).toMatch(/help\.text missing/);
    expect(problems).toMatch(/security-severity must be a string/);
    expect(problems).toMatch(/at least one location/);
    expect(problems).toMatch(/ruleId does not name a rule/);
  });
});

describe('locations of findings about a proxy not built from this repository', () => {
  type Located = {
    locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } }; logicalLocations?: { fullyQualifiedName: string }[]; message: { text: string } }[];
    relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[];
  };
  const render = (server: { name: string; version: string } | undefined) => {
    const base = reportWithFindings();
    const mcp = { requested: 'auto' as const, transport: 'sse' as const, url: 'http://127.0.0.1:8001/sse', detection: [], ...(server ? { server } : {}) };
    return renderSarif({ ...base, target: { ...base.target, mcp } });
  };
  const results = (server: { name: string; version: string } | undefined) =>
    (JSON.parse(render(server)) as { runs: { results: Located[] }[] }).runs[0]!.results;

  it("are the deployment's MCP endpoint, with our proxy's file as a related location, when another server answered", () => {
    const sarif = render({ name: 'ToolBridge', version: '2.13.1' });
    expect(githubSarifProblems(sarif)).toEqual([]);
    const run = (JSON.parse(sarif) as { runs: { originalUriBaseIds: Record<string, { uri: string }>; results: Located[] }[] }).runs[0]!;
    expect(run.originalUriBaseIds).toMatchObject({ DEPLOYMENT: { uri: 'http://127.0.0.1:8001/' } });
    expect(run.results.length).toBeGreaterThan(0);
    for (const result of run.results) {
      expect(result.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'sse', uriBaseId: 'DEPLOYMENT' });
      expect(result.locations[0]!.logicalLocations).toEqual([{ kind: 'resource', fullyQualifiedName: 'http://127.0.0.1:8001/sse' }]);
      expect(result.locations[0]!.message.text).toContain('ToolBridge 2.13.1, a proxy not built from this repository');
      expect(result.relatedLocations![0]!.physicalLocation.artifactLocation.uri).toBe('proxy/auth/verify-token.ts');
    }
  });

  it('stay at the repository file when our proxy answered, or when the server is unknown', () => {
    for (const server of [{ name: 'toolbridge-mcp-proxy', version: '0.1.0' }, undefined]) {
      for (const result of results(server)) {
        expect(result.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'proxy/auth/verify-token.ts' });
        expect(result.relatedLocations).toBeUndefined();
      }
    }
  });
});

describe.skipIf(sarifMultitoolMissing())("Microsoft's SARIF validator (Sarif.Multitool validate)", () => {
  const foreign = (() => {
    const base = reportWithFindings();
    return { ...base, target: { ...base.target, mcp: { requested: 'auto' as const, transport: 'sse' as const, url: 'http://127.0.0.1:8001/sse', detection: [], server: { name: 'ToolBridge', version: '2.13.1' } } } };
  })();

  it.each([
    ['findings at repository files', reportWithFindings()],
    ['findings at a deployment not built from this repository', foreign],
    ['no security checks at all', withChecks(buildSampleReport(), buildSampleReport().checks.filter((c) => !c.security))],
  ])('reports nothing on a document with %s', { timeout: 120_000 }, async (_, report) => {
    expect(await sarifMultitoolResults(renderSarif(report))).toEqual([]);
  });

  it('control: it reports a document the schema forbids', { timeout: 120_000 }, async () => {
    const broken = JSON.parse(renderSarif(reportWithFindings())) as { runs: { tool: { driver: Record<string, unknown> } }[] };
    delete broken.runs[0]!.tool.driver.name;
    expect((await sarifMultitoolResults(JSON.stringify(broken))).join('\n')).toMatch(/error/);
  });
});

if (sarifMultitoolMissing()) it.skip(`SARIF validator: ${sarifMultitoolMissing()}`, () => undefined);
