/**
 * Bytes exactly as given, on a fresh TCP connection, for requests no HTTP client would send (a missing Host, a bare
 * LF, a header block too large, conflicting lengths).
 */
import { createConnection } from 'node:net';

export interface RawSocketOptions {
  /** stop reading after this long without a byte */
  readonly quietMs: number;
  /** stop reading as soon as this says the bytes so far are a whole answer (keep-alive servers do not close) */
  readonly complete?: (received: Buffer) => boolean;
}

/** Everything the server writes back before it closes, resets, goes quiet, or `complete` is satisfied. */
export function exchangeRaw(url: string, bytes: string, options: RawSocketOptions): Promise<Buffer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: hostname, port: Number(port || 80) });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(Buffer.concat(chunks));
    };
    socket.setTimeout(options.quietMs, finish);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (options.complete?.(Buffer.concat(chunks))) finish();
    });
    socket.on('close', finish);
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? finish() : reject(error)));
    socket.write(bytes, 'latin1');
  });
}
