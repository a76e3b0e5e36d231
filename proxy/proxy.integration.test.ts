import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES, type EntityDef } from '../contract/entities.js';
import { callOk, connectMcp } from './testing/mcp-client.js';
import { createArgs, expectedCreatedPayload, firstAction, parentEntity, updateArgs } from '../fixtures/clients/sample-args.js';
import { sharedDatabase } from '../stand-ins/go-api/testing/backends.js';
import { mintHs256, uniqueSub } from '../stand-ins/identities/tokens.js';
import { startLocalStack, type LocalStack } from '../stand-ins/local-stack/stack.js';
import { toolName } from '../contract/tools.js';

type Item = { uid: string; version: number; deletedAt: string | null; payload: Record<string, unknown> };

const UPSTREAM_TOOL_NAMES = ENTITIES.flatMap((e) => [
  `list_${e.toolPlural}`,
  `get_${e.toolSingular}`,
  `create_${e.toolSingular}`,
  `update_${e.toolSingular}`,
  `patch_${e.toolSingular}`,
  `delete_${e.toolSingular}`,
  `archive_${e.toolSingular}`,
  `process_${e.toolSingular}`,
]);

function errorText(result: Awaited<ReturnType<Client['callTool']>>): string {
  return (result.content as { text?: string }[]).map((c) => c.text ?? '').join(' ');
}

