/**
 * The defects the conformance checks are proven against (conformance.proof.test.ts): answers or requests of the
 * proxy tampered behind the TLS edge, and a newer conformance suite with a scenario this verifier has not sorted.
 */
import type { ProofCase } from '../../../proofs/proof-case.js';
import type { ProofOptions } from '../../../proofs/run-against.js';
import { editJson, type Tamper } from '../../../stand-ins/tamper/tamper-front.js';

const mcpPost: Tamper['when'] = (method, path) => method === 'POST' && path === '/mcp';
const onAnswers = (rewrite: (body: Record<string, unknown>) => void): ProofOptions => ({
  tamper: { proxy: [{ when: mcpPost, rewrite: (r) => editJson(r, (body) => rewrite(body as Record<string, unknown>)) }] },
});
const resultOf = (body: Record<string, unknown>) => body.result as Record<string, unknown> | undefined;

const DEFECTS: readonly [string, ProofOptions, readonly string[]][] = [
  [
    'the proxy checks neither Host nor Origin (DNS rebinding)',
    {
      tamper: {
        proxy: [
          {
            when: mcpPost,
            rewrite: () => undefined,
            rewriteRequest: (headers) => {
              if (headers.host?.startsWith('evil.')) (headers.host = '127.0.0.1'), delete headers.origin;
            },
          },
        ],
      },
    },
    ['MCPCONF-LOCALHOST-HOST-REBINDING-REJECTED'],
  ],
  [
    'the proxy refuses every request that carries an Origin, its own too',
    { tamper: { proxy: [{ when: mcpPost, rewrite: (r, request) => void (request.headers.origin && ((r.status = 403), (r.body = '{"error":"forbidden"}'))) }] } },
    ['MCPCONF-LOCALHOST-HOST-VALID-ACCEPTED'],
  ],
  [
    'initialize answers without serverInfo',
    onAnswers((body) => void (resultOf(body)?.protocolVersion && delete resultOf(body)!.serverInfo)),
    // the suite's client cannot connect to such a server at all, so every scenario that connects fails
    ['MCPCONF-PING', 'MCPCONF-SERVER-INITIALIZE', 'MCPCONF-TOOLS-LIST'],
  ],
  [
    'ping is answered "method not found"',
    onAnswers((body) => {
      const result = resultOf(body);
      if (!result || Object.keys(result).length > 0) return;
      delete body.result;
      body.error = { code: -32601, message: 'Method not found' };
    }),
    ['MCPCONF-PING'],
  ],
  [
    'tools/list lists tools without an inputSchema',
    onAnswers((body) => {
      const tools = resultOf(body)?.tools as Record<string, unknown>[] | undefined;
      for (const tool of tools ?? []) delete tool.inputSchema;
    }),
    ['MCPCONF-TOOLS-LIST'],
  ],
];

/** Proven by conformance.proof.test.ts with a wrapper around the pinned suite (TBV_ENGINES_DIR), not a stack option. */
export const NEWER_SUITE: ProofCase = {
  defect: 'a newer conformance suite lists a server scenario this verifier has not sorted',
  failed: ['MCPCONF-SCENARIOS'],
};

export const PROOF_CASES: readonly ProofCase[] = [...DEFECTS.map(([defect, options, failed]) => ({ defect, options, failed })), NEWER_SUITE];
