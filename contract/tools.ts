/**
 * The MCP tools' names: 8 operations × the entity table, as the upstream proxy names them (contract §15.3). The proxy
 * builds its tools from these, and the checks name the tools they call with them.
 */
import { ENTITIES, type EntityDef } from './entities.js';
import type { RestOperation } from './routes.js';

export const TOOL_OPERATIONS: readonly RestOperation[] = ['list', 'get', 'create', 'replace', 'patch', 'delete', 'archive', 'process'];

const TOOL_VERB: Record<RestOperation, string> = {
  list: 'list',
  create: 'create',
  get: 'get',
  replace: 'update',
  patch: 'patch',
  delete: 'delete',
  archive: 'archive',
  process: 'process',
};

export function toolName(entity: EntityDef, op: RestOperation): string {
  return `${TOOL_VERB[op]}_${op === 'list' ? entity.toolPlural : entity.toolSingular}`;
}

/** Every tool name, entity by entity in table order. */
export const ALL_TOOL_NAMES: readonly string[] = ENTITIES.flatMap((entity) => TOOL_OPERATIONS.map((op) => toolName(entity, op)));
