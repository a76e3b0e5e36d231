/** The MCP transports a target may speak and where the harness talks MCP to it: names shared by checks, targets and reports. */
export const MCP_TRANSPORT_CHOICES = ['auto', 'http', 'sse'] as const;
export type McpTransportChoice = (typeof MCP_TRANSPORT_CHOICES)[number];
export type McpTransportKind = Exclude<McpTransportChoice, 'auto'>;

export const MCP_TRANSPORT_NAMES: Readonly<Record<McpTransportKind, string>> = { http: 'Streamable HTTP', sse: 'HTTP+SSE' };

/** Where and how the harness talks MCP to the proxy. */
export interface McpEndpoint {
  readonly transport: McpTransportKind;
  readonly url: string;
}

export interface DetectionAttempt {
  readonly transport: McpTransportKind;
  readonly url: string;
  /** what happened: `connected`, or why not */
  readonly outcome: string;
}

/** The server's own name and version (initialize's serverInfo). */
export interface McpServerInfo {
  readonly name: string;
  readonly version: string;
}
