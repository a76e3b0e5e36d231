/**
 * Proof that the transport checks can fail: the catalogue passes (the 500-on-validation posture finding warns)
 * against the correct stack; each proxy fault fails exactly its check; and tampered responses stand in for the
 * defects no fault reaches (only the checks that read those responses run there).
 *
 * The proxy fault noProtocolVersionCheck is not in the fault table: it deletes the header from `req.headers`, but
 * the SDK transport reads `req.rawHeaders`, so the fault has no effect. The tampered response below proves the check.
 */
import { describe, expect, test } from 'vitest';
import { ENTITIES } from '../../../contract/entities.js';
import type { ProxyFaultName } from '../../../proxy/faults.js';
import { editJson, type Tamper } from '../../../fixtures/tamper/tamper-front.js';
import { runAgainstLocal, type ProofOptions, type ProofRun } from '../../../harness/proof/run-against.js';
import { transportChecks } from './transport.checks.js';

const RUN_TIMEOUT_MS = 120_000;
const POSTURE = 'SEC-TRANSPORT-VALIDATION-500';
const TENANT_ID = 'tbv-proof-tenant';

const FAULTS: readonly [ProxyFaultName, readonly string[]][] = [
  ['noOriginCheck', ['SEC-TRANSPORT-ORIGIN']],
  ['noProtocolVersionCheck', ['SEC-TRANSPORT-PROTOCOL-VERSION']],
  ['noBodyLimit', ['SEC-TRANSPORT-BODY-LIMIT']],
  ['noUidValidation', ['SEC-TRANSPORT-UID-INJECTION']],
  ['noResourceMetadata', ['SEC-TRANSPORT-INVALID-TOKEN-CHALLENGE']],
  ['echoTokenIn401', ['SEC-TRANSPORT-401-NO-TOKEN-ECHO']],
];

const mcp = (method: string) => (m: string, path: string) => m === method && path === '/mcp';
const childWrites = (m: string, path: string) =>
  m !== 'GET' && ENTITIES.some((e) => e.parent && (path === `/v1/${e.path}` || path.startsWith(`/v1/${e.path}/`)));

interface TamperedDefect {
  readonly defect: string;
  readonly checks: readonly string[];
  /** stack options; a factory, so a defect can capture the stand-in's URL */
  readonly options: () => ProofOptions;
}

/** The Go API's URL as the proxy sees it, captured when the stack starts (for defects that leak it). */
function withGoUrl(tampers: (goUrl: () => string) => Tamper[]): ProofOptions {
  let goUrl = '';
  return {
    secrets: { tenantId: TENANT_ID },
    wrapGoApi: async (url) => {
      goUrl = url;
      return { url, close: async () => undefined };
    },
    tamper: { proxy: tampers(() => goUrl) },
  };
}

