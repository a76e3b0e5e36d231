/**
 * A realistic VerificationReport for the writer tests: a staging run over several areas with every status and gate
 * effect (blocking failure, posture warning, expected failure, stale baseline entry, skip), HTTP/MCP/note evidence,
 * latency percentiles with a histogram, a load section — and attacker-controlled strings in the evidence
 * (a reflected `<script>`, markup in a header, an XML-forbidden control character) that every writer must neutralise.
 */
import type { Evidence } from '../../framework/model/types.js';
import { REPORT_SCHEMA_ID, REPORT_SCHEMA_VERSION, type LoadSection, type ReportedCheck, type VerificationReport } from '../model.js';

/** Markup an attacker could make a target echo back; the HTML report must render it as text. */
export const HOSTILE_SCRIPT = '<script>window.__pwned = true; document.title = "pwned"</script>';
export const HOSTILE_ATTRIBUTE = '"><img src=x onerror="window.__pwned = true">';
/** U+0001 is not allowed anywhere in XML 1.0. */
export const CONTROL_CHARACTER = '\u0001';

const PROXY = 'https://toolbridge-mcp-staging.fly.dev';
const GO_API = 'https://toolbridge-api-staging.fly.dev';

/** A reported check with sensible defaults; pass what the test cares about. */
export function sampleCheck(fields: Partial<ReportedCheck> & Pick<ReportedCheck, 'id'>): ReportedCheck {
  return {
    title: `Check ${fields.id}`,
    area: 'health',
    severity: 'medium',
    requirement: 'contract §12',
    status: 'passed',
    durationMs: 10,
    evidence: [],
    metrics: {},
    gate: 'none',
    ...fields,
  };
}

function livenessEvidence(): Evidence {
  return {
    kind: 'http',
    label: 'liveness',
    request: { method: 'GET', url: `${PROXY}/`, headers: { accept: 'application/json' } },
    response: {
      status: 200,
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'c0ffee01' },
      body: '{"service":"toolbridge-mcp","version":"0.1.0"}',
      durationMs: 38.2,
    },
  };
}

export const LATENCY_HISTOGRAM: Readonly<Record<string, number>> = {
  '0-2': 0,
  '2-5': 3,
  '5-10': 12,
  '10-20': 30,
  '20-50': 41,
  '50-100': 22,
  '100-200': 9,
  '200-500': 2,
  '500-1000': 1,
  '1000-2000': 0,
  '2000+': 0,
};

