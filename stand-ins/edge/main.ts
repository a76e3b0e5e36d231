/**
 * `npm run edge`: the TLS edge (Fly's force_https, TLS 1.2–1.3) in front of a proxy started by hand, on loopback,
 * with a throwaway CA whose certificate is written to EDGE_CA_FILE for clients to trust (MCP_CA_CERT for verify).
 *
 *   EDGE_UPSTREAM_URL=http://127.0.0.1:8001 EDGE_CA_FILE=/tmp/edge-ca.pem npm run edge
 *   → https://127.0.0.1:8443 (give the proxy TOOLBRIDGE_PUBLIC_URL=https://127.0.0.1:8443), http://127.0.0.1:8080 redirects
 */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { envConfigOrExit } from '../env-config.js';
import { startTlsEdge } from './tls-edge.js';

const port = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? String(fallback) : v.trim()))
    .pipe(z.string().regex(/^\d+$/, 'must be a port number').transform(Number).pipe(z.number().int().min(0).max(65535)));

const EdgeEnv = z.object({
  EDGE_UPSTREAM_URL: z.url({ protocol: /^http$/, error: 'must be the http:// URL of the proxy behind the edge, e.g. http://127.0.0.1:8001' }),
  EDGE_HTTPS_PORT: port(8443),
  EDGE_HTTP_PORT: port(8080),
  EDGE_CA_FILE: z.string({ error: 'is required: where to write the CA certificate clients must trust' }).min(1, 'is required'),
});

async function main(): Promise<void> {
  const env = envConfigOrExit(EdgeEnv, 'edge');
  const edge = await startTlsEdge(env.EDGE_UPSTREAM_URL, {}, { https: env.EDGE_HTTPS_PORT, http: env.EDGE_HTTP_PORT });
  writeFileSync(env.EDGE_CA_FILE, edge.caPem, { mode: 0o644 });
  process.stdout.write(`${JSON.stringify({ msg: 'TLS edge listening', https: edge.httpsUrl, http: edge.httpUrl, upstream: env.EDGE_UPSTREAM_URL, caFile: env.EDGE_CA_FILE })}\n`);
  const stop = () => void edge.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
