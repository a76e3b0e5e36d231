import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDatabase } from '../stand-ins/go-api/testing/backends.js';
import { uniqueSub } from '../stand-ins/identities/tokens.js';
import { startLocalStack, type LocalStack } from '../stand-ins/local-stack/stack.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../node_modules/.bin/mcp-inspector-cli', import.meta.url));
// inspector-cli 0.22 looks for "../package.json" relative to the working directory; a project sub-folder satisfies it.
const CWD = fileURLToPath(new URL('.', import.meta.url));

describe('MCP Inspector CLI against the proxy', () => {
  let stack: LocalStack;
  let auth: string;
  beforeAll(async () => {
    stack = await startLocalStack({ database: await sharedDatabase('pglite') });
    auth = `Authorization: Bearer ${await stack.mintToken(uniqueSub('inspector'))}`;
  });
  afterAll(() => stack?.close());

  const inspector = async (...args: string[]) => {
    const { stdout } = await run(CLI, ['--cli', stack.mcpUrl, '--transport', 'http', '--header', auth, ...args], { cwd: CWD, timeout: 60_000 });
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  it('lists the 40 tools', async () => {
    const listed = (await inspector('--method', 'tools/list')) as { tools: { name: string }[] };
    expect(listed.tools).toHaveLength(40);
  });

  it('runs create, get, update and delete on a note', async () => {
    const created = (await inspector('--method', 'tools/call', '--tool-name', 'create_note', '--tool-arg', 'title=from inspector', '--tool-arg', 'content=hello')) as {
      structuredContent: { uid: string; version: number };
    };
    const { uid } = created.structuredContent;
    const got = (await inspector('--method', 'tools/call', '--tool-name', 'get_note', '--tool-arg', `uid=${uid}`)) as { structuredContent: { payload: { title: string } } };
    expect(got.structuredContent.payload.title).toBe('from inspector');
    const updated = (await inspector('--method', 'tools/call', '--tool-name', 'update_note', '--tool-arg', `uid=${uid}`, '--tool-arg', 'title=renamed', '--tool-arg', 'content=bye')) as {
      structuredContent: { version: number };
    };
    expect(updated.structuredContent.version).toBe(2);
    const deleted = (await inspector('--method', 'tools/call', '--tool-name', 'delete_note', '--tool-arg', `uid=${uid}`)) as { structuredContent: { deletedAt: string } };
    expect(deleted.structuredContent.deletedAt).toMatch(/Z$/);
  });
});
