import { describe, expect, it } from 'vitest';
import type { GoCall } from '../../proxy/go/go-client.js';
import { buildTools } from '../../proxy/tools/definitions.js';
import type { ToolRouter } from '../../proxy/tools/execute.js';
import { failure, success } from '../../proxy/tools/results.js';
import { defectiveToolRouter } from './tool-router.js';

const UID = '0f8e9a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b';
const caller = { sub: 'alice', token: 'tok' };

/** A router that answers each call with the Go request it would have sent. */
const planning: ToolRouter = {
  tools: buildTools(),
  run: async (tool, rawArgs) => {
    const parsed = tool.input.safeParse(rawArgs);
    if (!parsed.success) return failure('invalid arguments');
    const call: GoCall = tool.plan(parsed.data as Record<string, unknown>);
    return success({ path: call.path, body: call.body ?? null });
  },
};

function routerWith(faults: Parameters<typeof defectiveToolRouter>[0], standard: ToolRouter = planning): ToolRouter {
  return defectiveToolRouter(faults)!(standard);
}
const named = (router: ToolRouter, name: string) => router.tools.find((t) => t.name === name)!;

describe('defective tool routers', () => {
  it('none without a fault', () => {
    expect(defectiveToolRouter({})).toBeUndefined();
    expect(defectiveToolRouter({ miswireTool: [] })).toBeUndefined();
  });

  it('miswireTool: the named tool talks to the next entity, the others do not', async () => {
    const router = routerWith({ miswireTool: 'get_note' });
    expect((await router.run(named(router, 'get_note'), { uid: UID }, caller)).structuredContent).toMatchObject({ path: `/v1/tasks/${UID}` });
    expect((await router.run(named(router, 'get_task'), { uid: UID }, caller)).structuredContent).toMatchObject({ path: `/v1/tasks/${UID}` });
  });

  it('noUidValidation: a path is taken as a uid and pasted raw', async () => {
    const router = routerWith({ noUidValidation: true });
    expect((await router.run(named(router, 'get_note'), { uid: '../sync/wipe' }, caller)).structuredContent).toMatchObject({ path: '/v1/notes/../sync/wipe' });
    expect((await planning.run(named(planning, 'get_note'), { uid: '../sync/wipe' }, caller)).isError).toBe(true);
    const replaced = await router.run(named(router, 'update_note'), { uid: 'x/y', title: 't', content: 'c' }, caller);
    expect(replaced.structuredContent).toMatchObject({ path: '/v1/notes/x/y', body: { uid: 'x/y' } });
  });

  it("deleteReportsError: a successful delete is reported as failed; opaqueGoErrors: Go's details are dropped", async () => {
    const goError = failure('get_note failed: the ToolBridge API answered 404 Not Found', { 'toolbridge/go': { status: 404 } });
    const standard: ToolRouter = { tools: planning.tools, run: async (tool) => (tool.op === 'delete' ? success({ uid: UID }) : goError) };
    const router = routerWith({ deleteReportsError: true, opaqueGoErrors: true }, standard);
    expect((await router.run(named(router, 'delete_note'), { uid: UID }, caller)).isError).toBe(true);
    const opaque = await router.run(named(router, 'get_note'), { uid: UID }, caller);
    expect(opaque.content[0]!.text).toBe('get_note failed: the request failed');
    expect(opaque._meta).toBeUndefined();
  });
});
