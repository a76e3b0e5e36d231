/**
 * Representative HTTPS answers of the proxy, read without credentials: the liveness document, a 404, and the 401
 * challenge of /mcp (the answer every MCP client sees first). The header checks judge each of them.
 */
import type { CheckContext } from '../../../../framework/checks/context.js';
import type { HttpExchange } from '../../../../framework/clients/http.js';
import type { HttpsEndpoints } from './endpoints.js';
import { inspectionDispatcher } from './inspection-dispatcher.js';

export interface Sample {
  readonly label: string;
  readonly response: HttpExchange;
}

const SAMPLES = [
  { label: 'GET / (liveness)', method: 'GET', path: '/' },
  { label: 'GET of an unknown path (404)', method: 'GET', path: '/tbv-no-such-path' },
  {
    label: 'POST /mcp without a token (401)',
    method: 'POST',
    path: '/mcp',
    headers: { accept: 'application/json, text/event-stream' },
    body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
  },
] as const;

export async function httpsSamples(ctx: CheckContext, endpoints: HttpsEndpoints): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const sample of SAMPLES) {
    const response = await ctx.http({
      method: sample.method,
      url: endpoints.httpsAt(sample.path),
      ...('headers' in sample ? { headers: sample.headers, body: sample.body } : {}),
      label: `HTTPS ${sample.label}`,
      dispatcher: inspectionDispatcher(),
    });
    samples.push({ label: sample.label, response });
  }
  return samples;
}

export const isJson = (response: HttpExchange): boolean => /^application\/([\w.+-]+\+)?json\b/i.test(response.header('content-type') ?? '');
