/**
 * "The proxy never crashes on any input": generated requests (fast-check) against a proxy in front of the stand-in.
 * Tool calls with arbitrary arguments, arbitrary JSON-RPC messages and bodies, arbitrary transport headers. Every
 * answer must be a well-formed refusal or result (never a 5xx, never a hang), the Go API must only ever see the
 * routes a tool may use (no path built from unvalidated input), and the proxy must still serve afterwards.
 * Bounded: a fixed number of runs per property and a fixed seed, so a failure replays.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDatabase } from '../stand-ins/go-api/testing/backends.js';
import { uniqueSub } from '../stand-ins/identities/tokens.js';
import { startLocalStack } from '../stand-ins/local-stack/stack.js';
import type { ProxyFaults } from '../defects/proxy/catalogue.js';
import { defectiveProxy } from '../defects/proxy/start-defective.js';
import { buildTools } from './tools/definitions.js';

const SEED = 20261124;
const RUNS = 120;
const TOOLS = buildTools();
const TOOL_NAMES = TOOLS.map((tool) => tool.name);
const FIELD_NAMES = [...new Set(TOOLS.flatMap((tool) => Object.keys(tool.input.shape)))];
/** the only Go routes a tool call may reach: a session, and the entities' REST routes */
const TOOL_ROUTE = /^(createSession|(list|create|get|replace|patch|delete|archive|process) (notes|tasks|comments|chats|chat_messages))$/;

const HOSTILE_STRINGS = ['../sync/wipe', '..%2fsync%2fwipe', '%00', '?limit=1', '#', '\u0000', 'a/b', ' ', '\u202e', '💥', '{}', 'null'];
const jsonLeaf = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const jsonValue = fc.oneof({ depthSize: 'small' }, jsonLeaf, fc.array(jsonLeaf, { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), jsonLeaf, { maxKeys: 4 }));
/** arguments built from the tools' own field names (so validation is exercised field by field) plus strays */
const toolArguments = fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 12 })), jsonValue, { maxKeys: 6 });
const uuidLike = fc.oneof(fc.uuid(), fc.constantFrom(...HOSTILE_STRINGS));

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/** A proxy in front of the stand-in and one caller; `faults` switch proxy defects on (to show the properties failing). */
async function fuzzTarget(faults: ProxyFaults = {}) {
  const logLines: string[] = [];
  const stack = await startLocalStack({ database: await sharedDatabase('pglite'), proxy: defectiveProxy(faults), logDestination: { write: (line: string) => void logLines.push(line) } });
  const token = await stack.mintToken(uniqueSub('fuzz'));
  const authorization = `Bearer ${token}`;
  let nextId = 1;
  const post = async (body: string, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(stack.mcpUrl, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18', ...headers },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
  };
  const routed = () => [...stack.goApi.stats.byRoute.values()].reduce((a, b) => a + b, 0);
  return { stack, post, routed, id: () => nextId++, logLines, token };
}
type FuzzTarget = Awaited<ReturnType<typeof fuzzTarget>>;

/** a refusal (4xx) or a JSON-RPC answer; never a server error */
function expectWellFormed(answer: Answer, id?: number): void {
  expect(answer.status, answer.text).toBeLessThan(500);
  if (answer.status !== 200) return;
  const message = JSON.parse(answer.contentType.includes('text/event-stream') ? answer.text.replace(/^[\s\S]*?data: /, '') : answer.text) as Record<string, unknown>;
  expect(message.jsonrpc).toBe('2.0');
  if (id !== undefined) expect(message.id).toBe(id);
  expect('result' in message || 'error' in message).toBe(true);
}

/** Tool calls with arbitrary arguments: a result or an error result, and every Go request on a route a tool may use. */
function toolCallProperty(target: FuzzTarget) {
  return fc.asyncProperty(fc.constantFrom(...TOOL_NAMES), toolArguments, fc.option(uuidLike, { nil: undefined }), async (name, args, uid) => {
    const id = target.id();
    const goBefore = target.stack.goApi.stats.total;
    const routedBefore = target.routed();
    const answer = await target.post(JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: uid === undefined ? args : { ...args, uid } } }));
    expect(answer.status, answer.text).toBe(200);
    expectWellFormed(answer, id);
    const message = JSON.parse(answer.text) as { result?: { content?: unknown[] } };
    if (message.result) expect(Array.isArray(message.result.content)).toBe(true);
    // every Go request matched a route (none built from an unvalidated path), and only routes a tool may use
    expect(target.stack.goApi.stats.total - goBefore).toBe(target.routed() - routedBefore);
    for (const route of target.stack.goApi.stats.byRoute.keys()) expect(route).toMatch(TOOL_ROUTE);
  });
}

