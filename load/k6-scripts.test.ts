import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDatabase } from '../stand-ins/go-api/testing/backends.js';
import { startLocalStack, type LocalStack } from '../stand-ins/local-stack/stack.js';
import { materializeTarget, type Target } from '../framework/target/target.js';
import { K6_SCRIPTS } from './cli/k6.js';
import { mintUsers } from './runner/users.js';
import { WORKFLOW } from './scenario/scenario.js';
import { runK6ScriptInShim } from './testing/k6-shim/run.js';
import { createLoadSummaryValidator } from './testing/load-schema.js';
import { partFromK6Json } from './results/k6-json.js';
import { mergeParts } from './results/merge.js';

/**
 * The k6 scripts' own logic, run under a k6 stand-in (load/testing/k6-shim) against the local stack: k6 is not on
 * this machine, and `tsc -p tsconfig.k6.json` only proves they type-check. The shim runs VUs one after another;
 * what it proves is what the scripts send and how they judge, record and summarise.
 */
describe('the k6 scripts', () => {
  let stack: LocalStack;
  let target: Target;
  let dir: string;
  beforeAll(async () => {
    stack = await startLocalStack({ database: await sharedDatabase('pglite') });
    target = materializeTarget(stack.targetSpec('k6-shim'));
    dir = mkdtempSync(join(tmpdir(), 'tb-k6-shim-'));
  });
  afterAll(() => stack?.close());

  const dataFile = async (name: string, count: number, tenantSecret?: string) => {
    const path = join(dir, `${name}.json`);
    const users = await mintUsers(target, count, name, 600);
    writeFileSync(path, JSON.stringify({ mcpUrl: stack.mcpUrl, goApiUrl: stack.goApiUrl, tenantId: target.tenantId, ...(tenantSecret ? { tenantSecret } : {}), users }));
    return path;
  };

  it('mcp.ts: constant VUs, the thresholds, and a summary of the documented shape; every check passes', async () => {
    const summaryPath = join(dir, 'mcp-summary.json');
    const run = await runK6ScriptInShim({
      script: K6_SCRIPTS.mcp,
      env: { TB_LOAD_DATA: await dataFile('mcp', 3), TB_VUS: '3', TB_DURATION: '45s', TB_SUMMARY: summaryPath },
      vus: 3,
      iterations: 2,
    });
    expect(run.options.scenarios).toEqual({
      mcp: { executor: 'constant-vus', vus: 3, duration: '45s', gracefulStop: '10s', tags: { tb_mode: 'closed', tb_vus: '3', tb_duration_s: '45' } },
    });
    expect(run.options.thresholds).toEqual({ call_duration: ['p(95)<200'], 'http_req_failed{scenario:mcp}': ['rate<0.01'], 'checks{scenario:mcp}': ['rate>0.99'] });
    expect(run.options.summaryTrendStats).toEqual(expect.arrayContaining(['p(50)', 'p(95)', 'p(99)', 'max', 'count']));
    expect(run.checks.failed).toEqual([]);
    const calls = 3 * 2 * WORKFLOW.length;
    expect(run.checks.passed).toBe(3 + calls * 3); // initialize once per VU, three checks per tool call
    expect(run.requests.filter((r) => r.name === 'initialize')).toHaveLength(3);
    expect(new Set(run.tokens).size).toBe(3); // one identity per VU
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as Record<string, unknown>;
    const verdict = createLoadSummaryValidator()(summary);
    expect(verdict.valid, verdict.text).toBe(true);
    expect(summary).toMatchObject({ engine: 'k6', vus: 3, durationS: 45, requests: calls, errors: 0 });
    expect((summary.thresholds as { ok: boolean }[]).every((t) => t.ok)).toBe(true);
    expect(run.stdout).toMatch(/thresholds passed/);
  });

  it('mcp.ts mints its own HS256 tokens, one subject per VU, that the proxy accepts', async () => {
    const run = await runK6ScriptInShim({
      script: K6_SCRIPTS.mcp,
      env: {
        MCP_BASE_URL: stack.proxy.url,
        JWT_SECRET: stack.secrets.jwtSecret,
        JWT_ISSUER: stack.secrets.issuer,
        JWT_AUDIENCE: stack.secrets.audience,
        TB_RUN_ID: 'shim',
        TB_SUMMARY: join(dir, 'mint-summary.json'),
      },
      vus: 2,
      iterations: 1,
    });
    expect(run.checks.failed).toEqual([]);
    expect(run.requests[0]!.url).toBe(stack.mcpUrl);
    const subjects = run.tokens.map((t) => decodeJwt(t.replace(/^Bearer /, '')).sub);
    expect(subjects).toEqual(['tbv-load-shim-vu1', 'tbv-load-shim-vu2']);
  });

  it('go-direct.ts: a session per VU, signed tenant headers, the same operations straight to the Go API', async () => {
    const summaryPath = join(dir, 'go-summary.json');
    const run = await runK6ScriptInShim({
      script: K6_SCRIPTS['go-direct'],
      env: { TB_LOAD_DATA: await dataFile('go', 2, target.tenantSecret), TB_VUS: '2', TB_SUMMARY: summaryPath },
      vus: 2,
      iterations: 2,
    });
    expect(run.checks.failed).toEqual([]);
    expect(run.requests.filter((r) => r.name === 'open session')).toHaveLength(2);
    expect(run.requests.every((r) => r.url.startsWith(stack.goApiUrl))).toBe(true);
    expect(run.requests.every((r) => r.headers['x-tb-tenant-id'] === target.tenantId && /^[0-9a-f]{64}$/.test(r.headers['x-tb-signature']!))).toBe(true);
    expect(Object.keys(run.options.thresholds)).toEqual(['call_duration', 'http_req_failed{scenario:go_direct}', 'checks{scenario:go_direct}']);
    expect(JSON.parse(readFileSync(summaryPath, 'utf8'))).toMatchObject({ engine: 'k6', vus: 2, durationS: 30, requests: 2 * 2 * WORKFLOW.length, errors: 0 });
  });

  it('mcp.ts open loop: constant-arrival-rate, one call per iteration (a VU’s first is its handshake); its JSON output merges into the same summary', async () => {
    const summaryPath = join(dir, 'open-summary.json');
    const jsonOut = join(dir, 'open-samples.json');
    const run = await runK6ScriptInShim({
      script: K6_SCRIPTS.mcp,
      env: { TB_LOAD_DATA: await dataFile('open', 2), TB_VUS: '2', TB_RATE: '40', TB_DURATION: '20s', TB_SUMMARY: summaryPath },
      vus: 2,
      iterations: 1 + WORKFLOW.length + 2,
      jsonOut,
    });
    expect(run.options.scenarios).toEqual({
      mcp: {
        executor: 'constant-arrival-rate',
        rate: 40,
        timeUnit: '1s',
        preAllocatedVUs: 2,
        maxVUs: 2,
        duration: '20s',
        gracefulStop: '10s',
        tags: { tb_mode: 'open', tb_vus: '2', tb_duration_s: '20', tb_rate: '40' },
      },
    });
    expect(run.options.thresholds).toMatchObject({ dropped_iterations: ['count<1'] });
    expect(run.checks.failed).toEqual([]);
    const calls = 2 * (WORKFLOW.length + 2);
    // one tool call per iteration after the handshake: a whole workflow, then the next one's list and create
    expect(run.requests.filter((r) => r.name === 'initialize')).toHaveLength(2);
    expect(run.requests.filter((r) => r.name.startsWith('delete_'))).toHaveLength(2);
    expect(run.requests.filter((r) => r.name.startsWith('create_'))).toHaveLength(4);
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as Record<string, unknown>;
    expect(summary).toMatchObject({ engine: 'k6', mode: 'open', arrivalRatePerS: 40, droppedIterations: 0, vus: 2, requests: calls, errors: 0 });
    expect((summary.thresholds as { ok: boolean }[]).every((t) => t.ok)).toBe(true);
    expect(createLoadSummaryValidator()(summary).valid).toBe(true);
    // k6's granular output of the same run, as `npm run load -- merge` reads it
    const part = await partFromK6Json(jsonOut);
    expect(part.shape).toEqual({ scenario: 'mcp', engine: 'k6', mode: 'open', vus: 2, durationS: 20, arrivalRatePerS: 40 });
    expect(part.counters).toMatchObject({ calls, errors: 0, httpRequests: 2 * 2 + calls, httpFailures: 0, checksFailed: 0, droppedIterations: 0 });
    const merged = mergeParts([part]);
    expect(merged.summary).toMatchObject({ requests: calls, errors: 0, mode: 'open', shards: 1 });
    expect(merged.summary.thresholds.map((t) => t.name)).toEqual((summary.thresholds as { name: string }[]).map((t) => t.name));
  });

  it('refuse to start without a target (no default URL) or without what the scenario needs', async () => {
    await expect(runK6ScriptInShim({ script: K6_SCRIPTS.mcp, env: {}, vus: 1, iterations: 1 })).rejects.toThrow(/MCP_BASE_URL is required/);
    await expect(
      runK6ScriptInShim({ script: K6_SCRIPTS['go-direct'], env: { GO_API_BASE_URL: stack.goApiUrl, TENANT_ID: 't', JWT_SECRET: 'x' }, vus: 1, iterations: 1 }),
    ).rejects.toThrow(/TENANT_HEADER_SECRET is required/);
  });
});
