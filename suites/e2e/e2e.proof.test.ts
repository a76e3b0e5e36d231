import { describe, expect, it } from 'vitest';
import { runAgainstLocal, type ProofOptions } from '../../harness/proof/run-against.js';
import { surfaceChecks } from './surface.checks.js';
import { toolChecks } from './tools.checks.js';

const checks = [...surfaceChecks, ...toolChecks];
const DELETE_CHECKS = ['E2E-DELETE_CHAT', 'E2E-DELETE_CHAT_MESSAGE', 'E2E-DELETE_COMMENT', 'E2E-DELETE_NOTE', 'E2E-DELETE_TASK'];

const DEFECTS: [string, ProofOptions, string[]][] = [
  ['the proxy wires get_task to the wrong entity', { proxyFaults: { miswireTool: 'get_task' } }, ['E2E-GET_TASK']],
  ['the proxy wires process_chat to the wrong entity', { proxyFaults: { miswireTool: 'process_chat' } }, ['E2E-PROCESS_CHAT']],
  ['the Go API hard-deletes instead of leaving a tombstone', { goFaults: { hardDelete: true } }, DELETE_CHECKS],
  ["the proxy reports delete_* as failed (upstream's defect)", { proxyFaults: { deleteReportsError: true } }, DELETE_CHECKS],
  [
    'the Go API answers 500 to PATCH /v1/tasks/{uid}',
    { tamper: { goApi: [{ when: (method, path) => method === 'PATCH' && path.startsWith('/v1/tasks/'), rewrite: (r) => void (r.status = 500) }] } },
    ['E2E-PATCH_TASK'],
  ],
  [
    'the proxy exposes an extra tool',
    {
      tamper: {
        proxy: [
          {
            when: (method, path) => method === 'POST' && path === '/mcp',
            rewrite: (r) => {
              const body = JSON.parse(r.body) as { result?: { tools?: { name: string }[] } };
              if (!body.result?.tools) return;
              body.result.tools.push({ ...body.result.tools[0]!, name: 'health_check' });
              r.body = JSON.stringify(body);
            },
          },
        ],
      },
    },
    ['E2E-TOOLS-LIST'],
  ],
];

describe('e2e checks can fail', () => {
  it('all 42 pass against the correct local stack', async () => {
    const run = await runAgainstLocal(checks);
    expect(run.results.size).toBe(42);
    expect(run.failed).toEqual([]);
    expect(run.other).toEqual({});
  });

  it.each(DEFECTS)('%s', async (_, options, expected) => {
    const run = await runAgainstLocal(checks, options);
    expect(run.failed).toEqual([...expected].sort());
  });
});
