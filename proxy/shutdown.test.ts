import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { describe, expect, it } from 'vitest';
import { callOk, connectMcp } from './testing/mcp-client.js';
import { sharedDatabase } from '../stand-ins/go-api/testing/backends.js';
import { uniqueSub } from '../stand-ins/identities/tokens.js';
import { startLocalStack } from '../stand-ins/local-stack/stack.js';

describe('graceful shutdown', () => {
  it('finishes every in-flight tool call, then refuses new work', async () => {
    const stack = await startLocalStack({ database: await sharedDatabase('pglite'), goFaults: { fixedLatencyMs: 400 } });
    const clients: Client[] = [];
    try {
      for (let i = 0; i < 4; i++) clients.push(await connectMcp(stack.mcpUrl, await stack.mintToken(uniqueSub('drain'))));
      const calls = clients.map((client, i) => callOk<{ uid: string }>(client, 'create_note', { title: `in flight ${i}`, content: 'x' }));
      await new Promise((resolve) => setTimeout(resolve, 150)); // the calls are now waiting on the slow Go API
      expect(stack.proxy.app.inFlight).toBe(4);
      const closed = stack.proxy.close();
      const created = await Promise.all(calls);
      expect(created.map((c) => c.uid)).toHaveLength(4);
      await closed;
      expect(stack.proxy.app.inFlight).toBe(0);
      // every create really reached the Go API
      for (const { uid } of created) expect(await stack.goApi.database.query('SELECT 1 FROM note WHERE uid = $1::uuid', [uid])).toHaveLength(1);
      await expect(fetch(`${stack.proxy.url}/`)).rejects.toThrow();
    } finally {
      for (const client of clients) await client.close().catch(() => undefined);
      await stack.goApi.close();
    }
  });
});