export function sampleChecks(): ReportedCheck[] {
  return [
    sampleCheck({
      id: 'HEALTH-001',
      title: 'Proxy liveness answers without auth',
      area: 'health',
      severity: 'critical',
      requirement: 'issue #3: GET / → 200 liveness JSON (service, version)',
      expected: 'GET / answers 200 JSON with service and version',
      durationMs: 41.7,
      evidence: [livenessEvidence()],
      metrics: { version: '0.1.0' },
    }),
    sampleCheck({
      id: 'HEALTH-002',
      title: 'Proxy is ready: it reaches the Go API',
      area: 'health',
      severity: 'critical',
      requirement: 'issue #3: GET /readyz → 200 only when the Go API /healthz answers',
      durationMs: 55,
      evidence: [
        {
          kind: 'http',
          label: 'readiness',
          request: { method: 'GET', url: `${PROXY}/readyz`, headers: {} },
          response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ready":true}', durationMs: 51.3 },
        },
      ],
    }),
    sampleCheck({
      id: 'HEALTH-005',
      title: 'Target clock is within 60 s of ours',
      area: 'health',
      severity: 'medium',
      requirement: 'contract §9.4 (tenant signature tolerates 300 s of skew)',
      durationMs: 12,
      metrics: { clockSkewS: 0.412 },
      evidence: [{ kind: 'note', text: 'Date header 2025-11-24T10:00:01Z, local clock 2025-11-24T10:00:00.588Z' }],
    }),
    sampleCheck({
      id: 'GOAPI-NOTES-CRUD',
      title: 'Notes: create, read, replace, patch, archive, delete',
      area: 'go-api',
      severity: 'high',
      requirement: 'contract §6 (REST CRUD)',
      durationMs: 812.4,
      evidence: [
        {
          kind: 'http',
          label: 'create',
          request: {
            method: 'POST',
            url: `${GO_API}/v1/notes`,
            headers: { authorization: 'Bearer [REDACTED]', 'content-type': 'application/json', 'x-tb-signature': '[REDACTED]' },
            body: '{"title":"verify note","content":"hello"}',
          },
          response: {
            status: 201,
            headers: { 'content-type': 'application/json', etag: '"1"' },
            body: '{"uid":"5b0c3c1e-8d2a-4a53-9f3e-2f6f0c7d9a10","title":"verify note","version":1}',
            durationMs: 74.9,
          },
        },
      ],
    }),
    sampleCheck({
      id: 'GOAPI-RATE-LIMIT',
      title: 'Rate limiting answers 429 with Retry-After',
      area: 'go-api',
      severity: 'medium',
      requirement: 'contract §13 (rate-limit buckets)',
      durationMs: 2210,
      status: 'passed',
      gate: 'baseline-stale',
    }),
    sampleCheck({
      id: 'E2E-NOTES-LIFECYCLE',
      title: 'MCP tools create, list and delete a note',
      area: 'e2e',
      severity: 'high',
      requirement: 'contract §15 (tools)',
      durationMs: 640,
      evidence: [
        {
          kind: 'mcp',
          label: 'create',
          tool: 'create_note',
          arguments: { title: 'e2e note', content: 'from the suite' },
          isError: false,
          result: '{"uid":"0d6f1d0a-5c1e-4f7b-b3a1-7f5a9c2e8b11","title":"e2e note"}',
          durationMs: 88.1,
        },
        {
          kind: 'mcp',
          label: 'delete',
          tool: 'delete_note',
          arguments: { uid: '0d6f1d0a-5c1e-4f7b-b3a1-7f5a9c2e8b11' },
          isError: false,
          result: '{"deleted":true}',
          durationMs: 61.5,
        },
      ],
    }),
    sampleCheck({
      id: 'E2E-GO-ERRORS',
      title: 'Go errors reach the client with body and correlation id',
      area: 'e2e',
      severity: 'medium',
      requirement: 'contract §16.3',
      durationMs: 230,
      status: 'failed',
      gate: 'blocking',
      message: `expected the error to carry X-Correlation-ID, got none${CONTROL_CHARACTER} (raw body echoed below)`,
      evidence: [
        {
          kind: 'mcp',
          label: 'get missing note',
          tool: 'get_note',
          arguments: { uid: HOSTILE_ATTRIBUTE },
          isError: true,
          result: `Go API 404: note not found: ${HOSTILE_SCRIPT}`,
          durationMs: 45.2,
        },
        {
          kind: 'http',
          label: 'reflected error body',
          request: { method: 'GET', url: `${GO_API}/v1/notes/%22%3E%3Cimg`, headers: { 'x-probe': HOSTILE_ATTRIBUTE } },
          response: {
            status: 404,
            headers: { 'content-type': 'text/html', 'x-echo': HOSTILE_ATTRIBUTE },
            body: `<html><body>not found: ${HOSTILE_SCRIPT}</body></html>`,
            durationMs: 33.3,
          },
        },
      ],
    }),
    sampleCheck({
      id: 'LAT-002',
      title: 'MCP tool calls: p95 under the threshold',
      area: 'latency',
      severity: 'medium',
      requirement: 'seed: staging p95 < 500 ms',
      durationMs: 14_230,
      metrics: {
        p50Ms: 24.6,
        p95Ms: 148.2,
        p99Ms: 402.75,
        maxMs: 861.1,
        samples: 120,
        histogram: LATENCY_HISTOGRAM,
        p95MsByName: { create_note: 151.2, list_notes: 98.4, get_note: 40.1, delete_note: 122.7 },
        thresholdP95Ms: 500,
      },
    }),
    sampleCheck({
      id: 'LAT-003',
      title: 'Go API routes: p95 under the threshold',
      area: 'latency',
      severity: 'medium',
      requirement: 'seed: staging p95 < 500 ms',
      durationMs: 9_870,
      status: 'warned',
      policyNote: 'policy: warn (was failed)',
      message: 'p95 612 ms ≥ 500 ms: PATCH /v1/notes/{uid} 612 ms',
      metrics: { p50Ms: 61, p95Ms: 612, p99Ms: 903.5, samples: 96, histogram: { '0-50': 40, '50-100': 31, '100-500': 20, '500+': 5 } },
    }),
    sampleCheck({
      id: 'SEC-JWT-NONE',
      title: 'Tokens with alg "none" are rejected',
      area: 'security/jwt',
      severity: 'critical',
      requirement: 'RFC 8725 §3.1',
      rationale: 'an unsigned token would let anyone act as any user',
      security: { score: 9.8, cwe: 'CWE-347', remediation: 'pin the accepted algorithms in the JWT verifier', location: 'proxy/auth/verify.ts' },
      durationMs: 96,
      evidence: [
        {
          kind: 'http',
          label: 'alg none',
          request: { method: 'POST', url: `${PROXY}/mcp`, headers: { authorization: 'Bearer [REDACTED]' }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' },
          response: { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' }, body: '{"error":"invalid_token"}', durationMs: 20.4 },
        },
      ],
    }),
    sampleCheck({
      id: 'SEC-JWT-EXP-OPTIONAL',
      title: 'The Go API requires exp in tokens',
      area: 'security/jwt',
      severity: 'medium',
      requirement: 'contract §9.2',
      posture: true,
      status: 'warned',
      durationMs: 70,
      message: 'posture finding: the Go API accepts a token without exp',
      evidence: [{ kind: 'note', text: 'token minted without exp; GET /v1/notes answered 200' }],
    }),
    sampleCheck({
      id: 'SEC-SKEW-REPLAY',
      title: 'A replayed tenant signature is rejected',
      area: 'security/skew',
      severity: 'high',
      requirement: 'contract §9.4',
      status: 'failed',
      gate: 'expected-failure',
      durationMs: 150,
      message: 'the same X-TB-Signature was accepted twice within the skew window',
    }),
    sampleCheck({
      id: 'SEC-HTTPS-HSTS',
      title: 'HTTPS responses carry Strict-Transport-Security',
      area: 'security/https',
      severity: 'low',
      requirement: 'RFC 6797',
      status: 'skipped',
      durationMs: 0,
      message: 'the target has no TLS edge',
    }),
  ];
}

export const SAMPLE_LOAD: LoadSection = {
  engine: 'builtin',
  vus: 50,
  durationS: 60,
  requests: 14_820,
  errors: 3,
  rps: 247,
  latencyMs: { p50: 31.2, p95: 188.4, p99: 420.9, max: 1204 },
  thresholds: [
    { name: 'http_req_duration p(95)<500', ok: true },
    { name: 'http_req_failed rate<0.01', ok: true },
  ],
};

function summarize(checks: readonly ReportedCheck[]): VerificationReport['summary'] {
  const count = (status: ReportedCheck['status']): number => checks.filter((c) => c.status === status).length;
  return {
    total: checks.length,
    passed: count('passed'),
    failed: count('failed'),
    warned: count('warned'),
    skipped: count('skipped'),
    // like verify/run/verify-run.ts: everything that blocks the verdict, stale baseline entries included
    blocking: checks.filter((c) => c.gate === 'blocking' || c.gate === 'baseline-stale').length,
  };
}

/** Verdict and reasons the way verify/run/verdict.ts words them. */
function judge(checks: readonly ReportedCheck[]): Pick<VerificationReport, 'verdict' | 'reasons'> {
  const ids = (gate: ReportedCheck['gate']): string[] => checks.filter((c) => c.gate === gate).map((c) => c.id);
  const blocking = ids('blocking');
  const stale = ids('baseline-stale');
  const expected = ids('expected-failure');
  const reasons: string[] = [];
  if (blocking.length > 0) reasons.push(`${blocking.length} blocking failure(s): ${blocking.join(', ')}`);
  if (stale.length > 0) reasons.push(`${stale.length} baseline entr${stale.length === 1 ? 'y' : 'ies'} now pass — remove from the baseline: ${stale.join(', ')}`);
  if (expected.length > 0) reasons.push(`${expected.length} expected failure(s) from the baseline: ${expected.join(', ')}`);
  if (checks.length === 0) reasons.push('no checks ran');
  const verdict = blocking.length === 0 && stale.length === 0 && checks.length > 0 ? 'passed' : 'failed';
  if (verdict === 'passed') reasons.unshift(`all ${checks.length} checks passed the gate`);
  return { verdict, reasons };
}

export interface SampleReportOptions {
  /** replaces the sample checks (summary, verdict and reasons follow them) */
  readonly checks?: readonly ReportedCheck[];
  /** the load section; `null` leaves it out */
  readonly load?: LoadSection | null;
}

export function buildSampleReport(options: SampleReportOptions = {}): VerificationReport {
  const checks = options.checks ?? sampleChecks();
  const load = options.load === undefined ? SAMPLE_LOAD : options.load;
  const expectedFailures = checks.filter((c) => c.gate === 'expected-failure' || c.gate === 'baseline-stale').map((c) => c.id);
  return {
    $schema: REPORT_SCHEMA_ID,
    schemaVersion: REPORT_SCHEMA_VERSION,
    runId: '2025-11-24T10-00-00Z-staging-7f3a',
    ...judge(checks),
    target: {
      kind: 'file',
      selectedBy: 'flag',
      notices: [],
      name: 'staging',
      proxyUrl: PROXY,
      mcpUrl: `${PROXY}/mcp`,
      goApiUrl: GO_API,
      local: false,
      mcp: { requested: 'auto', transport: 'http', url: `${PROXY}/mcp`, detection: [{ transport: 'http', url: `${PROXY}/mcp`, outcome: 'connected' }] },
    },
    tool: {
      name: 'toolbridge-verify',
      version: '0.1.0',
      node: 'v20.19.4',
      platform: 'linux-x64',
      versions: { '@modelcontextprotocol/sdk': '1.32.2', vitest: '4.1.12' },
    },
    timing: { startedAt: '2025-11-24T10:00:00.000Z', finishedAt: '2025-11-24T10:01:23.456Z', durationMs: 83_456 },
    selection: { suites: ['health', 'go-api', 'e2e', 'latency', 'security/jwt', 'security/skew', 'security/https'], checks: [] },
    policy: { source: 'policy/staging.json' },
    baseline: { source: 'baseline/staging.json', expectedFailures },
    summary: summarize(checks),
    checks,
    ...(load ? { load } : {}),
  };
}
