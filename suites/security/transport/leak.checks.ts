/**
 * Internal details stay inside (contract §16.21: upstream's health_check handed every caller the tenant id and the
 * internal Go base URL; upstream tool errors quoted the full Go request URL). Everything an MCP client can make the
 * proxy say is collected — initialize, tools/list, health-style tools, and tool errors of every kind — and
 * searched for the Go API's address, the tenant id, shared secrets and private-network URLs.
 */
import { randomUUID } from 'node:crypto';
import { ENTITIES } from '../../../contract/entities.js';
import { CheckFailure } from '../../../framework/model/assert.js';
import { catalogue, defineCheck } from '../../../framework/checks/define.js';
import { createArgs } from '../../../fixtures/clients/sample-args.js';
import { toolName } from '../../../contract/tools.js';
import { leakFinders } from './lib/leaks.js';
import { initializeRequest, listsTools, mcpCall, rpc, rpcMessage, validToken } from './lib/mcp-http.js';
import { PROXY_RESULTS } from './lib/meta.js';
import { snippet } from '../../shared/text.js';

const root = ENTITIES.find((e) => !e.parent)!;
const child = ENTITIES.find((e) => e.parent)!;

/** Tool calls that fail in every way a caller can provoke: Go 404, Go 500, argument error, unknown tool. */
function provocations(): { label: string; name: string; args: Record<string, unknown> }[] {
  return [
    { label: `${toolName(root, 'get')} of a uid that does not exist (Go 404)`, name: toolName(root, 'get'), args: { uid: randomUUID() } },
    {
      label: `${toolName(child, 'create')} with a parent that does not exist (Go 500)`,
      name: toolName(child, 'create'),
      args: createArgs(child, randomUUID(), 'leak probe'),
    },
    { label: `${toolName(root, 'get')} with an invalid uid (argument error)`, name: toolName(root, 'get'), args: { uid: 'not-a-uuid' } },
    { label: 'an unknown tool (protocol error)', name: 'tbv_no_such_tool', args: {} },
  ];
}

export const leakChecks = catalogue([
  defineCheck(
    {
      id: 'SEC-TRANSPORT-INTERNAL-LEAK',
      title: 'The proxy does not disclose the Go API address, tenant id or secrets to MCP clients',
      area: 'security/transport',
      severity: 'medium',
      requirement: 'contract §16.21 (health_check leaked the tenant id and Go base URL), §15.2 (tool errors quoted the Go URL)',
      expected:
        'initialize, tools/list, any health-style tool and tool errors (Go 404, Go 500, invalid argument, unknown tool) mention neither the Go API base URL or host, nor the tenant id, nor a secret, nor any private-network URL',
      rationale:
        "the Go API's address and the tenant id are what an attacker needs to go around the proxy; every MCP caller, including one steered by a prompt injection, should learn nothing about the deployment's inside",
      security: {
        score: 5.3,
        cwe: 'CWE-200',
        remediation:
          "Word tool errors from the Go status, Go's error text and the correlation id only; offer no tool that reports configuration; keep the Go base URL and tenant id in logs.",
        location: PROXY_RESULTS,
      },
    },
    async (ctx) => {
      const token = await validToken(ctx, 'transport-leak');
      const said: { source: string; text: string }[] = [];
      const ask = async (source: string, body: Record<string, unknown>) => {
        const response = await mcpCall(ctx, { body, token, label: source });
        said.push({ source, text: response.text });
        return response;
      };
      await ask('initialize', initializeRequest());
      const list = await ask('tools/list', rpc('tools/list'));
      if (!listsTools(list)) ctx.skip(`untestable: tools/list answered ${list.status} ${snippet(list.text)}`);
      const names = ((rpcMessage(list)?.result as { tools: { name?: unknown }[] }).tools ?? []).map((t) => String(t.name));
      const healthTools = names.filter((name) => /health|status|config|info/i.test(name));
      if (healthTools.length > 0) ctx.note(`tools that may report configuration, called with no arguments: ${healthTools.join(', ')}`);
      for (const name of healthTools) await ask(`${name} (no arguments)`, rpc('tools/call', { name, arguments: {} }));
      for (const call of provocations()) await ask(call.label, rpc('tools/call', { name: call.name, arguments: call.args }));

      const finders = leakFinders(ctx.target);
      const leaks: string[] = [];
      for (const { source, text } of said) {
        // one line per answer; a finding inside one already named (the host inside the URL) is not repeated
        const named: { what: string; value: string }[] = [];
        for (const finder of finders) {
          const value = finder.find(text);
          if (value && !named.some((n) => n.value.includes(value))) named.push({ what: finder.what, value });
        }
        const shown = named.map((n) => `${n.what} ${n.what === 'a shared secret' ? '(value withheld)' : JSON.stringify(n.value)}`);
        if (shown.length > 0) leaks.push(`${source} discloses ${shown.join(', ')}`);
      }
      if (leaks.length > 0) throw new CheckFailure(`the proxy tells MCP clients about its inside: ${leaks.join('; ')}`);
    },
  ),
]);
