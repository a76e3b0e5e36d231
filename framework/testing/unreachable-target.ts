/**
 * A target whose hosts never resolve (`.invalid`, RFC 6761): a check that tries to connect to it ends "could not
 * complete", so tests of what happens without a connection (skips, time limits) see it at once.
 */
import { materializeTarget, type Target } from '../target/target.js';

export function unreachableTarget(name: string, runId: string): Target {
  return materializeTarget({
    name,
    proxyUrl: 'http://toolbridge-mcp.invalid',
    mcpUrl: 'http://toolbridge-mcp.invalid/mcp',
    goApiUrl: 'http://toolbridge-api.invalid',
    tenantId: 't',
    tenantSecret: 's'.repeat(40),
    jwt: { kind: 'hs256', secret: 'k'.repeat(40) },
    issuer: undefined,
    audience: undefined,
    runId,
    local: false,
  });
}
