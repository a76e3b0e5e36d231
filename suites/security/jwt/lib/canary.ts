/**
 * A loopback canary for the `jku` / `x5u` probes: an HTTP listener on 127.0.0.1 that serves the attacker's key set
 * to whoever asks and records every request. A target that fetches it follows URLs from unverified token headers
 * (key injection and SSRF). Only targets on this machine can reach it: a remote target's fetch goes to its own
 * loopback, which the canary cannot see (the 401 assertion still applies).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CanaryHit {
  readonly method: string;
  readonly path: string;
  readonly userAgent: string;
}

export interface Canary {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  hits(): readonly CanaryHit[];
  close(): Promise<void>;
}

export async function startCanary(keySet: unknown): Promise<Canary> {
  const hits: CanaryHit[] = [];
  const body = JSON.stringify(keySet);
  const server: Server = createServer((req, res) => {
    hits.push({ method: req.method ?? '?', path: req.url ?? '/', userAgent: String(req.headers['user-agent'] ?? '') });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => [...hits],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
