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
  const publicUrl = stack.publicUrl;
  return {
    name: 'local',
    proxyUrl: publicUrl,
    mcpUrl: `${publicUrl}/mcp`,
    goApiUrl: stack.goApiUrl,
    tenantId: stack.secrets.tenantId,
    tenantSecret: stack.secrets.tenantSecret,
    jwt: stack.jwks
      ? { kind: 'rs256', privateKeyPem: stack.jwks.privateKeyPem, kid: stack.jwks.kid }
      : { kind: 'hs256', secret: stack.secrets.jwtSecret },
    issuer: stack.secrets.issuer,
    audience: stack.secrets.audience,
    runId,
    local: true,
    ...(stack.edge ? { httpUrl: stack.edge.httpUrl, caCertPem: stack.edge.caPem } : {}),
  };
}

/** The local stack as users of a deployment see it: the proxy behind a TLS edge (unless `edge: false`). */
export async function startLocalTarget(runId: string, options: LocalStackOptions = {}): Promise<LocalTarget> {
  const stack = await startLocalStack({ edge: true, ...options });
  return { spec: localSpec(stack, runId), stack, close: () => stack.close() };
}