async function postMcp(url: string, headers: Record<string, string>, body: unknown = { jsonrpc: '2.0', id: 1, method: 'tools/list' }) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('proxy against the Go API stand-in', () => {
  let stack: LocalStack;
  let client: Client;

  beforeAll(async () => {
    stack = await startLocalStack({ database: await sharedDatabase('pglite') });
    client = await connectMcp(stack.mcpUrl, await stack.mintToken(uniqueSub('mcp')));
  });
  afterAll(async () => {
    await client?.close();
    await stack?.close();
  });

  it('lists exactly the 40 entity tools, with upstream names, input and output schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...UPSTREAM_TOOL_NAMES].sort());
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.description?.length).toBeGreaterThan(10);
    }
    const getNote = tools.find((t) => t.name === 'get_note')!;
    expect(getNote.inputSchema.required).toEqual(['uid']);
    const processTask = tools.find((t) => t.name === 'process_task')!;
    expect((processTask.inputSchema.properties as Record<string, { enum?: string[] }>).action?.enum).toEqual(['start', 'complete', 'reopen']);
  });

  describe.each(ENTITIES)('all eight tools of $key', (entity: EntityDef) => {
    it('create → get → list → update → patch → process → archive → delete, each effect visible', async () => {
      const parent = parentEntity(entity);
      const parentUid = parent ? (await callOk<Item>(client, toolName(parent, 'create'), createArgs(parent, undefined))).uid : undefined;

      const args = createArgs(entity, parentUid);
      const created = await callOk<Item>(client, toolName(entity, 'create'), args);
      expect(created.version).toBe(1);
      expect(created.deletedAt).toBeNull();
      expect(created.payload).toMatchObject(expectedCreatedPayload(entity, args));

      const got = await callOk<Item>(client, toolName(entity, 'get'), { uid: created.uid });
      expect(got.uid).toBe(created.uid);

      const listed = await callOk<{ items: Item[]; nextCursor: string | null }>(client, toolName(entity, 'list'), { limit: 1000 });
      expect(listed.items.map((i) => i.uid)).toContain(created.uid);
      expect(listed.nextCursor).not.toBeNull();

      const replaced = await callOk<Item>(client, toolName(entity, 'replace'), updateArgs(entity, created.uid));
      expect(replaced.version).toBe(2);
      for (const field of entity.updateFields.filter((f) => f.required)) expect(replaced.payload[field.key]).toMatch(/replaced/);
      if (parentUid) expect(Object.values(replaced.payload)).toContain(parentUid); // parent link kept

      const patched = await callOk<Item>(client, toolName(entity, 'patch'), { uid: created.uid, updates: { extra: 42 } });
      expect(patched.version).toBe(3);
      expect(patched.payload.extra).toBe(42);

      const [action, effect] = firstAction(entity);
      const processed = await callOk<Item>(client, toolName(entity, 'process'), { uid: created.uid, action });
      expect(processed.payload).toMatchObject(effect);

      const archived = await callOk<Item>(client, toolName(entity, 'archive'), { uid: created.uid });
      expect(archived.payload).toMatchObject(entity.archiveEffect);

      const deleted = await callOk<{ uid: string; version: number; deletedAt: string }>(client, toolName(entity, 'delete'), { uid: created.uid });
      expect(deleted).toEqual({ uid: created.uid, version: 6, updatedAt: deleted.deletedAt, deletedAt: deleted.deletedAt });

      const gone = await client.callTool({ name: toolName(entity, 'get'), arguments: { uid: created.uid } });
      expect(gone.isError).toBe(true);
      expect(errorText(gone)).toContain(`410 Gone: ${entity.singular} deleted`);
      const tombstone = await callOk<Item>(client, toolName(entity, 'get'), { uid: created.uid, include_deleted: true });
      expect(tombstone.deletedAt).toBe(deleted.deletedAt);
    });
  });

  it('surfaces Go errors as isError results with status, message and correlation id', async () => {
    const result = await client.callTool({ name: 'get_note', arguments: { uid: '00000000-0000-4000-8000-000000000000' } });
    expect(result.isError).toBe(true);
    expect(errorText(result)).toMatch(/404 Not Found: note not found \(correlation id [0-9a-f-]{36}\)/);
    expect(result._meta?.['toolbridge/go']).toMatchObject({ status: 404, error: 'note not found' });
  });

  it('rejects bad arguments before any Go request', async () => {
    const before = stack.goApi.stats.total;
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['get_note', { uid: '../sync/wipe' }, /uid: must be a UUID/],
      ['get_note', {}, /uid/],
      ['list_tasks', { limit: 0 }, /limit/],
      ['list_tasks', { limit: 1001 }, /limit/],
      ['process_chat', { uid: '00000000-0000-4000-8000-000000000000', action: 'explode' }, /action/],
      ['create_comment', { content: 'x', parent_type: 'chat', parent_uid: '00000000-0000-4000-8000-000000000000' }, /parent_type/],
      ['create_note', { title: 't', content: 'c', surprise: true }, /surprise|Unrecognized/],
      ['patch_note', { uid: '00000000-0000-4000-8000-000000000000', updates: 'not an object' }, /updates/],
    ];
    for (const [name, args, pattern] of cases) {
      const result = await client.callTool({ name, arguments: args });
      expect(result.isError, name).toBe(true);
      expect(errorText(result)).toMatch(new RegExp(`Invalid arguments for ${name}`));
      expect(errorText(result)).toMatch(pattern);
    }
    expect(stack.goApi.stats.total).toBe(before);
  });

  it('answers an unknown tool with a JSON-RPC error', async () => {
    await expect(client.callTool({ name: 'health_check', arguments: {} })).rejects.toThrow(/Unknown tool: health_check/);
  });

  describe('authentication', () => {
    it.each([
      ['no token', async () => ({})],
      ['a forged signature', async () => ({ Authorization: `Bearer ${await mintHs256('x'.repeat(64), { sub: 'mallory', issuer: stack.secrets.issuer, audience: stack.secrets.audience })}` })],
      ['an expired token', async () => ({ Authorization: `Bearer ${await stack.mintToken('late', { expiresInS: -60 })}` })],
      ['a token without exp', async () => ({ Authorization: `Bearer ${await stack.mintToken('forever', { expiresInS: null })}` })],
      ['a wrong audience', async () => ({ Authorization: `Bearer ${await stack.mintToken('aud', { audience: 'someone-else' })}` })],
      ['a wrong issuer', async () => ({ Authorization: `Bearer ${await stack.mintToken('iss', { issuer: 'https://evil.example/' })}` })],
      ['a non-bearer scheme', async () => ({ Authorization: 'Basic dXNlcjpwYXNz' })],
    ])('rejects %s with 401 and resource metadata, before any Go request', async (_, headers) => {
      const before = stack.goApi.stats.total;
      const response = await postMcp(stack.mcpUrl, await headers());
      expect(response.status).toBe(401);
      const challenge = response.headers.get('www-authenticate') ?? '';
      expect(challenge).toMatch(/^Bearer resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource"/);
      const body = await response.text();
      expect(body).not.toMatch(/eyJ/);
      expect(stack.goApi.stats.total).toBe(before);
    });

    it('serves the protected-resource metadata the challenge points at', async () => {
      const response = await postMcp(stack.mcpUrl, {});
      const url = /resource_metadata="([^"]+)"/.exec(response.headers.get('www-authenticate') ?? '')![1]!;
      const metadata = (await (await fetch(url)).json()) as Record<string, unknown>;
      expect(metadata).toMatchObject({
        resource: stack.mcpUrl,
        authorization_servers: [stack.secrets.issuer],
        bearer_methods_supported: ['header'],
      });
    });
  });

  describe('transport rules', () => {
    it('refuses a foreign Origin with 403 and accepts its own origin', async () => {
      const token = await stack.mintToken(uniqueSub());
      const foreign = await postMcp(stack.mcpUrl, { Authorization: `Bearer ${token}`, Origin: 'https://evil.example' });
      expect(foreign.status).toBe(403);
      const own = await postMcp(stack.mcpUrl, { Authorization: `Bearer ${token}`, Origin: new URL(stack.mcpUrl).origin });
      expect(own.status).toBe(200);
    });

    it('answers GET and DELETE on /mcp with 405 (stateless, JSON responses)', async () => {
      for (const method of ['GET', 'DELETE']) {
        const response = await fetch(stack.mcpUrl, { method });
        expect(response.status).toBe(405);
        expect(response.headers.get('allow')).toBe('POST');
      }
    });

    it('refuses an oversized body with 413', async () => {
      const token = await stack.mintToken(uniqueSub());
      const huge = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { pad: 'x'.repeat(2 * 1024 * 1024) } });
      const response = await postMcp(stack.mcpUrl, { Authorization: `Bearer ${token}` }, huge);
      expect(response.status).toBe(413);
    });

    it('refuses an unsupported MCP-Protocol-Version with 400', async () => {
      const token = await stack.mintToken(uniqueSub());
      const response = await postMcp(stack.mcpUrl, { Authorization: `Bearer ${token}`, 'MCP-Protocol-Version': '1999-01-01' });
      expect(response.status).toBe(400);
    });

    it('serves liveness and readiness without auth', async () => {
      const live = await fetch(`${stack.proxy.url}/`);
      expect(live.status).toBe(200);
      expect(await live.json()).toMatchObject({ service: 'toolbridge-mcp-proxy', status: 'ok' });
      const ready = await fetch(`${stack.proxy.url}/readyz`);
      expect(ready.status).toBe(200);
    });
  });
});

