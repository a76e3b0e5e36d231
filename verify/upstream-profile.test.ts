/**
 * The whole suite against a proxy we did not write: the upstream-style FastMCP target (a real FastMCP server from
 * PyPI over HTTP+SSE, contract §15) in front of the Go API stand-in, verified the way a user does
 * (`npm run verify -- --target env` with `MCP_BASE_URL=<target>/sse`, the transport detected). Nothing crashes, all
 * 41 tools are exercised, exactly the checks for the upstream proxy's known defects fail, each naming its defect,
 * and the reports locate them at the deployment. The SSE-only check is shown failing against a message endpoint
 * that accepts a foreign session id.
 * Needs Python 3.11 with venv: skipped with the install hint when missing, except under CI.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFastMcpTarget, type FastMcpTarget } from '../stand-ins/fastmcp-upstream/start.js';
import { PYTHON_INSTALL_HINT, pythonAvailable } from '../stand-ins/fastmcp-upstream/python-env.js';
import type { GoApiServer } from '../stand-ins/go-api/server.js';
import { startTestGoApi, TEST_JWT_SECRET, TEST_TENANT_SECRET } from '../stand-ins/go-api/testing/harness.js';
import { runVerifyCli, type CliRun } from './testing/cli.js';
import type { VerificationReport } from '../reports/model.js';
import { createReportValidator } from '../reports/schema/report-validator.js';
import { githubSarifProblems } from '../reports/testing/sarif-validator.js';
import { optionalRequirement } from '../framework/testing/optional.js';
import { mintHs256, uniqueSub } from '../stand-ins/identities/tokens.js';
import { ALL_TOOL_NAMES } from '../contract/tools.js';
import { upstreamDefectOf, UPSTREAM_DEFECTS } from '../suites/upstream-defects.js';
import { startForeignSessionFront, type Front } from '../suites/security/transport/proof/foreign-session-front.js';

const missing = optionalRequirement(pythonAvailable(), 'Python 3.11 with venv', PYTHON_INSTALL_HINT);
const TENANT = 'upstream-profile-tenant';
/** the whole catalogue over SSE: about three minutes here alone, more beside the rest of the tests */
const RUN_TIMEOUT_MS = 600_000;

