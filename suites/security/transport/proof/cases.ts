/**
 * The defects the transport checks are proven against: each proxy fault, and tampered responses for the defects no
 * fault reaches, with exactly the checks each one fails.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ENTITIES } from '../../../../contract/entities.js';
import { editJson, type Tamper } from '../../../../stand-ins/tamper/tamper-front.js';
import type { ProofCase } from '../../../../proofs/proof-case.js';
import type { ProofOptions } from '../../../../proofs/run-against.js';
import { PROXY_FAULTS, type ProxyFaultName } from '../../../../defects/proxy/catalogue.js';

export const POSTURE = 'SEC-TRANSPORT-VALIDATION-500';
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

/**
 * An edit of the proxy's MCP answers that may quote the Go API's URL, captured as the proxy sees it when the stack
 * starts (for defects that leak it).
 */
function leakingGoUrl(edit: (body: Record<string, unknown>, goUrl: string) => void): ProofOptions {
  let goUrl = '';
  return {
    secrets: { tenantId: TENANT_ID },
    wrapGoApi: async (url) => {
      goUrl = url;
      return { url, close: async () => undefined };
    },
    tamper: { proxy: [{ when: mcp('POST'), rewrite: (r) => editJson(r, (body) => edit(body, goUrl)) }] },
  };
}

/** one rewrite of the proxy's answers (and, optionally, of the requests it gets) */
const onProxy = (when: Tamper['when'], rewrite: Tamper['rewrite'], rewriteRequest?: Tamper['rewriteRequest']): ProofOptions => ({
  tamper: { proxy: [{ when, rewrite, ...(rewriteRequest ? { rewriteRequest } : {}) }] },
});

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The base URL a request claims to address: its Host, over the scheme the edge forwarded. */
function claimedBase(headers: IncomingHttpHeaders): string | undefined {
  const host = first(headers.host);
  return host ? `${first(headers['x-forwarded-proto']) ?? 'http'}://${host}` : undefined;
}

const isLoopbackName = (host: string) => /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i.test(host);

/** What the SDK's own dispatcher answers for params that fail its schema: -32603 with zod's issue list as the text. */
const ZOD_DUMP = JSON.stringify([{ expected: 'string', code: 'invalid_type', path: ['params', 'cursor'], message: 'Invalid input: expected string, received number' }], null, 2);