describe('proxy when the Go API misbehaves', () => {
  it('reports Go down: readiness 503 and a clear tool error', async () => {
    const stack = await startLocalStack({ database: await sharedDatabase('pglite') });
    try {
      const client = await connectMcp(stack.mcpUrl, await stack.mintToken(uniqueSub()));
      await stack.goApi.close();
      const ready = await fetch(`${stack.proxy.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', checks: { goApi: 'unreachable' } });
      const result = await client.callTool({ name: 'list_notes', arguments: {} });
      expect(result.isError).toBe(true);
      expect(errorText(result)).toMatch(/list_notes failed: the ToolBridge API is unreachable \(ECONNREFUSED\); try again later/);
      expect(errorText(result)).not.toContain(stack.goApi.url);
      await client.close();
    } finally {
      await stack.close();
    }
  });

  it('reports Go slow: a timeout, not a hang', async () => {
    const stack = await startLocalStack({
      database: await sharedDatabase('pglite'),
      goFaults: { fixedLatencyMs: 1500 },
      proxyEnv: { TOOLBRIDGE_GO_TIMEOUT_MS: '300' },
    });
    try {
      const client = await connectMcp(stack.mcpUrl, await stack.mintToken(uniqueSub()));
      const result = await client.callTool({ name: 'list_notes', arguments: {} });
      expect(result.isError).toBe(true);
      expect(errorText(result)).toMatch(/did not answer within 300 ms/);
      await client.close();
    } finally {
      await stack.close();
    }
  });

  describe('Go answering garbage', () => {
    let garbage: Server;
    let stack: LocalStack;
    beforeAll(async () => {
      // A fake Go API: sessions work, every entity route answers 200 with a body that is not the contract's.
      garbage = createServer((req, res) => {
        if (req.url === '/v1/sync/sessions') {
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: '0f8e9a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b', userId: '0f8e9a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5c', createdAt: '2024-01-01T00:00:00Z', expiresAt: '2024-01-01T00:30:00Z', epoch: 1 }));
        } else if (req.url?.startsWith('/v1/notes')) {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html>surprise</html>');
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"items": "nope"}');
        }
      });
      await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
      stack = await startLocalStack({
        database: await sharedDatabase('pglite'),
        proxyEnv: { TOOLBRIDGE_GO_API_BASE_URL: `http://127.0.0.1:${(garbage.address() as AddressInfo).port}` },
      });
    });
    afterAll(async () => {
      await stack?.close();
      await new Promise((resolve) => garbage.close(resolve));
    });

    it.each([
      ['list_notes', {}],
      ['list_tasks', {}],
      ['get_chat', { uid: '0f8e9a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b' }],
    ])('%s gets a clear error, and the proxy keeps serving', async (name, args) => {
      const client = await connectMcp(stack.mcpUrl, await stack.mintToken(uniqueSub()));
      const result = await client.callTool({ name, arguments: args });
      expect(result.isError).toBe(true);
      expect(errorText(result)).toMatch(new RegExp(`${name} failed: the ToolBridge API answered 200 with a body that does not match its contract`));
      expect((await fetch(`${stack.proxy.url}/`)).status).toBe(200);
      await client.close();
    });
  });
});
