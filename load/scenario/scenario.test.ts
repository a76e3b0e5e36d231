import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyTenant } from '../../contract/tenant-signature.js';
import { buildTools } from '../../proxy/tools/definitions.js';
import {
  CHECKS,
  ENTITY_MIX,
  MCP_PROTOCOL_VERSION,
  WORKFLOW,
  goHeaders,
  goRequest,
  hs256Jwt,
  httpFailed,
  judgeGoRequest,
  judgeInitialize,
  judgeSessionOpen,
  judgeToolCall,
  loadClaims,
  needsItem,
  parseDuration,
  parseSession,
  planIteration,
  thinkTimeMs,
  toolCall,
  toolCallBody,
  workflowCursor,
  type Step,
  type StepKind,
} from './scenario.js';

const UID = '0f8e9a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b';
const tools = new Map(buildTools().map((tool) => [tool.name, tool]));
const steps: Step[] = ENTITY_MIX.flatMap((entity) => WORKFLOW.map((kind) => ({ kind, entity, marker: 'vu1-it0', uid: UID })));
const item = { uid: UID, version: 1, updatedAt: '2024-01-01T00:00:00Z', deletedAt: null, payload: { title: 't' } };

const toolAnswer = (result: unknown) => JSON.stringify({ result, jsonrpc: '2.0', id: 1 });

