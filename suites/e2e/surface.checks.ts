/**
 * The MCP surface as a whole: the tool list, and how failures reach the MCP caller.
 */
import { ENTITIES } from '../../contract/entities.js';
import { ensure, equal } from '../../harness/checks/assert.js';
import { catalogue, defineCheck } from '../../harness/checks/define.js';
import { TOOL_OPERATIONS, toolName } from '../../proxy/tools/definitions.js';
import { itemPath } from './go-direct.js';

const EXPECTED_TOOLS = ENTITIES.flatMap((entity) => TOOL_OPERATIONS.map((op) => toolName(entity, op))).sort();
const MISSING_UID = '00000000-0000-4000-8000-00000000e2e0';

export const surfaceChecks = catalogue([
  defineCheck(
    {
      id: 'E2E-TOOLS-LIST',
      title: 'tools/list offers exactly the 40 entity tools with input and output schemas',
      area: 'e2e',
      severity: 'critical',
      requirement: 'contract §15.3; issue #3 (the 40 tools generated from the entity table)',
      expected: '40 tools named as upstream, each with an object input schema and an output schema, and nothing else',
    },
    async (ctx) => {
      const user = await ctx.user('e2e-list-tools');
      const tools = await (await ctx.mcp(user)).listTools();
      const names = tools.map((t) => t.name).sort();
      const missing = EXPECTED_TOOLS.filter((n) => !names.includes(n));
      const extra = names.filter((n) => !EXPECTED_TOOLS.includes(n));
      ensure(missing.length === 0 && extra.length === 0, `tool list differs: missing ${JSON.stringify(missing)}, unexpected ${JSON.stringify(extra)}`);
      for (const tool of tools) {
        equal(tool.inputSchema.type, 'object', `${tool.name} input schema type`);
        equal(tool.outputSchema?.type, 'object', `${tool.name} output schema type`);
      }
      ctx.metric('tools', tools.length);
    },
  ),
  defineCheck(
    {
      id: 'E2E-GO-ERRORS',
      title: "Go API errors reach the MCP caller with Go's status, message and correlation id",
      area: 'e2e',
      severity: 'high',
      requirement: 'issue #3 (Go errors surface as isError results carrying the Go status, error message and correlation id)',
      expected: 'get_note on an unknown uid is an isError result naming 404, "note not found" and the correlation id',
    },
    async (ctx) => {
      const user = await ctx.user('e2e-errors');
      await user.openSession();
      const direct = await user.request('GET', itemPath(ENTITIES[0]!, MISSING_UID), { label: 'the same read, directly' });
      equal(direct.status, 404, 'Go API status for an unknown note');
      const outcome = await (await ctx.mcp(user)).call('get_note', { uid: MISSING_UID });
      ensure(outcome.isError, 'get_note on an unknown uid did not report an error');
      ensure(outcome.text.includes('404'), `the error does not carry the Go status: ${outcome.text}`);
      ensure(outcome.text.includes('note not found'), `the error does not carry the Go message: ${outcome.text}`);
      ensure(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.test(outcome.text), `the error carries no correlation id: ${outcome.text}`);
    },
  ),
]);
