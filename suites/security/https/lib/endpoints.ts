/**
 * Where the HTTPS checks point: the proxy's HTTPS origin, its cleartext twin, and the TLS endpoint behind them.
 * A target whose proxy URL is plain http:// cannot be checked: every HTTPS check is skipped, never passed.
 */
import type { CheckContext } from '../../../../framework/checks/context.js';

export interface HttpsEndpoints {
  /** the proxy over HTTPS, e.g. https://toolbridge-mcp-staging.fly.dev */
  readonly https: URL;
  /** the same host over cleartext HTTP (port 80 for a deployment) */
  readonly cleartext: URL;
  /** TLS endpoint: host name or IP literal, and port */
  readonly host: string;
  readonly port: number;
  /** `path` (starting with /) under the proxy URL, over HTTPS */
  httpsAt(path: string): string;
  /** the same URL over cleartext: the cleartext origin, the proxy URL's path prefix, then `path` */
  cleartextAt(path: string): string;
  /** trust anchors for the handshake: the target's own CA (local edge) or, when undefined, Node's default roots (as ctx.http) */
  readonly ca: readonly string[] | undefined;
}

export const NOT_HTTPS =
  'untestable: the proxy is not served over HTTPS (SEC-HTTPS-SERVED says whether that is a failure: it is for any ' +
  'target off loopback)';

export function httpsEndpoints(ctx: CheckContext): HttpsEndpoints {
  const { proxyUrl, httpUrl, caCertPem } = ctx.target;
  const https = new URL(proxyUrl);
  if (https.protocol !== 'https:' || !httpUrl) ctx.skip(`${NOT_HTTPS} (proxy URL ${proxyUrl})`);
  const cleartext = new URL(httpUrl);
  const prefix = https.pathname.replace(/\/+$/, '');
  return {
    https,
    cleartext,
    httpsAt: (path) => `${https.origin}${prefix}${path}`,
    cleartextAt: (path) => `${cleartext.origin}${prefix}${path}`,
    host: https.hostname.replace(/^\[|\]$/g, ''),
    port: Number(https.port || 443),
    ca: caCertPem ? [caCertPem] : undefined,
  };
}
