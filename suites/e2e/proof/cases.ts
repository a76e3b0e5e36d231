/**
 * The defects the e2e checks are proven against, with exactly the checks each one fails.
 */
import { ENTITIES } from '../../../contract/entities.js';
import type { ProofCase } from '../../../proofs/proof-case.js';
import type { Tamper } from '../../../stand-ins/tamper/tamper-front.js';
import { TOOL_OPERATIONS, toolName } from '../../../contract/tools.js';

const checkId = (tool: string) => `E2E-${tool.toUpperCase()}`;
const DELETE_CHECKS = ENTITIES.map((entity) => checkId(toolName(entity, 'delete')));

/** Each entity's eight tools sent to the next entity: exactly their eight checks fail (each tool's own check). */
const MISWIRED: ProofCase[] = ENTITIES.map((entity) => {
  const tools = TOOL_OPERATIONS.map((op) => toolName(entity, op));
  // E2E-GO-ERRORS reads an unknown note with get_note: miswired, the error names another entity
  const alsoFailing = tools.includes('get_note') ? ['E2E-GO-ERRORS'] : [];
  return {
    defect: `the proxy wires the ${entity.plural} tools to the wrong entity`,
    options: { proxyFaults: { miswireTool: tools } },
    failed: [...tools.map(checkId), ...alsoFailing],
  };
});

type ListedTool = { name: string; description?: string; inputSchema: Record<string, unknown> };

/** A proxy-side rewrite of every tools/list answer. */
function listedTools(edit: (tools: ListedTool[]) => void): Tamper {
  return {
    when: (method, path) => method === 'POST' && path === '/mcp',
    rewrite: (r) => {
      const body = JSON.parse(r.body) as { result?: { tools?: ListedTool[] } };
      if (!body.result?.tools) return;
      edit(body.result.tools);
      r.body = JSON.stringify(body);
    },
  };
}

export const PROOF_CASES: readonly ProofCase[] = [
  ...MISWIRED,
  { defect: "the proxy reports Go errors without Go's status, message and correlation id", options: { proxyFaults: { opaqueGoErrors: true } }, failed: ['E2E-GO-ERRORS'] },
  { defect: 'the Go API hard-deletes instead of leaving a tombstone', options: { goFaults: { hardDelete: true } }, failed: DELETE_CHECKS },
  { defect: "the proxy reports delete_* as failed (upstream's defect)", options: { proxyFaults: { deleteReportsError: true } }, failed: DELETE_CHECKS },
  {
    defect: 'the Go API answers 500 to PATCH /v1/tasks/{uid}',
    options: { tamper: { goApi: [{ when: (method, path) => method === 'PATCH' && path.startsWith('/v1/tasks/'), rewrite: (r) => void (r.status = 500) }] } },
    failed: ['E2E-PATCH_TASK'],
  },
  {
    defect: 'the proxy lists an extra tool that fails when called',
    options: { tamper: { proxy: [listedTools((tools) => tools.push({ name: 'health_check', description: 'says nothing', inputSchema: { type: 'object', properties: {} } }))] } },
    failed: ['E2E-EXTRA-TOOLS'],
  },
  {
    defect: "create_note's input schema lacks the title it needs",
    options: {
      tamper: {
        proxy: [
          listedTools((tools) => {
            const create = tools.find((t) => t.name === 'create_note')!;
            delete (create.inputSchema as { properties: Record<string, unknown> }).properties.title;
          }),
        ],
      },
    },
    failed: ['E2E-TOOLS-LIST', 'E2E-CREATE_NOTE'],
  },
];
