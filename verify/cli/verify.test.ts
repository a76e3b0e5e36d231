import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unusedPort } from '../../framework/testing/ports.js';
import { writeReports } from '../../reports/writers/index.js';
import { createReportValidator } from '../../reports/schema/report-validator.js';
import { githubSarifProblems } from '../../reports/testing/sarif-validator.js';
import type { TargetSpec } from '../../framework/target/spec.js';
import type { VerificationReport } from '../../reports/model.js';
import { startLocalStack } from '../../stand-ins/local-stack/stack.js';
import { runVerification } from '../run/verify-run.js';
import { runVerifyCli } from '../testing/cli.js';


const cli = (args: string[], env: Record<string, string> = {}) => runVerifyCli(args, env);

const tmp = () => mkdtempSync(join(tmpdir(), 'tbv-'));

describe('toolbridge-verify CLI', () => {
  it('prints help and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exit codes: 0 gate passed, 1 gate failed, 2 usage or configuration error, 3 target unreachable/);
  });

  it('lists the catalogue', async () => {
    const r = await cli(['--list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^HEALTH-001\s+health\s+critical/m);
    expect(r.stdout).toMatch(/^E2E-CREATE_NOTE\s+e2e/m);
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--suite', 'Go API'], /--suite: suite names look like/],
    [['--suite', 'nope'], /unknown suite nope/],
    [['--check', 'NOPE-*'], /no check matches NOPE-\*/],
    [['--target', 'staging'], /--target must be "local", "env" or a \.json file/],
    [['--policy', '/nonexistent/policy.json'], /cannot read policy/],
    [['--mcp-transport', 'websocket'], /--mcp-transport: takes auto, http or sse/],
  ])('exits 2 for %j with a message saying what to fix', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('exits 2 naming every missing target variable', async () => {
    const r = await cli(['--target', 'env'], { MCP_BASE_URL: '', GO_API_BASE_URL: 'not a url', TENANT_ID: '', TENANT_HEADER_SECRET: '', JWT_SECRET: '' });
    expect(r.code).toBe(2);
    for (const name of ['MCP_BASE_URL', 'GO_API_BASE_URL', 'TENANT_ID', 'TENANT_HEADER_SECRET', 'JWT_SECRET']) expect(r.stderr).toContain(name);
  });

  it('exits 2 for a target file whose secret reference is not set', async () => {
    const dir = tmp();
    const file = join(dir, 'staging.json');
    writeFileSync(file, JSON.stringify({ name: 'staging', mcpBaseUrl: 'https://x.example', goApiBaseUrl: 'https://y.example', tenantId: 't', tenantHeaderSecret: 'env:TBV_UNSET_SECRET', jwtSecret: 'env:TBV_UNSET_JWT' }));
    const r = await cli(['--target', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tenantHeaderSecret refers to environment variable TBV_UNSET_SECRET, which is not set/);
  });

  it('exits 3 when the target cannot be reached, naming the URL', async () => {
    const port = await unusedPort();
    const r = await cli(['--target', 'env'], {
      MCP_BASE_URL: `http://127.0.0.1:${port}`,
      GO_API_BASE_URL: `http://127.0.0.1:${port}`,
      TENANT_ID: 't',
      TENANT_HEADER_SECRET: 'x'.repeat(40),
      JWT_SECRET: 'y'.repeat(40),
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`target unreachable: MCP proxy (MCP_BASE_URL) at http://127.0.0.1:${port}/: ECONNREFUSED`);
    expect(r.stderr).toContain(`target unreachable: Go API (GO_API_BASE_URL) at http://127.0.0.1:${port}/healthz: ECONNREFUSED`);
  });

  it('fails the gate when a baseline entry starts passing', async () => {
    const dir = tmp();
    const baseline = join(dir, 'baseline.json');
    writeFileSync(baseline, JSON.stringify({ expectedFailures: [{ id: 'HEALTH-001', reason: 'was broken last week' }] }));
    const r = await cli(['--suite', 'health', '--check', 'HEALTH-001', '--baseline', baseline, '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/baseline entr(y|ies) now pass — remove from the baseline: HEALTH-001/);
  });
});

describe('a full local run', () => {
  it('passes, writes every report valid and free of secrets', async () => {
    let spec: TargetSpec | undefined;
    const outcome = await runVerification({
      target: 'local',
      suites: ['health', 'e2e', 'security/transport'],
      checks: [],
      policyPath: undefined,
      baselinePath: undefined,
      env: {},
      onTarget: (s) => {
        spec = s;
      },
    });
    expect(outcome.kind).toBe('report');
    if (outcome.kind !== 'report') return;
    const { report } = outcome;
    expect(report.verdict).toBe('passed');
    // the transport suite's documented posture finding (500 on validation errors) is the one warning; the HTTP+SSE
    // session check does not apply to a Streamable HTTP proxy
    expect(report.summary).toMatchObject({ total: 65, passed: 63, failed: 0, warned: 1, skipped: 1 });
    expect(report.checks.find((c) => c.status === 'skipped')).toMatchObject({ id: 'SEC-TRANSPORT-SSE-SESSION', message: expect.stringMatching(/^not applicable: /) });
    expect(report.target).toMatchObject({ kind: 'local', selectedBy: 'flag', local: true, notices: [] });
    const validation = createReportValidator()(JSON.parse(JSON.stringify(report)));
    expect(validation.text).toBe('');
    expect(validation.valid).toBe(true);

    const out = tmp();
    const files = await writeReports(report, out);
    expect(readdirSync(out).sort()).toEqual(['ctrf.json', 'junit.xml', 'report.html', 'security.sarif', 'summary.md', 'verification-report.json']);
    const secrets = [spec!.tenantSecret, spec!.jwt.kind === 'hs256' ? spec!.jwt.secret : spec!.jwt.privateKeyPem];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const secret of secrets) expect(text.includes(secret), `${file} contains a secret`).toBe(false);
      expect(text, `${file} contains a JWT`).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./);
      expect(text, `${file} contains a 64-hex signature or secret`).not.toMatch(/\b[0-9a-f]{64}\b/);
    }
    // the SARIF file is valid for GitHub code scanning and carries the finding
    const sarif = readFileSync(join(out, 'security.sarif'), 'utf8');
    expect(githubSarifProblems(sarif)).toEqual([]);
    const results = (JSON.parse(sarif) as { runs: { results: { ruleId: string; level: string }[] }[] }).runs[0]!.results;
    expect(results).toEqual([expect.objectContaining({ ruleId: 'SEC-TRANSPORT-VALIDATION-500', level: 'warning' })]);
    // evidence was recorded, with the sensitive headers masked
    const json = readFileSync(join(out, 'verification-report.json'), 'utf8');
    expect(json).toContain('"Authorization": "Bearer [REDACTED]"');
    expect(json).toContain('"X-TB-Signature": "[REDACTED]"');
  });
});

describe('a slow target', () => {
  /** The Go API answers every request after 600 ms: slower than the 500 ms p95 gate before anything else is measured. */
  async function slowTarget() {
    const stack = await startLocalStack({ goFaults: { fixedLatencyMs: 600 } });
    const env = {
      MCP_BASE_URL: stack.proxy.url,
      GO_API_BASE_URL: stack.goApiUrl,
      TENANT_ID: stack.secrets.tenantId,
      TENANT_HEADER_SECRET: stack.secrets.tenantSecret,
      JWT_SECRET: stack.secrets.jwtSecret,
      JWT_ISSUER: stack.secrets.issuer,
      JWT_AUDIENCE: stack.secrets.audience,
    };
    return { stack, env };
  }

  it('fails fast with exit 1 and says the target is far slower than the latency gate', { timeout: 120_000 }, async () => {
    const { stack, env } = await slowTarget();
    try {
      const out = join(tmp(), 'out');
      const startedAt = Date.now();
      const r = await cli(['--out', out], env);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/the target is far slower than the latency gate \(p95 < 500 ms\): Go API GET \/healthz median 6\d\d(\.\d)? ms/);
      expect(r.stdout).toMatch(/stopped before running the 2\d\d selected checks/);
      expect(Date.now() - startedAt).toBeLessThan(90_000);
      const report = JSON.parse(readFileSync(join(out, 'verification-report.json'), 'utf8')) as VerificationReport;
      expect(report).toMatchObject({ verdict: 'failed', aborted: { stage: 'pace' }, target: { kind: 'env', selectedBy: 'environment' } });
      expect(report.checks).toEqual([]);
    } finally {
      await stack.close();
    }
  });

  it('with --no-fail-fast, ends at the --timeout deadline with exit 1, keeping the results so far', { timeout: 150_000 }, async () => {
    const { stack, env } = await slowTarget();
    try {
      const out = join(tmp(), 'out');
      const startedAt = Date.now();
      const r = await cli(['--out', out, '--no-fail-fast', '--timeout', '25s', '--suite', 'go-api,e2e'], env);
      const elapsedMs = Date.now() - startedAt;
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/the run reached its deadline of 25 s \(--timeout\) with \d+ of 93 checks not run/);
      // the deadline, a grace for running checks to end, and the CLI's own start: nowhere near the hours at this pace
      expect(elapsedMs).toBeLessThan(75_000);
      const report = JSON.parse(readFileSync(join(out, 'verification-report.json'), 'utf8')) as VerificationReport;
      expect(report.aborted).toMatchObject({ stage: 'deadline' });
      expect(report.aborted!.notRun).toBeGreaterThan(0);
      expect(report.verdict).toBe('failed');
    } finally {
      await stack.close();
    }
  });

  it('rejects a --timeout that is not a duration', async () => {
    const r = await cli(['--timeout', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timeout takes a duration such as 90s, 15m or 1h, got "soon"/);
  });
});
