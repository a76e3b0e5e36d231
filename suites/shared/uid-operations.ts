/**
 * The six operations on one item by uid (contract §9.4), each as a Go request and as an MCP tool call, generated
 * from the entity table: what user B sends at user A's item, and what A sends at its own item as the control.
 */
import { fillPath, restMethod, restPath, type RestOperation } from '../../contract/routes.js';
import { firstAction, updateArgs } from '../../fixtures/clients/sample-args.js';
import type { OwnedItem } from './owned-items.js';

export type UidOperation = Exclude<RestOperation, 'list' | 'create'>;

export interface OperationSpec {
  readonly op: UidOperation;
  /** the id segment: SEC-ISOLATION-<CHANNEL>-<ID> */
  readonly id: string;
  /** what the attacker tries, e.g. "replace" */
  readonly verb: string;
  readonly writes: boolean;
  /** Go request body; undefined for bodiless requests. `writer` names who writes, in the payload. */
  goBody(item: OwnedItem, writer: string): unknown;
  toolArgs(item: OwnedItem, writer: string): Record<string, unknown>;
}

const OVERWRITE = 'replaced by an isolation probe';

/** A full replacement: the update fields plus the item's own parent link (an attacker may know it), so a PUT that is let through really lands. */
function replacement(item: OwnedItem, writer: string): Record<string, unknown> {
  const args = updateArgs(item.entity, item.uid, OVERWRITE);
  return { ...Object.fromEntries(item.entity.updateFields.map((f) => [f.key, args[f.param]])), ...item.link, overwrittenBy: writer };
}

export const UID_OPERATIONS: readonly OperationSpec[] = [
  { op: 'get', id: 'GET', verb: 'read', writes: false, goBody: () => undefined, toolArgs: (i) => ({ uid: i.uid }) },
  {
    op: 'replace',
    id: 'UPDATE',
    verb: 'replace',
    writes: true,
    goBody: replacement,
    toolArgs: (i, writer) => ({ ...updateArgs(i.entity, i.uid, OVERWRITE), additional_fields: { ...i.link, overwrittenBy: writer } }),
  },
  {
    op: 'patch',
    id: 'PATCH',
    verb: 'patch',
    writes: true,
    goBody: (_i, writer) => ({ overwrittenBy: writer }),
    toolArgs: (i, writer) => ({ uid: i.uid, updates: { overwrittenBy: writer } }),
  },
  { op: 'delete', id: 'DELETE', verb: 'delete', writes: true, goBody: () => undefined, toolArgs: (i) => ({ uid: i.uid }) },
  { op: 'archive', id: 'ARCHIVE', verb: 'archive', writes: true, goBody: () => ({}), toolArgs: (i) => ({ uid: i.uid }) },
  {
    op: 'process',
    id: 'PROCESS',
    verb: 'process',
    writes: true,
    goBody: (i) => ({ action: firstAction(i.entity)[0] }),
    toolArgs: (i) => ({ uid: i.uid, action: firstAction(i.entity)[0] }),
  },
];

export function goRoute(spec: OperationSpec, item: OwnedItem): { method: string; path: string } {
  return { method: restMethod(spec.op), path: fillPath(restPath(item.entity, spec.op), { uid: item.uid }) };
}
