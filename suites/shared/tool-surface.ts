/**
 * The tool surface a proxy offers, learned from tools/list and mapped onto the entity table: for every entity and
 * operation, the tool that performs it and the name it gives each parameter. Checks speak in the contract's terms
 * (`create` a note with `title`, `content`, …) and the surface turns that into the target's tool call, so the same
 * checks drive our proxy, the upstream FastMCP proxy (contract §15.3) or a proxy that names things its own way.
 *
 * A tool is found by name first (`create_note`, then verb and noun variants such as `note_create` or `addNote`),
 * then confirmed by its input schema: it must take every parameter the operation needs, by the contract's name, its
 * camelCase form or the payload key. Tools that map onto no operation are the surface's extras (`health_check`).
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { ENTITIES, type EntityDef } from '../../contract/entities.js';
import type { RestOperation } from '../../contract/routes.js';
import { CheckFailure } from '../../framework/model/assert.js';
import type { McpSession, ToolOutcome } from '../../framework/clients/mcp-session.js';
import { TOOL_OPERATIONS, toolName } from '../../contract/tools.js';

export const OPERATIONS: readonly RestOperation[] = TOOL_OPERATIONS;

export type ListedTool = Pick<Tool, 'name' | 'inputSchema' | 'outputSchema' | 'description'>;

export interface MappedTool {
  readonly name: string;
  readonly entity: EntityDef;
  readonly op: RestOperation;
  /** the contract's parameter name → the target's */
  readonly params: Readonly<Record<string, string>>;
  /** the target's arguments for arguments named as the contract names them */
  args(ours: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

export interface Unmapped {
  readonly entity: EntityDef;
  readonly op: RestOperation;
  /** the contract's tool name */
  readonly expected: string;
  readonly reason: string;
}

export interface ToolSurface {
  readonly tools: readonly ListedTool[];
  readonly mapped: readonly MappedTool[];
  readonly unmapped: readonly Unmapped[];
  /** listed tools that perform none of the 40 entity operations */
  readonly extra: readonly ListedTool[];
  find(entity: EntityDef, op: RestOperation): MappedTool | undefined;
}

const VERBS: Record<RestOperation, readonly string[]> = {
  create: ['create', 'add', 'new'],
  get: ['get', 'read', 'fetch'],
  list: ['list'],
  replace: ['update', 'replace', 'put'],
  patch: ['patch', 'modify'],
  delete: ['delete', 'remove'],
  archive: ['archive'],
  process: ['process', 'action'],
};

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The parameters an operation needs, by the contract's names, with the other names a target may give each. */
function neededParams(entity: EntityDef, op: RestOperation): { name: string; alternatives: string[] }[] {
  const plain = (name: string) => ({ name, alternatives: [name, camel(name)] });
  const fields = (list: EntityDef['createFields']) => list.map((f) => ({ name: f.param, alternatives: [f.param, camel(f.param), f.key] }));
  switch (op) {
    case 'list':
      return [plain('limit'), plain('cursor')];
    case 'create':
      return fields(entity.createFields);
    case 'replace':
      return [plain('uid'), ...fields(entity.updateFields)];
    case 'patch':
      return [plain('uid'), plain('updates')];
    case 'process':
      return [plain('uid'), plain('action')];
    default:
      return [plain('uid')];
  }
}

function nameCandidates(entity: EntityDef, op: RestOperation): string[] {
  const nouns = op === 'list' ? [entity.toolPlural, entity.plural] : [entity.toolSingular, entity.singular];
  return VERBS[op].flatMap((verb) => nouns.flatMap((noun) => [`${verb}${noun}`, `${noun}${verb}`].map(squash)));
}

function mapParams(tool: ListedTool, needed: { name: string; alternatives: string[] }[]): Record<string, string> | string {
  const properties = Object.keys(tool.inputSchema.properties ?? {});
  const params: Record<string, string> = {};
  const missing: string[] = [];
  for (const need of needed) {
    const found = need.alternatives.find((a) => properties.includes(a));
    if (found) params[need.name] = found;
    else missing.push(need.name);
  }
  return missing.length > 0 ? `${tool.name} takes no ${missing.map((m) => JSON.stringify(m)).join(', ')} (its parameters: ${properties.join(', ') || 'none'})` : params;
}

function mappedTool(tool: ListedTool, entity: EntityDef, op: RestOperation, params: Record<string, string>): MappedTool {
  return {
    name: tool.name,
    entity,
    op,
    params,
    args: (ours) => Object.fromEntries(Object.entries(ours).map(([name, value]) => [params[name] ?? name, value])),
  };
}

export function mapToolSurface(tools: readonly ListedTool[]): ToolSurface {
  const mapped: MappedTool[] = [];
  const unmapped: Unmapped[] = [];
  const used = new Set<string>();
  for (const entity of ENTITIES) {
    for (const op of OPERATIONS) {
      const expected = toolName(entity, op);
      const needed = neededParams(entity, op);
      const names = [squash(expected), ...nameCandidates(entity, op)];
      const candidates = tools.filter((t) => names.includes(squash(t.name)) && !used.has(t.name));
      candidates.sort((a, b) => names.indexOf(squash(a.name)) - names.indexOf(squash(b.name)));
      const reasons: string[] = [];
      let found: MappedTool | undefined;
      for (const tool of candidates) {
        const params = mapParams(tool, needed);
        if (typeof params === 'string') reasons.push(params);
        else {
          found = mappedTool(tool, entity, op, params);
          break;
        }
      }
      if (found) {
        mapped.push(found);
        used.add(found.name);
      } else {
        unmapped.push({ entity, op, expected, reason: reasons.length > 0 ? reasons.join('; ') : `no tool named ${expected} or a variant of it` });
      }
    }
  }
  return {
    tools,
    mapped,
    unmapped,
    extra: tools.filter((t) => !used.has(t.name)),
    find: (entity, op) => mapped.find((m) => m.entity === entity && m.op === op),
  };
}

/** tools/list of a session, mapped. */
export async function learnToolSurface(session: McpSession): Promise<ToolSurface> {
  return mapToolSurface(await session.listTools());
}

/** A session's tool calls in the contract's terms: the entity, the operation and the contract's argument names. */
export class SurfaceCaller {
  private constructor(
    readonly session: McpSession,
    readonly surface: ToolSurface,
  ) {}

  static async learn(session: McpSession): Promise<SurfaceCaller> {
    return new SurfaceCaller(session, await learnToolSurface(session));
  }

  /** The tool for an operation; fails the check, saying why, when the target offers none. */
  tool(entity: EntityDef, op: RestOperation): MappedTool {
    const tool = this.surface.find(entity, op);
    if (tool) return tool;
    const why = this.surface.unmapped.find((u) => u.entity === entity && u.op === op);
    throw new CheckFailure(`the proxy offers no tool to ${op} a ${entity.singular}: ${why?.reason ?? 'not listed'}`);
  }

  call(entity: EntityDef, op: RestOperation, args: Readonly<Record<string, unknown>>, label?: string): Promise<ToolOutcome> {
    const tool = this.tool(entity, op);
    return this.session.call(tool.name, tool.args(args), label);
  }

  ok<T = Record<string, unknown>>(entity: EntityDef, op: RestOperation, args: Readonly<Record<string, unknown>>, label?: string): Promise<T> {
    const tool = this.tool(entity, op);
    return this.session.ok<T>(tool.name, tool.args(args), label);
  }
}
