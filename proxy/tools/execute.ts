/**
 * Runs one tool call: validate arguments, plan the Go request, call through the gateway, shape the answer.
 * Never throws: every failure becomes an `isError` result.
 */
import { GoUnavailableError, type GoCall } from '../go/go-client.js';
import { type Caller, type Gateway, SessionOpenError, safeJson } from '../go/gateway.js';
import { buildTools, type ToolArgs, type ToolDef } from './definitions.js';
import { failure, goFailure, shapeOutput, success, type ToolResult } from './results.js';

/** The tools the proxy serves and how one call of them runs: the seam between MCP and the Go API. */
export interface ToolRouter {
  readonly tools: readonly ToolDef[];
  run(tool: ToolDef, rawArgs: unknown, caller: Caller): Promise<ToolResult>;
}

/** The 40 tools of the contract, each call run through `gateway`. */
export function createToolRouter(gateway: Gateway): ToolRouter {
  return { tools: buildTools(), run: (tool, rawArgs, caller) => executeTool(tool, rawArgs, caller, gateway) };
}

function argumentProblems(tool: ToolDef, raw: unknown): { ok: true; args: ToolArgs } | { ok: false; message: string } {
  const parsed = tool.input.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, args: parsed.data as ToolArgs };
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`);
  return { ok: false, message: `Invalid arguments for ${tool.name}: ${problems.join('; ')}` };
}

/** A full replace of a child entity keeps its parent link: read the current item when the caller did not send it. */
async function withCarriedKeys(tool: ToolDef, call: GoCall, caller: Caller, gateway: Gateway) {
  const body = call.body as Record<string, unknown>;
  const missing = tool.carryOver.filter((key) => !(key in body));
  if (missing.length === 0) return { call };
  const current = await gateway.call(caller, { method: 'GET', path: call.path });
  if (current.status !== 200) return { failed: goFailure(tool.name, current) };
  const item = shapeOutput('item', safeJson(current.text));
  if (!item) return { failed: failure(`${tool.name} failed: the ToolBridge API returned an unexpected ${tool.entity.singular}`) };
  const payload = item.payload as Record<string, unknown>;
  const carried = Object.fromEntries(missing.filter((key) => key in payload).map((key) => [key, payload[key]]));
  return { call: { ...call, body: { ...carried, ...body } } };
}

export async function executeTool(tool: ToolDef, rawArgs: unknown, caller: Caller, gateway: Gateway): Promise<ToolResult> {
  const validated = argumentProblems(tool, rawArgs);
  if (!validated.ok) return failure(validated.message);
  try {
    let call = tool.plan(validated.args);
    if (tool.carryOver.length > 0) {
      const prepared = await withCarriedKeys(tool, call, caller, gateway);
      if (prepared.failed) return prepared.failed;
      call = prepared.call;
    }
    const response = await gateway.call(caller, call);
    if (response.status < 200 || response.status >= 300) return goFailure(tool.name, response);
    const structured = shapeOutput(tool.output, safeJson(response.text));
    if (!structured) {
      return failure(`${tool.name} failed: the ToolBridge API answered ${response.status} with a body that does not match its contract`);
    }
    return success(structured);
  } catch (error) {
    if (error instanceof SessionOpenError) return goFailure(tool.name, error.response);
    if (error instanceof GoUnavailableError) return failure(`${tool.name} failed: ${error.message}; try again later`);
    return failure(`${tool.name} failed: internal proxy error`);
  }
}
