import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_FAILURE_REASONS, PROXY_METRICS, TOOL_OUTCOMES } from '../../contract/metrics.js';
import { ALL_TOOL_NAMES } from '../../contract/tools.js';
import { sharedDatabase } from '../../stand-ins/go-api/testing/backends.js';
import { mintHs256, uniqueSub } from '../../stand-ins/identities/tokens.js';
import { startLocalStack, type LocalStack } from '../../stand-ins/local-stack/stack.js';
import { connectMcp } from '../testing/mcp-client.js';
import { toolOutcome } from './proxy-metrics.js';

/** A scrape: the TYPE of each family and every sample line (the strict reader is the suite's, framework/clients). */
interface Scrape {
  readonly text: string;
  readonly types: ReadonlyMap<string, string>;
  readonly samples: readonly { name: string; labels: Record<string, string>; value: number }[];
}

async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  const types = new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
  const samples = [...text.matchAll(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/gm)].map((m) => ({
    name: m[1]!,
    labels: Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!])),
    value: Number(m[3]),
  }));
  return { text, types, samples };
}

/** The value of the first sample named `name` whose labels include `labels`; NaN when there is none. */
function value(scraped: Scrape, name: string, labels: Record<string, string> = {}): number {
  const sample = scraped.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return sample?.value ?? NaN;
}

describe('the outcome of a tool call', () => {
  it.each([
    [{ isError: false, goStatus: 200 }, 'ok'],
    [{ isError: true, goStatus: 404 }, 'rejected'],
    [{ isError: true, goStatus: 409 }, 'rejected'],
    [{ isError: true, goStatus: 503 }, 'go_error'],
    [{ isError: true, goStatus: undefined }, 'failed'],
  ] as const)('%j is %s', (record, outcome) => {
    expect(toolOutcome(record)).toBe(outcome);
  });
});

describe('/metrics on the proxy', () => {
  let stack: LocalStack;
  let client: Client;
  let sub: string;
  let token: string;

  beforeAll(async () => {
    stack = await startLocalStack({ database: await sharedDatabase('pglite') });
    sub = uniqueSub('metrics');
    token = await stack.mintToken(sub);
    client = await connectMcp(stack.mcpUrl, token);
  });
  afterAll(async () => {
    await client?.close();
    await stack?.close();
  });

  it('is served on its own listener, never on the public port', async () => {
    expect(stack.proxy.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(stack.proxy.metricsUrl!).port).not.toBe(String(stack.proxy.port));
    for (const headers of [{}, { authorization: `Bearer ${token}` }] as Record<string, string>[]) {
      expect((await fetch(`${stack.proxy.url}/metrics`, { headers })).status).toBe(404);
    }
    expect((await fetch(new URL('/', stack.proxy.metricsUrl!))).status).toBe(404);
    expect((await fetch(stack.proxy.metricsUrl!, { method: 'POST' })).status).toBe(405);
  });

  it('declares every family of the contract, with its type, and starts the known series at 0', async () => {
    const families = await scrape(stack.proxy.metricsUrl!);
    for (const declared of Object.values(PROXY_METRICS)) expect(families.types.get(declared.name), declared.name).toBe(declared.type);
    for (const tool of ALL_TOOL_NAMES) for (const outcome of TOOL_OUTCOMES) expect(value(families, PROXY_METRICS.toolCalls.name, { tool, outcome })).toBeGreaterThanOrEqual(0);
    for (const reason of AUTH_FAILURE_REASONS) expect(value(families, PROXY_METRICS.authFailures.name, { reason })).toBeGreaterThanOrEqual(0);
    expect(value(families, PROXY_METRICS.buildInfo.name)).toBe(1);
    expect(value(families, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts tool calls by outcome, Go errors by status, auth failures by reason, routes and the session cache', async () => {
    const before = await scrape(stack.proxy.metricsUrl!);
    await client.callTool({ name: 'list_notes', arguments: {} });
    await client.callTool({ name: 'get_note', arguments: { uid: '00000000-0000-4000-8000-000000000001' } });
    await client.callTool({ name: 'get_note', arguments: { uid: 'not-a-uuid' } });
    const post = (authorization?: string) =>
      fetch(stack.mcpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(authorization ? { authorization } : {}) },
        body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
      });
    await post();
    await post('Basic abc');
    await post(`Bearer ${await stack.mintToken(sub, { expiresInS: -600 })}`);
    await post(`Bearer ${await mintHs256('w'.repeat(64), { sub, issuer: stack.secrets.issuer, audience: stack.secrets.audience })}`);
    await fetch(`${stack.proxy.url}/wp-admin/${sub}`);
    const after = await scrape(stack.proxy.metricsUrl!);
    const delta = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - (value(before, name, labels) || 0);

    expect(delta(PROXY_METRICS.toolCalls.name, { tool: 'list_notes', outcome: 'ok' })).toBe(1);
    expect(delta(PROXY_METRICS.toolCalls.name, { tool: 'get_note', outcome: 'rejected' })).toBe(1);
    expect(delta(PROXY_METRICS.toolCalls.name, { tool: 'get_note', outcome: 'failed' })).toBe(1);
    expect(delta(`${PROXY_METRICS.toolCallDuration.name}_count`, { tool: 'get_note' })).toBe(2);
    expect(delta(PROXY_METRICS.goErrors.name, { status: '404' })).toBe(1);
    for (const reason of ['missing', 'malformed', 'expired', 'bad_signature']) expect(delta(PROXY_METRICS.authFailures.name, { reason }), reason).toBe(1);
    expect(delta(PROXY_METRICS.httpRequests.name, { route: 'mcp', code: '401' })).toBe(4);
    expect(delta(PROXY_METRICS.httpRequests.name, { route: 'other', code: '404' })).toBe(1);
    // the first call opened the caller's Go session; the next one reused it
    expect(delta(PROXY_METRICS.sessionCacheHits.name)).toBeGreaterThanOrEqual(1);
    expect(value(after, PROXY_METRICS.goUp.name)).toBe(1);
  });

  it('never names a caller, token or path in a label', async () => {
    const { text } = await scrape(stack.proxy.metricsUrl!);
    expect(text).not.toContain(sub);
    expect(text).not.toContain(token);
    expect(text).not.toContain('wp-admin');
    expect(text).not.toContain(stack.secrets.tenantSecret);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  });
});

describe('/metrics when the Go API is unreachable', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({ database: await sharedDatabase('pglite'), proxyEnv: { TOOLBRIDGE_GO_API_BASE_URL: 'http://127.0.0.1:9', TOOLBRIDGE_GO_TIMEOUT_MS: '1000' } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('reports Go down and counts the unanswered requests as connection errors', async () => {
    const client = await connectMcp(stack.mcpUrl, await stack.mintToken(uniqueSub('metrics-down')));
    try {
      await client.callTool({ name: 'list_tasks', arguments: {} });
    } finally {
      await client.close();
    }
    const families = await scrape(stack.proxy.metricsUrl!);
    expect(value(families, PROXY_METRICS.goUp.name)).toBe(0);
    expect(value(families, PROXY_METRICS.goErrors.name, { status: 'connection' })).toBeGreaterThanOrEqual(1);
    expect(value(families, PROXY_METRICS.toolCalls.name, { tool: 'list_tasks', outcome: 'failed' })).toBe(1);
  });
});
