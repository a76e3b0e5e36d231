/**
 * Defects of the tools: miswired entities, unvalidated uids pasted into the Go path, and upstream's misleading
 * results, built by wrapping the proxy's tool router.
 */
import { z } from 'zod';
import { ENTITIES, type EntityDef } from '../../contract/entities.js';
import { restPath } from '../../contract/routes.js';
import type { GoCall } from '../../proxy/go/go-client.js';
import type { ToolDef } from '../../proxy/tools/definitions.js';
import type { ToolRouter } from '../../proxy/tools/execute.js';
import { failure } from '../../proxy/tools/results.js';
import type { ProxyFaults } from './catalogue.js';

type RouterFaults = Pick<ProxyFaults, 'miswireTool' | 'noUidValidation' | 'deleteReportsError' | 'opaqueGoErrors'>;

/** A uid the real plan accepts, replaced by the caller's raw text afterwards. */
const STAND_IN_UID = '00000000-0000-4000-8000-00000000d1d0';

/** The same tool aimed at the next entity of the table: get_task reads notes. */
function miswired(tool: ToolDef): ToolDef {
  const next: EntityDef = ENTITIES[(ENTITIES.indexOf(tool.entity) + 1) % ENTITIES.length]!;
  const from = restPath(tool.entity, 'list');
  const to = restPath(next, 'list');
  return {
    ...tool,
    plan: (args) => {
      const call = tool.plan(args);
      return { ...call, path: call.path.replace(from, to) };
    },
  };
}

/** The uid is any string, pasted into the path as it came. */
function uidUnvalidated(tool: ToolDef): ToolDef {
  if (!('uid' in tool.input.shape)) return tool;
  return {
    ...tool,
    input: tool.input.extend({ uid: z.string().describe(`UID of the ${tool.entity.singular}`) }),
    plan: (args) => {
      const call: GoCall = tool.plan({ ...args, uid: STAND_IN_UID });
      const body = call.body as Record<string, unknown> | undefined;
      return {
        ...call,
        path: call.path.replace(STAND_IN_UID, String(args.uid)),
        ...(body?.uid === STAND_IN_UID ? { body: { ...body, uid: args.uid } } : {}),
      };
    },
  };
}

/** The tool router seam for these faults, or undefined when none of them is on. */
export function defectiveToolRouter(faults: RouterFaults): ((standard: ToolRouter) => ToolRouter) | undefined {
  const miswire = new Set(typeof faults.miswireTool === 'string' ? [faults.miswireTool] : (faults.miswireTool ?? []));
  if (miswire.size === 0 && !faults.noUidValidation && !faults.deleteReportsError && !faults.opaqueGoErrors) return undefined;
  return (standard) => {
    const tools = standard.tools.map((tool) => {
      const aimed = miswire.has(tool.name) ? miswired(tool) : tool;
      return faults.noUidValidation ? uidUnvalidated(aimed) : aimed;
    });
    return {
      tools,
      run: async (tool, rawArgs, caller) => {
        const result = await standard.run(tool, rawArgs, caller);
        if (faults.opaqueGoErrors && result.isError && result._meta?.['toolbridge/go']) return failure(`${tool.name} failed: the request failed`);
        if (faults.deleteReportsError && tool.op === 'delete' && !result.isError) return failure(`${tool.name} failed: payload Field required`);
        return result;
      },
    };
  };
}
