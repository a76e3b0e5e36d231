/**
 * The proxy and the Go API share one tenant secret: a harmless tool call through MCP must not come back with the
 * Go API's tenant refusal. A mismatch is a deployment error that breaks every tool call while all health checks
 * stay green (the Go API's /healthz and /v1/sync/info need no tenant headers).
 */
import { TEXT } from '../../../contract/messages.js';
import { CheckFailure } from '../../../framework/model/assert.js';
import { catalogue, defineCheck } from '../../../framework/checks/define.js';
import type { McpSession, ToolOutcome } from '../../../framework/clients/mcp-session.js';
import { CONTRACT_TENANT, SECRETS_REFERENCE } from '../../shared/tenant-meta.js';
import { requireControl } from '../../shared/tenant-probe.js';

const TOOL = 'list_notes';
export const SECRET_MISMATCH =
  "the proxy's TOOLBRIDGE_TENANT_HEADER_SECRET does not match the Go API's TENANT_HEADER_SECRET: every tool call fails";

/** Did the Go API refuse the proxy's tenant headers? From the proxy's `toolbridge/go` detail, else from the text. */
function refusedTenantHeaders(outcome: ToolOutcome): boolean {
  const go = outcome.meta?.['toolbridge/go'] as { status?: unknown; error?: unknown } | undefined;
  if (go && go.status === 401 && typeof go.error === 'string') return go.error.includes(TEXT.invalidTenantHeaders);
  return outcome.text.includes(TEXT.invalidTenantHeaders);
}

export const proxySecretChecks = catalogue([
  defineCheck(
    {
      id: 'SEC-TENANT-PROXY-SECRET-MATCH',
      title: "The proxy signs with the Go API's tenant secret (a tool call is not refused for tenant headers)",
      area: 'security/tenant',
      severity: 'high',
      requirement: `${SECRETS_REFERENCE}: TOOLBRIDGE_TENANT_HEADER_SECRET must equal the Go API's TENANT_HEADER_SECRET; ${CONTRACT_TENANT}`,
      expected: `${TOOL} through MCP as a fresh user succeeds; it never fails with the Go API's 401 "${TEXT.invalidTenantHeaders}"`,
      rationale:
        'with different secrets every tool call is refused by the Go API while the health endpoints stay green, so the deployment looks up but serves nothing',
      security: {
        // CWE-1068 (Inconsistency Between Implementation and Documented Design): the documented design requires one
        // shared secret on both sides; the deployed configuration contradicts it. Impact is availability only
        // (AV:N/AC:L/PR:N/UI:N/C:N/I:N/A:H ≈ 7.5): nothing is exposed, every tool call fails.
        score: 7.5,
        cwe: 'CWE-1068',
        remediation:
          'Set TOOLBRIDGE_TENANT_HEADER_SECRET on the proxy and TENANT_HEADER_SECRET on the Go API to the same value (rotate both together with `fly secrets set --stage`, then deploy), and check that the proxy clock is within 300 s of the Go API clock.',
        location: SECRETS_REFERENCE,
      },
    },
    async (ctx) => {
      const user = await ctx.user('sec-tenant-proxy-secret');
      // The verifier's own secret must be the Go API's, or a refusal below would prove nothing about the proxy.
      await requireControl(ctx, user);
      let mcp: McpSession;
      try {
        mcp = await ctx.mcp(user);
      } catch (error) {
        return ctx.skip(`untestable: could not open an MCP session: ${error instanceof Error ? error.message : String(error)}`);
      }
      const outcome = await mcp.call(TOOL, { limit: 1 }, `${TOOL} as a fresh user`);
      ctx.metric('toolError', outcome.isError);
      if (!outcome.isError) return;
      if (refusedTenantHeaders(outcome)) {
        throw new CheckFailure(
          `${SECRET_MISMATCH} (${TOOL} answered: ${outcome.text.slice(0, 200)}; the verifier's own tenant headers, signed with the configured TENANT_HEADER_SECRET, were accepted by the Go API; a proxy clock more than 300 s off the Go API's gives the same refusal)`,
        );
      }
      return ctx.skip(`untestable: ${TOOL} failed for a reason other than the tenant headers: ${outcome.text.slice(0, 200)}`);
    },
  ),
]);