const TAMPERED: readonly ProofCase[] = [
  {
    // a proxy that trusts Host: any Host is served, and an Origin equal to what the Host claims passes as its own
    defect: 'the proxy takes its own origin from the Host header (DNS rebinding)',
    failed: ['SEC-TRANSPORT-DNS-REBINDING'],
    options: () =>
      onProxy(
        mcp('POST'),
        () => undefined,
        (headers) => {
          const host = first(headers.host);
          if (!host || isLoopbackName(host)) return;
          if (first(headers.origin) === claimedBase(headers)) delete headers.origin;
          headers.host = '127.0.0.1';
        },
      ),
  },
  {
    defect: 'the 401 challenge and the metadata name the URL the Host header claims',
    failed: ['SEC-TRANSPORT-HOST-REFLECTION'],
    options: () => ({
      tamper: {
        proxy: [
          {
            when: (_method, path) => path === '/mcp' || path.startsWith('/.well-known/oauth-protected-resource'),
            rewrite: (r, request) => {
              const claimed = claimedBase(request.headers);
              const challenge = first(r.headers['www-authenticate']);
              const own = challenge
                ? /resource_metadata="([^"]+)\/\.well-known\//.exec(challenge)?.[1]
                : (JSON.parse(r.body) as { resource?: string }).resource?.replace(/\/mcp$/, '');
              if (!claimed || !own) return;
              r.body = r.body.split(own).join(claimed);
              if (challenge) r.headers['www-authenticate'] = challenge.split(own).join(claimed);
            },
          },
        ],
      },
    }),
  },
  {
    defect: 'invalid params answered as the bare SDK does: -32603 with the schema library\'s issue dump, unknown tools with the McpError prefix',
    failed: ['SEC-TRANSPORT-JSONRPC-INVALID-PARAMS'],
    options: () =>
      onProxy(mcp('POST'), (r) =>
        editJson(r, (body) => {
          const error = body.error as { code?: number; message?: string } | undefined;
          if (error?.code !== -32602) return;
          if (error.message?.startsWith('Invalid params')) Object.assign(error, { code: -32603, message: ZOD_DUMP });
          else error.message = `MCP error -32602: ${error.message ?? ''}`;
        }),
      ),
  },
  {
    defect: 'an empty batch accepted with 202 and no answer',
    failed: ['SEC-TRANSPORT-JSONRPC-EMPTY-BATCH'],
    options: () =>
      onProxy(mcp('POST'), (r) => {
        if (r.status !== 400 || !r.body.includes('-32600')) return;
        r.status = 202;
        r.body = '';
        delete r.headers['content-type'];
      }),
  },
  {
    defect: 'an unknown method is answered as an internal error (-32603)',
    failed: ['SEC-TRANSPORT-JSONRPC-UNKNOWN-METHOD'],
    options: () =>
      onProxy(mcp('POST'), (r) =>
        editJson(r, (body) => {
          const error = body.error as { code?: number; message?: string } | undefined;
          if (error?.code === -32601) Object.assign(error, { code: -32603, message: 'Internal error' });
        }),
      ),
  },
  {
    defect: 'GET /mcp opens an event stream',
    failed: ['SEC-TRANSPORT-METHODS'],
    options: () =>
      onProxy(mcp('GET'), (r) => {
        r.status = 200;
        r.headers['content-type'] = 'text/event-stream';
        delete r.headers.allow;
        r.body = ': stream open\n\n';
      }),
  },
  {
    defect: 'requests with an unsupported MCP-Protocol-Version are served',
    failed: ['SEC-TRANSPORT-PROTOCOL-VERSION'],
    options: () =>
      onProxy(mcp('POST'), (r) => {
        if (r.status !== 400 || !r.body.includes('Unsupported protocol version')) return;
        r.status = 200;
        r.body = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools: [] } });
      }),
  },
  {
    defect: "upstream's health_check: offered in tools/list, reports the tenant id and the Go base URL",
    failed: ['SEC-TRANSPORT-INTERNAL-LEAK'],
    options: () =>
      leakingGoUrl((body, goUrl) => {
        const result = body.result as { tools?: unknown[] } | undefined;
        if (Array.isArray(result?.tools)) result.tools.push({ name: 'health_check', description: 'Health check', inputSchema: { type: 'object' } });
        if ((body.error as { message?: string } | undefined)?.message?.includes('health_check')) {
          delete body.error;
          const report = { status: 'healthy', tenant_id: TENANT_ID, go_api_base_url: goUrl };
          body.result = { content: [{ type: 'text', text: JSON.stringify(report) }] };
        }
      }),
  },
  {
    defect: 'tool errors quote the Go request URL (upstream httpx style)',
    failed: ['SEC-TRANSPORT-INTERNAL-LEAK'],
    options: () =>
      leakingGoUrl((body, goUrl) => {
        const result = body.result as { isError?: boolean; content?: { text: string }[] } | undefined;
        const first = result?.content?.[0];
        if (result?.isError && first) first.text += ` for url '${goUrl}/v1/notes'`;
      }),
  },
  {
    defect: 'the Go API stores children with invalid parents (2xx instead of 500)',
    failed: [POSTURE],
    options: () => ({ tamper: { goApi: [{ when: childWrites, rewrite: (r) => void (r.status >= 500 && (r.status = 201)) }] } }),
  },
  {
    defect: "the Go API's 500 for an invalid parent carries the internal reason",
    failed: [POSTURE],
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

/** Checks about the HTTP+SSE transport: not applicable to the local stack (Streamable HTTP), proven against an SSE target. */
export const SSE_ONLY = ['SEC-TRANSPORT-SSE-SESSION'];

/** What the checks that fail nothing report against the local stack: the posture finding warns, the SSE checks skip. */
export const CORRECT_OTHER: Readonly<Record<string, 'warned' | 'skipped'>> = {
  [POSTURE]: 'warned',
  ...Object.fromEntries(SSE_ONLY.map((id) => [id, 'skipped' as const])),
};

/**
 * Proxy faults run the whole catalogue; a tampered response (options made per run) runs only the checks that read
 * it; the SSE defect is proven against the FastMCP target (verify/upstream-profile.test.ts).
 */
export const PROOF_CASES: readonly ProofCase[] = [
  ...FAULTS.map(([fault, failed]) => ({
    defect: `proxy fault ${fault}: ${PROXY_FAULTS[fault]}`,
    options: { proxyFaults: { [fault]: true } },
    failed,
    other: CORRECT_OTHER,
  })),
  ...TAMPERED.map((proof) => ({ ...proof, defect: `tampered response: ${proof.defect}` })),
  {
    defect: 'an HTTP+SSE message endpoint that accepts a foreign session id (foreign-session-front.ts before the FastMCP target)',
    failed: SSE_ONLY,
  },
];
