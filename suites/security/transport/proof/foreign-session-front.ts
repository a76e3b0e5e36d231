/**
 * A defective HTTP+SSE front for the proofs: it passes everything through to an SSE MCP server, but a message POSTed
 * with a session id the server never issued (or whose stream has ended) is delivered to the most recent live stream
 * instead of being refused: a message endpoint that accepts a foreign session id. Test-only; never shipped.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Front {
  readonly url: string;
  close(): Promise<void>;
}

const ISSUED = /session_id=([0-9a-zA-Z_-]+)/;

export async function startForeignSessionFront(upstreamUrl: string): Promise<Front> {
  const upstream = new URL(upstreamUrl);
  const live: string[] = [];
  const forward = (incoming: IncomingMessage, path: string, onResponse: (response: IncomingMessage) => void) => {
    const outgoing = request({ host: upstream.hostname, port: upstream.port, method: incoming.method, path, headers: { ...incoming.headers, host: upstream.host } }, onResponse);
    outgoing.on('error', () => incoming.socket.destroy());
    incoming.pipe(outgoing);
  };
  const server: Server = createServer((incoming, outgoing) => {
    const url = new URL(incoming.url ?? '/', 'http://front');
    const sessionId = url.searchParams.get('session_id');
    if (incoming.method === 'POST' && url.searchParams.has('session_id') && !live.includes(sessionId ?? '') && live.length > 0) {
      url.searchParams.set('session_id', live[live.length - 1]!);
    }
    forward(incoming, `${url.pathname}${url.search}`, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      let issued: string | undefined;
      response.on('data', (chunk: Buffer) => {
        const found = issued === undefined ? ISSUED.exec(chunk.toString()) : null;
        if (found) {
          issued = found[1]!;
          live.push(issued);
        }
      });
      const ended = () => {
        if (issued) live.splice(live.indexOf(issued), 1);
      };
      response.once('close', ended);
      outgoing.once('close', () => {
        ended();
        response.destroy();
      });
      response.pipe(outgoing);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
