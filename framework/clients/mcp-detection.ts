/**
 * Which MCP transport the target's proxy speaks, found once at the start of a run with a probe-only token
 * (a throwaway subject), so that every check then connects the same way.
 */
import { dispatcherFor } from '../target/dispatcher.js';
import { detectMcpEndpoint, type Detection } from './mcp-transport.js';
import type { TargetSpec } from '../target/spec.js';
import { materializeTarget } from '../target/target.js';

export async function detectTransport(spec: TargetSpec, timeoutMs: number): Promise<Detection> {
  const target = materializeTarget(spec);
  const token = await target.mintToken(target.newSubject('transport-probe'), { expiresInS: 120 });
  return detectMcpEndpoint({
    choice: spec.mcpTransport ?? 'auto',
    mcpUrl: spec.mcpUrl,
    sseUrl: spec.sseUrl ?? `${spec.proxyUrl}/sse`,
    token,
    dispatcher: dispatcherFor(spec),
    timeoutMs,
  });
}

/** The spec with what detection found: every check then connects the same way. */
export function withDetection(spec: TargetSpec, detection: Detection): TargetSpec {
  if (!detection.endpoint) return spec;
  return { ...spec, mcpEndpoint: detection.endpoint, mcpDetection: detection.attempts, ...(detection.server ? { mcpServer: detection.server } : {}) };
}
