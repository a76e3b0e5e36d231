/**
 * The two doors a token opens: the proxy's MCP endpoint and the Go API directly. Each probe runs against both with
 * the cheapest authenticated request there is; only the JWT decides (the Go request carries freshly signed tenant
 * headers, the MCP request needs nothing from the Go API).
 */
import { tenantHeaders } from '../../../../contract/tenant-signature.js';
import type { CheckContext } from '../../../../framework/checks/context.js';
import type { HttpExchange } from '../../../../framework/clients/http.js';
import { listsTools, rpc, withQuery } from '../../../../framework/clients/mcp-raw.js';

export type SideKey = 'PROXY' | 'GO';

export interface ProbeRequest {
  readonly label: string;
  /** the Authorization header value; absent = no header */
  readonly authorization?: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

export interface Side {
  readonly key: SideKey;
  /** "the proxy", "the Go API" */
  readonly name: string;
  /** the request every probe sends, for titles and evidence */
  readonly route: string;
  /** repo-relative file that governs the behaviour (SARIF location) */
  readonly location: string;
  /** the proxy answers 401 with an RFC 6750 / MCP challenge; the Go API sends none (contract §4) */
  readonly challenges: boolean;
  send(ctx: CheckContext, request: ProbeRequest): Promise<HttpExchange>;
  /** the answer to a valid token */
  controlAccepted(response: HttpExchange): boolean;
}

const TOOLS_LIST = rpc('tools/list');
/** how long a probe waits for an answer before calling it a hang */
export const DEFAULT_TIMEOUT_MS = 15_000;

const authorization = (request: ProbeRequest): Record<string, string> =>
  request.authorization !== undefined ? { Authorization: request.authorization } : {};

export const PROXY: Side = {
  key: 'PROXY',
  name: 'the proxy',
  route: 'JSON-RPC tools/list to the MCP endpoint',
  location: 'proxy/auth/verify-token.ts',
  challenges: true,
  send: (ctx, request) =>
    ctx.mcpRequest({
      message: TOOLS_LIST,
      headers: { ...authorization(request), ...request.headers },
      ...(request.query ? { query: request.query } : {}),
      label: request.label,
      timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    }),
  controlAccepted: listsTools,
};

export const GO: Side = {
  key: 'GO',
  name: 'the Go API',
  route: 'POST /v1/sync/sessions (signed tenant headers)',
  location: 'contract/toolbridge-api.md',
  challenges: false,
  send: (ctx, request) =>
    ctx.http({
      method: 'POST',
      url: withQuery(`${ctx.target.goApiUrl}/v1/sync/sessions`, request.query),
      headers: { ...tenantHeaders(ctx.target.tenantId, ctx.target.tenantSecret), ...authorization(request), ...request.headers },
      label: request.label,
      timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    }),
  controlAccepted: (response) => response.status === 201,
};

export const SIDES: readonly Side[] = [PROXY, GO];
