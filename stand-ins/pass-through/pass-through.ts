/**
 * The limit for a Node proxy: the same HTTP hop to the Go API that the MCP proxy makes, with nothing else. It
 * forwards each request as it came (the caller has already signed the tenant headers) over a keep-alive undici pool
 * sized like the proxy's, reads the answer whole as the proxy must, and returns it. No MCP, no JWT verification, no
 * signing, no JSON: what the proxy costs beyond this is the price of what it does.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool, type Dispatcher } from 'undici';
import { endToEndHeaders } from '../edge/tls-edge.js';

/** Set by the hop to the upstream itself: the upstream's host, and the length of the body undici sends. */
const SET_BY_THE_HOP = new Set(['host', 'content-length']);

export interface PassThrough {
  readonly url: string;
  /** requests forwarded so far */
  readonly forwarded: () => number;
  close(): Promise<void>;
}

export interface PassThroughOptions {
  readonly upstreamUrl: string;
  /** connections to the upstream (the proxy's TOOLBRIDGE_GO_CONNECTIONS default) */
  readonly connections?: number;
  readonly port?: number;
  readonly timeoutMs?: number;
}

function forwardable(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(endToEndHeaders(headers))) {
    if (value !== undefined && !SET_BY_THE_HOP.has(name)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export async function startPassThrough(options: PassThroughOptions): Promise<PassThrough> {
  const upstream = new URL(options.upstreamUrl);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pool = new Pool(upstream.origin, {
    connections: options.connections ?? 64,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  let forwarded = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      forwarded++;
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      pool
        .request({ method: (req.method ?? 'GET') as Dispatcher.HttpMethod, path: req.url ?? '/', headers: forwardable(req.headers), body })
        .then(async (answer) => {
          const payload = Buffer.from(await answer.body.arrayBuffer());
          const type = answer.headers['content-type'];
          res.writeHead(answer.statusCode, { ...(typeof type === 'string' ? { 'content-type': type } : {}), 'content-length': payload.length });
          res.end(payload);
        })
        .catch(() => {
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
          res.end('bad gateway');
        });
    });
  });
  server.keepAliveTimeout = 65_000; // as the proxy's
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwarded: () => forwarded,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}
