/**
 * The cleartext probe shared by the redirect checks: a GET on the proxy's http:// twin for a path with a query,
 * redirects not followed, so the check sees exactly what the edge answers.
 */
import { randomUUID } from 'node:crypto';
import type { CheckContext } from '../../../../framework/checks/context.js';
import type { HttpExchange } from '../../../../framework/clients/http.js';
import type { HttpsEndpoints } from './endpoints.js';
import { causeOf } from './errors.js';

/** a real route of the proxy (served without credentials), plus a query that must survive the redirect */
export const PROBE_PATH = '/.well-known/oauth-protected-resource';

export interface CleartextProbe {
  readonly url: URL;
  /** undefined when nothing answers on the cleartext port */
  readonly response: HttpExchange | undefined;
  readonly error: string | undefined;
}

export async function cleartextGet(ctx: CheckContext, endpoints: HttpsEndpoints): Promise<CleartextProbe> {
  const url = new URL(endpoints.cleartextAt(`${PROBE_PATH}?tbv-probe=${randomUUID().slice(0, 8)}`));
  try {
    const response = await ctx.http({ url: url.href, label: 'cleartext GET (redirects not followed)', timeoutMs: 15_000 });
    return { url, response, error: undefined };
  } catch (error) {
    return { url, response: undefined, error: causeOf(error) };
  }
}

const MAX_NOTICE_BYTES = 512;

/**
 * Why a redirect answer carries data it should not, if it does: a redirect may hold a short human-readable notice,
 * never the resource itself (JSON) nor a page of content.
 */
export function bodyDataProblem(response: HttpExchange): string | undefined {
  const bytes = Buffer.byteLength(response.text);
  if (bytes === 0) return undefined;
  const type = response.header('content-type') ?? '';
  if (/json/i.test(type) || /^\s*[[{]/.test(response.text)) return `the redirect carries a JSON body (${bytes} bytes): data served over cleartext`;
  if (bytes > MAX_NOTICE_BYTES) return `the redirect carries a ${bytes}-byte body (more than a ${MAX_NOTICE_BYTES}-byte notice)`;
  return undefined;
}
