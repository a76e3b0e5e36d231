/**
 * The conformance suite connects without credentials, and its DNS-rebinding scenario needs a loopback URL. This
 * front, on 127.0.0.1, stands in for the target's address: it forwards every request to the target's MCP endpoint
 * with the caller's bearer token added, streaming answers back (SSE included). Its own authority is translated to
 * the target's in Host and Origin, so a request "from localhost" arrives as one from the target itself, while any
 * other Host or Origin (the rebinding attack's evil.example.com) reaches the target unchanged.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Agent, buildConnector, request, type Dispatcher } from 'undici';
import { trustedCas } from '../../framework/target/dispatcher.js';

export interface BearerFront {
  /** the front's URL for the target's MCP endpoint path */
  readonly url: string;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'content-length']);

export function forwardedHeaders(incoming: IncomingHttpHeaders, front: string, target: URL, token: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  out.host = out.host === front ? target.host : (out.host ?? target.host);
  if (out.origin === `http://${front}`) out.origin = target.origin;
  out.authorization ??= `Bearer ${token}`;
  return out;
}

/**
 * TLS to the target always names the target itself: undici would otherwise take the server name from the forwarded
 * Host header (evil.example.com), and the rebinding probe would fail on the certificate instead of reaching the proxy.
 */
function targetAgent(caCertPem: string | undefined): Agent {
  const connector = buildConnector(caCertPem ? { ca: trustedCas(caCertPem) } : {});
  return new Agent({ connect: (options, callback) => connector({ ...options, servername: undefined }, callback) });
}

export async function startBearerFront(targetUrl: string, token: string, caCertPem: string | undefined): Promise<BearerFront> {
  const target = new URL(targetUrl);
  const dispatcher = targetAgent(caCertPem);
  let authority = '';
  const server: Server = createServer((req, res) => {
    const headers = forwardedHeaders(req.headers, authority, target, token);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    request(new URL(req.url ?? '/', target.origin), {
      method: (req.method ?? 'GET') as Dispatcher.HttpMethod,
      headers,
      ...(hasBody ? { body: Readable.from(req) } : {}),
      dispatcher,
    }).then(
      (answer) => {
        const out: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
        res.writeHead(answer.statusCode, out);
        answer.body.pipe(res);
        res.on('close', () => answer.body.destroy());
      },
      (error: Error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`bearer front: ${error.message}`);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  authority = `127.0.0.1:${port}`;
  return {
    url: `http://${authority}${target.pathname}${target.search}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => void dispatcher.close().then(() => resolve()));
      }),
  };
}
