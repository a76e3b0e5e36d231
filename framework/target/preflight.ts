/**
 * Can the target be reached at all? A network failure here is exit code 3, not a pile of failed checks.
 */
import { fetch } from 'undici';
import { dispatcherFor } from './dispatcher.js';
import type { TargetSpec } from './spec.js';

export interface Unreachable {
  readonly what: string;
  readonly url: string;
  readonly reason: string;
}

async function probe(what: string, url: string, timeoutMs: number, spec: TargetSpec): Promise<Unreachable | null> {
  try {
    const dispatcher = dispatcherFor(spec);
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual', ...(dispatcher ? { dispatcher } : {}) });
    await response.body?.cancel();
    return null;
  } catch (error) {
    const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : (cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)));
    return { what, url, reason };
  }
}

export async function preflight(spec: TargetSpec, timeoutMs = 15_000): Promise<Unreachable[]> {
  const results = await Promise.all([
    probe('MCP proxy (MCP_BASE_URL)', `${spec.proxyUrl}/`, timeoutMs, spec),
    probe('Go API (GO_API_BASE_URL)', `${spec.goApiUrl}/healthz`, timeoutMs, spec),
  ]);
  return results.filter((r): r is Unreachable => r !== null);
}