describe.skipIf(missing !== undefined)(`the suite against the upstream-style FastMCP proxy${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let goApi: GoApiServer;
  let fastmcp: FastMcpTarget;
  let front: Front;
  let out: string;
  let run: CliRun;
  let report: VerificationReport;

  const env = (mcpBaseUrl: string) => ({
    MCP_BASE_URL: mcpBaseUrl,
    GO_API_BASE_URL: goApi.url,
    TENANT_ID: TENANT,
    TENANT_HEADER_SECRET: TEST_TENANT_SECRET,
    JWT_SECRET: TEST_JWT_SECRET,
  });

  beforeAll(async () => {
    goApi = await startTestGoApi({ backend: 'pglite', env: { ENV: '', TENANT_HEADER_SECRET: TEST_TENANT_SECRET } });
    fastmcp = await startFastMcpTarget({ goApiUrl: goApi.url, tenantId: TENANT, tenantSecret: TEST_TENANT_SECRET });
    front = await startForeignSessionFront(fastmcp.url);
    out = mkdtempSync(join(tmpdir(), 'tbv-upstream-'));
    run = await runVerifyCli(['--target', 'env', '--out', out], env(fastmcp.sseUrl), RUN_TIMEOUT_MS);
    report = JSON.parse(readFileSync(join(out, 'verification-report.json'), 'utf8')) as VerificationReport;
  }, RUN_TIMEOUT_MS + 120_000);

  afterAll(async () => {
    await front?.close();
    await fastmcp?.close();
    await goApi?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  const byId = (id: string) => report.checks.find((c) => c.id === id);
  const failed = () => report.checks.filter((c) => c.status === 'failed').map((c) => c.id);

  test('the gate fails; the transport is detected as HTTP+SSE, and the server is FastMCP, not our proxy', () => {
    expect(run.code, run.stderr).toBe(1);
    expect(report.target.mcp).toMatchObject({ requested: 'auto', transport: 'sse', url: fastmcp.sseUrl });
    expect(report.target.mcp?.server?.name).toBeTruthy();
    expect(report.target.mcp?.server?.name).not.toBe('toolbridge-mcp-proxy');
    const validation = createReportValidator()(report);
    expect(validation.text).toBe('');
  });

  test('no check crashes, and every skip says why', () => {
    for (const check of report.checks) expect(check.message ?? '', check.id).not.toMatch(/^the check could not complete/);
    for (const check of report.checks.filter((c) => c.status === 'skipped')) expect(check.message, check.id).toMatch(/^(not applicable|untestable): /);
  });

  test('exactly the checks for the known defects fail, each naming its defect', () => {
    expect(failed().filter((id) => !upstreamDefectOf(id)).map((id) => `${id}: ${byId(id)!.message}`)).toEqual([]);
    for (const { defect, checks, message } of UPSTREAM_DEFECTS) {
      const failing = failed().filter((id) => checks.test(id));
      expect(failing.length, defect).toBeGreaterThan(0);
      for (const id of failing) expect(byId(id)!.message, `${defect}: ${id}`).toMatch(message);
    }
    expect(failed().filter((id) => /^E2E-DELETE_/.test(id))).toHaveLength(5);
    const jwtProxy = report.checks.filter((c) => /^SEC-JWT-PROXY-/.test(c.id));
    expect(jwtProxy.filter((c) => c.status === 'failed')).toHaveLength(jwtProxy.filter((c) => c.status !== 'skipped').length);
  });

  test('what the upstream proxy does right passes: the other entity tools, isolation through its tools, latency', () => {
    for (const id of ['E2E-TOOLS-LIST', 'E2E-EXTRA-TOOLS', 'E2E-CREATE_NOTE', 'E2E-LIST_CHAT_MESSAGES', 'E2E-PROCESS_TASK', 'LAT-001', 'LAT-002', 'SEC-TRANSPORT-METHODS', 'SEC-TRANSPORT-SSE-SESSION']) {
      expect(byId(id)?.status, `${id}: ${byId(id)?.message}`).toBe('passed');
    }
    for (const check of report.checks.filter((c) => c.id.startsWith('SEC-ISOLATION-MCP-'))) expect(check.status, `${check.id}: ${check.message}`).toBe('passed');
  });

  test('all 41 tools, health_check among them, are called over SSE', () => {
    const called = new Set(report.checks.flatMap((c) => c.evidence.flatMap((e) => (e.kind === 'mcp' ? [e.tool] : []))));
    expect(byId('E2E-TOOLS-LIST')!.metrics.tools).toBe(41);
    const upstream = [...ALL_TOOL_NAMES, 'health_check'];
    expect(upstream.filter((name) => !called.has(name))).toEqual([]);
  });

  test("SARIF locates the findings at the deployment's MCP endpoint, not at our source files", () => {
    const sarif = readFileSync(join(out, 'security.sarif'), 'utf8');
    expect(githubSarifProblems(sarif)).toEqual([]);
    type Result = { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } }; logicalLocations?: { fullyQualifiedName: string }[] }[] };
    const results = (JSON.parse(sarif) as { runs: { results: Result[] }[] }).runs[0]!.results;
    const proxyFindings = results.filter((r) => /^SEC-(JWT-PROXY|TRANSPORT)-/.test(r.ruleId) && r.ruleId !== 'SEC-TRANSPORT-VALIDATION-500');
    expect(proxyFindings.length).toBeGreaterThan(0);
    for (const { ruleId, locations: [location] } of proxyFindings) {
      expect(location!.physicalLocation.artifactLocation, ruleId).toEqual({ uri: 'sse', uriBaseId: 'DEPLOYMENT' });
      expect(location!.logicalLocations, ruleId).toEqual([{ kind: 'resource', fullyQualifiedName: fastmcp.sseUrl }]);
    }
  });

  /** One check through the CLI against another MCP base URL; its reported outcome. */
  async function onlyCheck(id: string, mcpBaseUrl: string): Promise<VerificationReport['checks'][number]> {
    const checkOut = mkdtempSync(join(tmpdir(), 'tbv-upstream-check-'));
    try {
      const result = await runVerifyCli(['--target', 'env', '--out', checkOut, '--check', id], env(mcpBaseUrl));
      expect(result.code, result.stderr).toBe(1);
      const { checks } = JSON.parse(readFileSync(join(checkOut, 'verification-report.json'), 'utf8')) as VerificationReport;
      expect(checks.map((c) => c.id)).toEqual([id]);
      return checks[0]!;
    } finally {
      rmSync(checkOut, { recursive: true, force: true });
    }
  }

  test('SEC-TRANSPORT-SSE-SESSION fails against a message endpoint that accepts a foreign session id', { timeout: 120_000 }, async () => {
    const check = await onlyCheck('SEC-TRANSPORT-SSE-SESSION', `${front.url}/sse`);
    expect(check.status).toBe('failed');
    expect(check.message).toMatch(/a session id never issued → 202.*the session id of a stream already closed → 202/);
  });

  test('SEC-ISOLATION-MCP-IDENTITY fails against the upstream proxy configured with one shared token', { timeout: 180_000 }, async () => {
    const sharedToken = await mintHs256(TEST_JWT_SECRET, { sub: uniqueSub('shared-service-user') });
    const shared = await startFastMcpTarget({ goApiUrl: goApi.url, tenantId: TENANT, tenantSecret: TEST_TENANT_SECRET, sharedToken });
    try {
      const check = await onlyCheck('SEC-ISOLATION-MCP-IDENTITY', shared.sseUrl);
      expect(check.status).toBe('failed');
      expect(check.message).toMatch(/do not keep callers apart, the proxy merges users .*not A's: A's own Go API read .* answered 404.*B's MCP read of A's note .* succeeded and returned A's data/);
    } finally {
      await shared.close();
    }
  });
});
