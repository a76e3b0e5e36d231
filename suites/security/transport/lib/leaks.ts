/**
 * What must never appear in what the proxy tells an MCP client: the Go API's address, the tenant id, the shared
 * secrets, or any address on a private network.
 */
import type { Target } from '../../../../framework/target/target.js';

export interface LeakFinder {
  /** e.g. "the Go API base URL" */
  readonly what: string;
  find(text: string): string | undefined;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Hosts that only make sense inside the deployment: loopback, private ranges, Fly/Kubernetes/mDNS names, single labels. */
function isInternalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host === '::1' ||
    /^127\./.test(host) ||
    /^10\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host) ||
    /^(fd|fc)[0-9a-f]{2}:/.test(host) ||
    /\.(internal|local|svc|cluster\.local|flycast)$/.test(host) ||
    !host.includes('.')
  );
}

export function leakFinders(target: Target): LeakFinder[] {
  const go = new URL(target.goApiUrl);
  const own = new URL(target.proxyUrl).host;
  const literal = (what: string, value: string | undefined): LeakFinder[] =>
    value ? [{ what, find: (text) => (text.includes(value) ? value : undefined) }] : [];
  const secrets = [target.tenantSecret, target.jwt.kind === 'hs256' ? target.jwt.secret : undefined];
  return [
    ...literal('the Go API base URL', go.origin),
    ...literal('the Go API host', go.host),
    {
      what: 'the tenant id',
      find: (text) => (new RegExp(`(?<![\\w-])${escape(target.tenantId)}(?![\\w-])`).test(text) ? target.tenantId : undefined),
    },
    ...secrets.flatMap((secret) => literal('a shared secret', secret)),
    {
      what: 'an internal URL',
      find: (text) => {
        for (const match of text.matchAll(/\bhttps?:\/\/([^\s"'<>\\/]+)/gi)) {
          const authority = match[1]!;
          if (authority === own || !URL.canParse(`http://${authority}`)) continue;
          if (isInternalHost(new URL(`http://${authority}`).hostname)) return match[0];
        }
        return undefined;
      },
    },
  ];
}
