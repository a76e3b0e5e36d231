/**
 * Is the proxy OAuth-discoverable (MCP authorization, RFC 9728)? A proxy with an authorization server publishes
 * protected-resource metadata and points its 401 challenge at it; a proxy without one (a shared HS256 secret, tokens
 * handed out of band) publishes no metadata and sends a plain Bearer challenge. Both are correct; anything in between
 * (metadata without a pointer, a pointer to nothing, metadata that names no authorization server) is not.
 */
import type { CheckContext } from '../../framework/checks/context.js';
import type { HttpExchange } from '../../framework/clients/http.js';

export const METADATA_PATH = '/.well-known/oauth-protected-resource';

/** Statuses that say "no such document": the proxy does not publish metadata. */
const ABSENT = new Set([404, 410]);

export interface Discovery {
  /** GET <proxy>/.well-known/oauth-protected-resource */
  readonly metadata: HttpExchange;
  /** true: the document is served; false: the proxy says it has none; undefined: neither (an error) */
  readonly published: boolean | undefined;
}

export async function fetchMetadata(ctx: CheckContext): Promise<Discovery> {
  const metadata = await ctx.http({ url: `${ctx.target.proxyUrl}${METADATA_PATH}`, label: 'protected-resource metadata' });
  const published = metadata.status === 200 ? true : ABSENT.has(metadata.status) ? false : undefined;
  return { metadata, published };
}

export const NOT_DISCOVERABLE =
  'the proxy is not OAuth-discoverable: it publishes no protected-resource metadata and its 401 is a plain Bearer ' +
  'challenge, so MCP clients cannot find an authorization server and need a token obtained out of band (configure ' +
  'TOOLBRIDGE_AUTHORIZATION_SERVERS, or an https TOOLBRIDGE_JWT_ISSUER, to make it discoverable)';