describe('the proxy under generated input', () => {
  let target: FuzzTarget;

  beforeAll(async () => {
    target = await fuzzTarget();
  });
  afterAll(async () => {
    await target?.stack.close();
  });

  it('tool calls with arbitrary arguments give a result or an error result, and reach only tool routes', { timeout: 120_000 }, async () => {
    const routedBefore = target.routed();
    await fc.assert(toolCallProperty(target), { numRuns: RUNS, seed: SEED });
    // the generated calls are not all stopped by validation: some reach the Go API
    expect(target.routed() - routedBefore).toBeGreaterThan(0);
  });

  it('arbitrary JSON-RPC messages and bodies are refused or answered, never a server error', { timeout: 120_000 }, async () => {
    const methods = fc.oneof(fc.constantFrom('initialize', 'tools/list', 'tools/call', 'ping', 'notifications/initialized', 'resources/list', 'prompts/get', ''), fc.string());
    const message = fc.record(
      { jsonrpc: fc.oneof(fc.constant('2.0'), jsonLeaf), id: fc.oneof(fc.integer(), fc.string(), fc.constant(null)), method: methods, params: jsonValue },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      message.map((m) => JSON.stringify(m)),
      fc.array(message, { maxLength: 3 }).map((batch) => JSON.stringify(batch)),
      jsonValue.map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => expectWellFormed(await target.post(text))),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('arbitrary transport headers are refused or served, never a server error', { timeout: 120_000 }, async () => {
    const headerValue = fc.oneof(fc.constantFrom('', '*/*', 'text/plain', 'application/json', 'text/event-stream', '2024-11-05', '1999-01-01', 'null'), fc.stringMatching(/^[\x20-\x7e]{0,40}$/));
    const headers = fc.record(
      { accept: headerValue, 'content-type': headerValue, 'mcp-protocol-version': headerValue, origin: headerValue, 'mcp-session-id': headerValue },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(headers, async (extra) => {
        const id = target.id();
        expectWellFormed(await target.post(JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/list' }), extra), id);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("logged every request without the caller's token or the shared secrets", () => {
    expect(target.logLines.length).toBeGreaterThan(3 * RUNS);
    const secrets = [target.token, target.token.split('.')[2]!, target.stack.secrets.jwtSecret, target.stack.secrets.tenantSecret];
    for (const line of target.logLines) for (const secret of secrets) expect(line.includes(secret), line).toBe(false);
  });

  it('still serves afterwards', async () => {
    expect((await fetch(target.stack.mcpUrl.replace(/\/mcp$/, '/'))).status).toBe(200);
    const id = target.id();
    const answer = await target.post(JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/list' }));
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.text) as { result: { tools: unknown[] } }).result.tools).toHaveLength(40);
  });
});

describe('the tool-call property can fail', () => {
  it('finds the path injection of a proxy that pastes uid into the Go URL (noUidValidation)', { timeout: 120_000 }, async () => {
    const faulty = await fuzzTarget({ noUidValidation: true });
    try {
      const outcome = await fc.check(toolCallProperty(faulty), { numRuns: RUNS, seed: SEED });
      expect(outcome.failed).toBe(true);
      expect(JSON.stringify(outcome.counterexample)).toMatch(/\.\.|%|\?|#|\/|\\u0000/);
    } finally {
      await faulty.stack.close();
    }
  });
});
