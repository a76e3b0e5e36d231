/**
 * `--target local`: boots the stand-in (PGlite) and the proxy in-process on free loopback ports with freshly
 * generated secrets, and describes them as a target. Torn down at the end of the run.
 */
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../fixtures/local-stack/stack.js';
import type { TargetSpec } from './spec.js';

export interface LocalTarget {
  readonly spec: TargetSpec;
  readonly stack: LocalStack;
  close(): Promise<void>;
}

export function localSpec(stack: LocalStack, runId: string): TargetSpec {
  return {
    name: 'local',
    proxyUrl: stack.proxy.url,
    mcpUrl: stack.mcpUrl,
    goApiUrl: stack.goApiUrl,
    tenantId: stack.secrets.tenantId,
    tenantSecret: stack.secrets.tenantSecret,
    jwt: { kind: 'hs256', secret: stack.secrets.jwtSecret },
    issuer: stack.secrets.issuer,
    audience: stack.secrets.audience,
    runId,
    local: true,
  };
}

export async function startLocalTarget(runId: string, options: LocalStackOptions = {}): Promise<LocalTarget> {
  const stack = await startLocalStack(options);
  return { spec: localSpec(stack, runId), stack, close: () => stack.close() };
}
