/**
 * The MCP surface as a whole: the tool list, and how failures reach the MCP caller.
 */
import { ENTITIES } from '../../contract/entities.js';
import { ensure, equal } from '../../framework/model/assert.js';
import { catalogue, defineCheck } from '../../framework/checks/define.js';
import { toolName } from '../../contract/tools.js';
import { learnToolSurface, SurfaceCaller } from '../shared/tool-surface.js';
import { itemPath } from '../shared/go-direct.js';

const MISSING_UID = '00000000-0000-4000-8000-00000000e2e0';

export const surfaceChecks = catalogue([
  defineCheck(
    {
      id: 'E2E-TOOLS-LIST',
      title: 'tools/list offers a tool for each of the 40 entity operations, with the parameters it needs and an output schema',
      area: 'e2e',
      severity: 'critical',
      requirement: 'contract §15.3; issue #3 (the 40 tools generated from the entity table)',
      expected:
        'every entity operation maps onto one listed tool (by name, upstream names first, then by its input schema), each with an object input schema and an output schema; other tools are listed in the evidence and exercised by E2E-EXTRA-TOOLS',
    },
    async (ctx) => {
      const user = await ctx.user('e2e-list-tools');
      const surface = await learnToolSurface(await ctx.mcp(user));
      ctx.metric('tools', surface.tools.length);
      ctx.metric('entityTools', surface.mapped.length);
      const renamed = surface.mapped.filter((m) => m.name !== toolName(m.entity, m.op) || Object.entries(m.params).some(([ours, theirs]) => ours !== theirs));
      if (renamed.length > 0) ctx.note(`tools named or parametrised differently from contract §15.3: ${renamed.map((m) => `${toolName(m.entity, m.op)} → ${m.name} ${JSON.stringify(m.params)}`).join('; ')}`);
      if (surface.extra.length > 0) ctx.note(`tools beyond the 40 entity operations: ${surface.extra.map((t) => t.name).join(', ')}`);
      ensure(
        surface.unmapped.length === 0,
        `${surface.unmapped.length} of the 40 entity operations have no usable tool: ${surface.unmapped.map((u) => `${u.expected}: ${u.reason}`).join('; ')}`,
      );
      for (const { name } of surface.mapped) {
        const tool = surface.tools.find((t) => t.name === name)!;
        equal(tool.inputSchema.type, 'object', `${name} input schema type`);
        equal(tool.outputSchema?.type, 'object', `${name} output schema type`);
      }
    },
  ),
  defineCheck(
    {
      id: 'E2E-EXTRA-TOOLS',
      title: 'Every tool beyond the 40 entity operations is listed and answers when called',
      area: 'e2e',
      severity: 'medium',
      requirement: 'contract §15.3 (health_check, the 41st upstream tool); issue #12 (extra tools listed and exercised)',
      expected:
        'each tool that maps onto no entity operation and needs no arguments answers a call without a tool error; tools that need arguments are listed with them (what they disclose is judged by SEC-TRANSPORT-INTERNAL-LEAK)',
    },
    async (ctx) => {
      const user = await ctx.user('e2e-extra-tools');
      const session = await ctx.mcp(user);
      const { extra } = await learnToolSurface(session);
      ctx.metric('extraTools', extra.length);
      if (extra.length === 0) {
        ctx.note('the proxy offers exactly the 40 entity tools: nothing else to exercise');
        return;
      }
      const failures: string[] = [];
      for (const tool of extra) {
        const required = tool.inputSchema.required ?? [];
        if (required.length > 0) {
          ctx.note(`${tool.name} needs ${required.join(', ')}: listed, not called (the suite has no meaning for its arguments)`);
          continue;
        }
        try {
          const outcome = await session.call(tool.name, {}, `${tool.name} with no arguments`);
          if (outcome.isError) failures.push(`${tool.name} returned an error: ${outcome.text.slice(0, 200)}`);
        } catch (error) {
          failures.push(`${tool.name} failed with a protocol error: ${(error instanceof Error ? error.message : String(error)).slice(0, 200)}`);
        }
      }
      ensure(failures.length === 0, `extra tools fail when called: ${failures.join('; ')}`);
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
      const outcome = await (await SurfaceCaller.learn(await ctx.mcp(user))).call(ENTITIES[0]!, 'get', { uid: MISSING_UID });
      ensure(outcome.isError, 'get_note on an unknown uid did not report an error');
      const lost = [
        ...(outcome.text.includes('404') ? [] : ['the Go status 404']),
        ...(outcome.text.includes('note not found') ? [] : ['the Go error message "note not found"']),
        ...(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.test(outcome.text.split(MISSING_UID).join('')) ? [] : ['the correlation id']),
      ];
      ensure(lost.length === 0, `the tool error loses ${lost.join(', ')} of the Go API's answer (the caller cannot tell why it failed, nor quote it to support): ${outcome.text.slice(0, 300)}`);
    },
  ),
]);
