/**
 * The MCP endpoint without a token, over the transport detected for the run: a proxy that authenticates its callers
 * refuses with 401; one that processes the request authenticates no one (the upstream FastMCP proxy, contract §15.1).
 */
import { CheckFailure } from '../../framework/model/assert.js';
import type { CheckContext } from '../../framework/checks/context.js';
import type { HttpExchange } from '../../framework/clients/http.js';
import { rpc } from '../../framework/clients/mcp-raw.js';
import { MCP_TRANSPORT_NAMES } from '../../framework/model/mcp-endpoint.js';
import { mcpEndpointOf } from '../../framework/target/spec.js';

export function endpointLabel(ctx: CheckContext): string {
  const endpoint = mcpEndpointOf(ctx.target);
  return `${endpoint.url} (${MCP_TRANSPORT_NAMES[endpoint.transport]})`;
}

/** tools/list without any Authorization header. */
export function mcpWithoutToken(ctx: CheckContext, label = 'MCP tools/list without a token'): Promise<HttpExchange> {
  return ctx.mcpRequest({ message: rpc('tools/list'), label });
}

/** Fails, naming the defect, when the endpoint processed a request that carried no token. */
export function refuseUnauthenticated(ctx: CheckContext, response: HttpExchange, context?: string): void {
  if (response.status >= 200 && response.status < 300) {
    throw new CheckFailure(
      `${context ? `${context} ` : ''}the MCP endpoint ${endpointLabel(ctx)} processed tools/list without any token (${response.status}): it authenticates no one, so anyone who can reach it can call every tool (CWE-306)`,
    );
  }
}
