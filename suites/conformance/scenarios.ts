/**
 * The pinned conformance suite's server scenarios, sorted for a stateless, tools-only proxy: the ones that apply
 * (with the checks each reports) and the others, each with the reason it does not apply. A scenario the suite
 * lists and this table does not (a newer suite) fails MCPCONF-SCENARIOS until it is sorted here.
 */
import type { Severity } from '../../framework/model/types.js';

export interface ConformanceCheckSpec {
  /** the suite's id for the check */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly references: readonly { readonly id: string; readonly url: string }[];
}

const SPEC = 'https://modelcontextprotocol.io/specification';
const REBINDING_REFERENCES = [
  { id: 'MCP-DNS-Rebinding-Protection', url: `${SPEC}/2025-11-25/basic/security_best_practices#local-mcp-server-compromise` },
  { id: 'MCP-Transport-Security', url: `${SPEC}/2025-11-25/basic/transports#security-warning` },
];

export const APPLICABLE_SCENARIOS: ReadonlyMap<string, readonly ConformanceCheckSpec[]> = new Map([
  [
    'server-initialize',
    [{ id: 'server-initialize', title: 'initialize answers with a valid structure', severity: 'high', references: [{ id: 'MCP-Initialize', url: `${SPEC}/2025-06-18/basic/lifecycle#initialization` }] }],
  ],
  ['ping', [{ id: 'ping', title: 'ping answers with an empty result', severity: 'medium', references: [{ id: 'MCP-Ping', url: `${SPEC}/2025-06-18/basic/utilities/ping` }] }]],
  ['tools-list', [{ id: 'tools-list', title: 'tools/list lists tools with a valid structure', severity: 'high', references: [{ id: 'MCP-Tools-List', url: `${SPEC}/2025-06-18/server/tools#listing-tools` }] }]],
  [
    'dns-rebinding-protection',
    [
      { id: 'localhost-host-rebinding-rejected', title: 'a foreign Host and Origin are refused with a 4xx', severity: 'high', references: REBINDING_REFERENCES },
      { id: 'localhost-host-valid-accepted', title: "the server's own Host and Origin are accepted", severity: 'medium', references: REBINDING_REFERENCES },
    ],
  ],
]);

const REFERENCE_TOOLS = "calls one of the reference server's test tools (test_simple_text, test_image_content …), which a ToolBridge proxy does not have";

export const NOT_APPLICABLE_SCENARIOS: ReadonlyMap<string, string> = new Map([
  ['logging-set-level', 'needs the logging capability; the proxy declares tools only'],
  ['completion-complete', 'needs the completions capability; the proxy declares tools only'],
  ...['tools-call-simple-text', 'tools-call-image', 'tools-call-audio', 'tools-call-embedded-resource', 'tools-call-mixed-content', 'tools-call-with-logging', 'tools-call-error', 'tools-call-with-progress', 'tools-call-sampling', 'tools-call-elicitation', 'json-schema-2020-12', 'elicitation-sep1034-defaults', 'elicitation-sep1330-enums'].map(
    (scenario) => [scenario, REFERENCE_TOOLS] as const,
  ),
  ['server-sse-polling', 'needs sessions and server-initiated SSE streams; the proxy is stateless (no Mcp-Session-Id, no GET stream)'],
  ['server-sse-multiple-streams', 'needs sessions and server-initiated SSE streams; the proxy is stateless (no Mcp-Session-Id, no GET stream)'],
  ...['resources-list', 'resources-read-text', 'resources-read-binary', 'resources-templates-read', 'resources-subscribe', 'resources-unsubscribe'].map(
    (scenario) => [scenario, 'needs the resources capability; the proxy declares tools only'] as const,
  ),
  ...['prompts-list', 'prompts-get-simple', 'prompts-get-with-args', 'prompts-get-embedded-resource', 'prompts-get-with-image'].map(
    (scenario) => [scenario, 'needs the prompts capability; the proxy declares tools only'] as const,
  ),
]);
