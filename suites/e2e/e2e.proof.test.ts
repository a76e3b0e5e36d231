import { describe, expect, it } from 'vitest';
import { ENTITIES } from '../../contract/entities.js';
import type { Tamper } from '../../stand-ins/tamper/tamper-front.js';
import { runAgainstLocal, type ProofOptions } from '../../proofs/run-against.js';
import { TOOL_OPERATIONS, toolName } from '../../proxy/tools/definitions.js';
import { surfaceChecks } from './surface.checks.js';
import { toolChecks } from './tools.checks.js';

const checks = [...surfaceChecks, ...toolChecks];
const checkId = (tool: string) => `E2E-${tool.toUpperCase()}`;
const DELETE_CHECKS = ENTITIES.map((entity) => checkId(toolName(entity, 'delete')));

/** Each entity's eight tools sent to the next entity: exactly their eight checks fail (each tool's own check). */
const MISWIRED: [string, ProofOptions, string[]][] = ENTITIES.map((entity) => {
  const tools = TOOL_OPERATIONS.map((op) => toolName(entity, op));
  // E2E-GO-ERRORS reads an unknown note with get_note: miswired, the error names another entity
  const alsoFailing = tools.includes('get_note') ? ['E2E-GO-ERRORS'] : [];
  return [`the proxy wires the ${entity.plural} tools to the wrong entity`, { proxyFaults: { miswireTool: tools } }, [...tools.map(checkId), ...alsoFailing]];
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

const DEFECTS: [string, ProofOptions, string[]][] = [
  ...MISWIRED,
  ["the proxy reports Go errors without Go's status, message and correlation id", { proxyFaults: { opaqueGoErrors: true } }, ['E2E-GO-ERRORS']],
  ['the Go API hard-deletes instead of leaving a tombstone', { goFaults: { hardDelete: true } }, DELETE_CHECKS],
  ["the proxy reports delete_* as failed (upstream's defect)", { proxyFaults: { deleteReportsError: true } }, DELETE_CHECKS],
  [
    'the Go API answers 500 to PATCH /v1/tasks/{uid}',
    { tamper: { goApi: [{ when: (method, path) => method === 'PATCH' && path.startsWith('/v1/tasks/'), rewrite: (r) => void (r.status = 500) }] } },
    ['E2E-PATCH_TASK'],
  ],
  [
    'the proxy lists an extra tool that fails when called',
    { tamper: { proxy: [listedTools((tools) => tools.push({ name: 'health_check', description: 'says nothing', inputSchema: { type: 'object', properties: {} } }))] } },
    ['E2E-EXTRA-TOOLS'],
  ],
  [
    "create_note's input schema lacks the title it needs",
    {
      tamper: {
        proxy: [
          listedTools((tools) => {
            const create = tools.find((t) => t.name === 'create_note')!;
            delete (create.inputSchema as { properties: Record<string, unknown> }).properties.title;
          }),
        ],
      },
    },
    ['E2E-TOOLS-LIST', 'E2E-CREATE_NOTE'],
  ],
];

describe('e2e checks can fail', () => {
  it('all 43 pass against the correct local stack', async () => {
    const run = await runAgainstLocal(checks);
    expect(run.results.size).toBe(43);
    expect(run.failed).toEqual([]);
    expect(run.other).toEqual({});
  });

  it.each(DEFECTS)('%s', async (_, options, expected) => {
    const run = await runAgainstLocal(checks, options);
    expect(run.failed).toEqual([...expected].sort());
  });

  it('every check is shown failing by some defect', () => {
    const proven = new Set(DEFECTS.flatMap(([, , failing]) => failing));
    expect(checks.map((check) => check.id).filter((id) => !proven.has(id))).toEqual([]);
  });
});