describe('the shared scenario', () => {
  it('is pure: no runtime imports, no Node or k6 modules (k6 and Node both load it)', () => {
    for (const file of ['scenario.ts', 'results.ts']) {
      const source = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
      const imports = source.split('\n').filter((line) => /^\s*(import|export)\b.*\bfrom\b/.test(line));
      expect(imports.every((line) => /^\s*import type\b/.test(line)), `${file}: ${imports.join(' | ')}`).toBe(true);
      expect(source).not.toMatch(/from '(node:|k6)/);
    }
  });

  it('calls tools the proxy has, with arguments the proxy accepts', () => {
    for (const step of steps) {
      const call = toolCall(step);
      const tool = tools.get(call.name);
      expect(tool, call.name).toBeDefined();
      expect(tool!.input.safeParse(call.arguments).success, call.name).toBe(true);
    }
  });

  it('sends the Go API exactly the request the proxy sends for the same tool call', () => {
    for (const step of steps) {
      const call = toolCall(step);
      const tool = tools.get(call.name)!;
      const planned = tool.plan(tool.input.parse(call.arguments) as Record<string, unknown>);
      const query = planned.query && Object.keys(planned.query).length > 0 ? `?${new URLSearchParams(planned.query)}` : '';
      const direct = goRequest(step);
      expect({ method: direct.method, path: direct.path, body: direct.body }, call.name).toEqual({
        method: planned.method,
        path: `${planned.path}${query}`,
        body: planned.body,
      });
    }
  });

  it('covers list, create, get, patch, archive and delete, half reads, and cycles through the entities', () => {
    expect(new Set(WORKFLOW)).toEqual(new Set<StepKind>(['list', 'create', 'get', 'patch', 'archive', 'delete']));
    expect(WORKFLOW.filter((k) => k === 'list' || k === 'get')).toHaveLength(WORKFLOW.length / 2);
    expect(WORKFLOW.indexOf('create')).toBeLessThan(Math.min(...WORKFLOW.filter(needsItem).map((k) => WORKFLOW.indexOf(k))));
    expect(new Set([0, 1, 2].map((i) => planIteration(1, i).entity.path))).toEqual(new Set(['notes', 'tasks', 'chats']));
    expect(() => toolCall({ kind: 'get', entity: ENTITY_MIX[0]!, marker: 'm' })).toThrow(/needs the uid/);
  });

  it('speaks a protocol revision the proxy supports, as a JSON-RPC tools/call', () => {
    expect(SUPPORTED_PROTOCOL_VERSIONS).toContain(MCP_PROTOCOL_VERSION);
    expect(JSON.parse(toolCallBody(7, { name: 'list_notes', arguments: { limit: 20 } }))).toEqual({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'list_notes', arguments: { limit: 20 } },
    });
  });

  describe('judging a tool call', () => {
    it('passes a result that fits the operation and takes the created uid', () => {
      const created = judgeToolCall('create', 200, toolAnswer({ content: [], structuredContent: item }));
      expect(created).toMatchObject({ ok: true, uid: UID });
      expect(created.checks.map(([name]) => name)).toEqual([CHECKS.mcpStatus, CHECKS.mcpResult, CHECKS.mcpTool]);
      expect(judgeToolCall('list', 200, toolAnswer({ content: [], structuredContent: { items: [item], nextCursor: null } })).ok).toBe(true);
      const deleted = { uid: UID, version: 2, updatedAt: 'x', deletedAt: 'x' };
      expect(judgeToolCall('delete', 200, toolAnswer({ content: [], structuredContent: deleted })).ok).toBe(true);
    });

    it.each([
      ['a tool error', 200, toolAnswer({ content: [{ type: 'text', text: 'get_note failed: 404' }], isError: true }), /tool error: get_note failed/],
      ['a JSON-RPC error', 200, JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'Unknown tool' } }), /JSON-RPC error: Unknown tool/],
      ['an HTTP error', 401, '{"error":"invalid_token"}', /HTTP 401/],
      ['a result of the wrong shape', 200, toolAnswer({ content: [], structuredContent: { items: [] } }), /does not match/],
      ['no answer', 0, '', /no answer: ECONNRESET/],
    ])('fails %s and says why', (_, status, text, reason) => {
      const outcome = judgeToolCall('get', status, text, 'ECONNRESET');
      expect(outcome.ok).toBe(false);
      expect(outcome.uid).toBeUndefined();
      expect(outcome.error).toMatch(reason);
    });

    it('judges the initialize handshake', () => {
      expect(judgeInitialize(200, toolAnswer({ protocolVersion: MCP_PROTOCOL_VERSION, capabilities: {} })).ok).toBe(true);
      expect(judgeInitialize(406, 'nope').ok).toBe(false);
    });
  });

  describe('the direct road', () => {
    it('judges Go answers by the expected status and body', () => {
      const step: Step = { kind: 'create', entity: ENTITY_MIX[0]!, marker: 'm' };
      const request = goRequest(step);
      expect(request.expectStatus).toBe(201);
      expect(judgeGoRequest('create', request, 201, JSON.stringify(item))).toMatchObject({ ok: true, uid: UID });
      expect(judgeGoRequest('create', request, 200, JSON.stringify(item)).error).toMatch(/HTTP 200 \(expected 201\)/);
      expect(judgeGoRequest('create', request, 429, 'Rate limit exceeded').ok).toBe(false);
    });

    it('signs tenant headers the Go API accepts and carries the session', () => {
      const secret = 's'.repeat(40);
      const now = Date.now();
      const sign = (message: string) => createHmac('sha256', secret).update(message).digest('hex');
      const headers = goHeaders('tok', 'acme', { id: 'sess', epoch: 3 }, now, sign, true);
      const verdict = verifyTenant(
        { tenantId: headers['x-tb-tenant-id']!, timestamp: headers['x-tb-timestamp']!, signature: headers['x-tb-signature']! },
        secret,
        { nowMs: now },
      );
      expect(verdict).toEqual({ ok: true });
      expect(headers).toMatchObject({ authorization: 'Bearer tok', 'x-sync-session': 'sess', 'x-sync-epoch': '3', 'content-type': 'application/json' });
      expect(goHeaders('tok', 'acme', undefined, now, sign, false)).not.toHaveProperty('x-sync-session');
    });

    it('reads sessions from POST /v1/sync/sessions', () => {
      const body = JSON.stringify({ id: 'sess', userId: 'u', createdAt: 'x', expiresAt: 'y', epoch: 1 });
      expect(parseSession(201, body)).toEqual({ id: 'sess', epoch: 1 });
      expect(parseSession(200, body)).toBeUndefined();
      expect(judgeSessionOpen(201, body).ok).toBe(true);
      expect(judgeSessionOpen(401, 'unauthorized').error).toMatch(/open session: HTTP 401/);
    });
  });

  it('mints HS256 tokens that verify, from the primitives k6 offers', async () => {
    const secret = 'k'.repeat(48);
    const token = hs256Jwt(
      loadClaims('tbv-load-run-vu1', Math.floor(Date.now() / 1000), 600, 'https://issuer/', 'toolbridge-mcp'),
      secret,
      (text) => Buffer.from(text, 'utf8').toString('base64url'),
      (key, data) => createHmac('sha256', key).update(data).digest('base64url'),
    );
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { issuer: 'https://issuer/', audience: 'toolbridge-mcp', algorithms: ['HS256'] });
    expect(payload.sub).toBe('tbv-load-run-vu1');
    expect(payload.exp! - payload.iat!).toBe(600);
  });

  it('parses k6 durations and paces users under the per-user rate limit', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('12')).toBe(12_000);
    expect(() => parseDuration('soon')).toThrow(/not a duration/);
    expect(thinkTimeMs(200, 0)).toBe(100);
    expect(thinkTimeMs(200, 0.999999)).toBeLessThan(300);
    // at zero latency a VU makes at most 1000 / (0.5 × 200) = 10 calls/s, on average 5: the API refills 10/s
    expect(1000 / thinkTimeMs(200, 0.5)).toBe(5);
  });

  it('counts a request as failed as k6 does', () => {
    expect([0, 199, 200, 202, 302, 399, 400, 429, 500].map(httpFailed)).toEqual([true, true, false, false, false, false, true, true, true]);
  });
});

describe('the open-loop workflow cursor', () => {
  it('walks the closed loop’s workflow, one step per arrival, carrying the created uid', () => {
    const cursor = workflowCursor(4);
    const seen: string[] = [];
    for (let i = 0; i < WORKFLOW.length + 2; i++) {
      const step = cursor.next();
      seen.push(`${step.kind}:${step.entity.path}:${step.uid ?? '-'}`);
      cursor.done(step, step.kind === 'create' ? { uid: `made-${i}` } : undefined);
    }
    const first = planIteration(4, 0).entity.path;
    const second = planIteration(4, 1).entity.path;
    expect(seen).toEqual([
      `list:${first}:-`,
      `create:${first}:-`,
      ...WORKFLOW.slice(2).map((kind) => `${kind}:${first}:${kind === 'list' ? '-' : 'made-1'}`),
      `list:${second}:-`,
      `create:${second}:-`,
    ]);
  });

  it('a failed create moves on to the next iteration instead of working on nothing', () => {
    const cursor = workflowCursor(1);
    cursor.done(cursor.next(), undefined); // list
    const create = cursor.next();
    cursor.done(create, undefined); // the create failed
    const next = cursor.next();
    expect(next.kind).toBe('list');
    expect(next.marker).toBe('vu1-it1');
  });
});
