/**
 * Runs one tool call: validate arguments, plan the Go request, call through the gateway, shape the answer.
 * Never throws: every failure becomes an `isError` result.
 */
import type { EntityDef } from '../../contract/entities.js';
import { GoUnavailableError, type GoCall } from '../go/go-client.js';
import { type Caller, type GoGateway, SessionOpenError, safeJson } from '../go/gateway.js';
import type { ToolArgs, ToolDef } from './definitions.js';
import { failure, goFailure, shapeOutput, success, type ToolResult } from './results.js';

export interface ExecutionContext {
  readonly gateway: GoGateway;
  /** the entity the tool really talks to (differs only under the proxy fault `miswireTool`) */
  readonly targetOf: (tool: ToolDef) => EntityDef;
  readonly deleteReportsError?: boolean;
  readonly opaqueGoErrors?: boolean;
}

function argumentProblems(tool: ToolDef, raw: unknown): { ok: true; args: ToolArgs } | { ok: false; message: string } {
  const parsed = tool.input.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, args: parsed.data as ToolArgs };
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`);
  return { ok: false, message: `Invalid arguments for ${tool.name}: ${problems.join('; ')}` };
}

/** A full replace of a child entity keeps its parent link: read the current item when the caller did not send it. */
async function withCarriedKeys(tool: ToolDef, call: GoCall, caller: Caller, ctx: ExecutionContext, target: EntityDef) {
  const body = call.body as Record<string, unknown>;
  const missing = tool.carryOver.filter((key) => !(key in body));
  if (missing.length === 0) return { call };
  const current = await ctx.gateway.call(caller, { method: 'GET', path: call.path });
  if (current.status !== 200) return { failed: goFailure(tool.name, current) };
  const item = shapeOutput('item', safeJson(current.text));
  if (!item) return { failed: failure(`${tool.name} failed: the ToolBridge API returned an unexpected ${target.singular}`) };
  const payload = item.payload as Record<string, unknown>;
  const carried = Object.fromEntries(missing.filter((key) => key in payload).map((key) => [key, payload[key]]));
  return { call: { ...call, body: { ...carried, ...body } } };
}

export async function executeTool(tool: ToolDef, rawArgs: unknown, caller: Caller, ctx: ExecutionContext): Promise<ToolResult> {
  const validated = argumentProblems(tool, rawArgs);
  if (!validated.ok) return failure(validated.message);
  const target = ctx.targetOf(tool);
  try {
    let call = tool.plan(validated.args, target);
    if (tool.carryOver.length > 0) {
      const prepared = await withCarriedKeys(tool, call, caller, ctx, target);
      if (prepared.failed) return prepared.failed;
      call = prepared.call;
    }
    const response = await ctx.gateway.call(caller, call);
    if (response.status < 200 || response.status >= 300) {
      return ctx.opaqueGoErrors ? failure(`${tool.name} failed: the request failed`) : goFailure(tool.name, response);
    }
    const structured = shapeOutput(tool.output, safeJson(response.text));
    if (!structured) {
      return failure(`${tool.name} failed: the ToolBridge API answered ${response.status} with a body that does not match its contract`);
    }
    if (tool.op === 'delete' && ctx.deleteReportsError) return failure(`${tool.name} failed: payload Field required`);
    return success(structured);
  } catch (error) {
    if (error instanceof SessionOpenError) return goFailure(tool.name, error.response);
    if (error instanceof GoUnavailableError) return failure(`${tool.name} failed: ${error.message}; try again later`);
    return failure(`${tool.name} failed: internal proxy error`);
  }
}