const TAMPERED: readonly TamperedDefect[] = [
  {
    defect: 'GET /mcp opens an event stream',
    checks: ['SEC-TRANSPORT-METHODS'],
    options: () => ({
      tamper: {
        proxy: [
          {
            when: mcp('GET'),
            rewrite: (r) => {
              r.status = 200;
              r.headers['content-type'] = 'text/event-stream';
              delete r.headers.allow;
              r.body = ': stream open\n\n';
            },
          },
        ],
      },
    }),
  },
  {
    defect: 'requests with an unsupported MCP-Protocol-Version are served',
    checks: ['SEC-TRANSPORT-PROTOCOL-VERSION'],
    options: () => ({
      tamper: {
        proxy: [
          {
            when: mcp('POST'),
            rewrite: (r) => {
              if (r.status !== 400 || !r.body.includes('Unsupported protocol version')) return;
              r.status = 200;
              r.body = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools: [] } });
            },
          },
        ],
      },
    }),
  },
  {
    defect: "upstream's health_check: offered in tools/list, reports the tenant id and the Go base URL",
    checks: ['SEC-TRANSPORT-INTERNAL-LEAK'],
    options: () =>
      withGoUrl((goUrl) => [
        {
          when: mcp('POST'),
          rewrite: (r) =>
            editJson(r, (body) => {
              const result = body.result as { tools?: unknown[] } | undefined;
              if (Array.isArray(result?.tools)) result.tools.push({ name: 'health_check', description: 'Health check', inputSchema: { type: 'object' } });
              if ((body.error as { message?: string } | undefined)?.message?.includes('health_check')) {
                delete body.error;
                const report = { status: 'healthy', tenant_id: TENANT_ID, go_api_base_url: goUrl() };
                body.result = { content: [{ type: 'text', text: JSON.stringify(report) }] };
              }
            }),
        },
      ]),
  },
  {
    defect: 'tool errors quote the Go request URL (upstream httpx style)',
    checks: ['SEC-TRANSPORT-INTERNAL-LEAK'],
    options: () =>
      withGoUrl((goUrl) => [
        {
          when: mcp('POST'),
          rewrite: (r) =>
            editJson(r, (body) => {
              const result = body.result as { isError?: boolean; content?: { text: string }[] } | undefined;
              const first = result?.content?.[0];
              if (result?.isError && first) first.text += ` for url '${goUrl()}/v1/notes'`;
            }),
        },
      ]),
  },
  {
    defect: 'the Go API stores children with invalid parents (2xx instead of 500)',
    checks: [POSTURE],
    options: () => ({ tamper: { goApi: [{ when: childWrites, rewrite: (r) => void (r.status >= 500 && (r.status = 201)) }] } }),
  },
  {
    defect: "the Go API's 500 for an invalid parent carries the internal reason",
    checks: [POSTURE],
    options: () => ({
      tamper: {
        goApi: [
          {
            when: childWrites,
            rewrite: (r) => {
              if (r.status >= 500) r.body = JSON.stringify({ error: 'pq: insert or update on table "comment" violates foreign key constraint', correlation_id: '' });
            },
          },
        ],
      },
    }),
  },
];

function failureMessages(run: ProofRun): Record<string, string> {
  return Object.fromEntries(run.failed.map((id) => [id, run.results.get(id)?.message ?? '']));
}

function expectFailures(run: ProofRun, expected: readonly string[]): void {
  expect(failureMessages(run)).toEqual(Object.fromEntries([...expected].sort().map((id) => [id, expect.any(String)])));
  for (const [id, message] of Object.entries(failureMessages(run))) expect(message, id).not.toMatch(/^the check could not complete/);
}

describe('security/transport catalogue', () => {
  test('ids, areas and security facts', () => {
    expect(transportChecks.map((c) => c.id)).toHaveLength(new Set(transportChecks.map((c) => c.id)).size);
    for (const check of transportChecks) {
      expect(check.id).toMatch(/^SEC-TRANSPORT-[A-Z0-9_-]+$/);
      expect(check.area).toBe('security/transport');
      expect(check.expected && check.rationale && check.requirement).toBeTruthy();
      expect(check.security?.cwe).toMatch(/^CWE-\d+$/);
      expect(check.security?.location).toMatch(/^(contract|proxy)\//);
    }
    expect(transportChecks.filter((c) => c.posture).map((c) => c.id)).toEqual([POSTURE]);
  });

  test('every check is shown failing by a fault or a tampered response', () => {
    const proven = new Set([...FAULTS.flatMap(([, ids]) => ids), ...TAMPERED.flatMap((d) => d.checks)]);
    expect(transportChecks.map((c) => c.id).filter((id) => !proven.has(id))).toEqual([]);
  });

  test('passes against the correct stack; the 500-on-validation posture finding warns', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await runAgainstLocal(transportChecks);
    expect(failureMessages(run)).toEqual({});
    expect(run.other).toEqual({ [POSTURE]: 'warned' });
  });

  test.each(FAULTS)('proxy fault %s fails exactly its checks', { timeout: RUN_TIMEOUT_MS }, async (fault, expected) => {
    const run = await runAgainstLocal(transportChecks, { proxyFaults: { [fault]: true } });
    expectFailures(run, expected);
    expect(run.other).toEqual({ [POSTURE]: 'warned' });
  });

  test.each(TAMPERED.map((d) => [d.defect, d] as const))('tampered: %s', { timeout: RUN_TIMEOUT_MS }, async (_, { checks, options }) => {
    const selected = transportChecks.filter((c) => checks.includes(c.id));
    expect(selected.map((c) => c.id).sort()).toEqual([...checks].sort());
    const run = await runAgainstLocal(selected, options());
    expectFailures(run, checks);
    expect(run.other).toEqual({});
  });
});
