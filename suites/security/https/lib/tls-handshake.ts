/**
 * One TLS handshake against the target, with every byte recorded in both directions, so a check can show which
 * versions its ClientHello offered and what the server answered. The certificate is never judged here (no
 * rejection, no host check): the certificate checks inspect it themselves, and the version checks ignore it.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { connect as tlsConnect, type DetailedPeerCertificate, type SecureVersion } from 'node:tls';

export interface HandshakeRequest {
  readonly host: string;
  readonly port: number;
  readonly minVersion?: SecureVersion;
  readonly maxVersion?: SecureVersion;
  /** OpenSSL cipher string, e.g. `DEFAULT@SECLEVEL=0` so OpenSSL 3 will offer TLS 1.0/1.1 at all */
  readonly ciphers?: string;
  /** trust anchors; the system roots when absent */
  readonly ca?: readonly string[];
  readonly timeoutMs?: number;
}

interface Wire {
  /** bytes the client sent (its ClientHello first) */
  readonly sent: Buffer;
  /** bytes the server sent (its ServerHello or alert first) */
  readonly received: Buffer;
}

export type HandshakeOutcome =
  | (Wire & {
      readonly kind: 'completed';
      readonly protocol: string;
      readonly cipher: string;
      /** chain trusted and within its validity period (the host name is not part of this) */
      readonly authorized: boolean;
      readonly authorizationError: string | undefined;
      readonly certificate: DetailedPeerCertificate;
    })
  | (Wire & { readonly kind: 'failed'; readonly error: string; readonly code: string | undefined })
  | { readonly kind: 'unreachable'; readonly error: string };

const DEFAULT_TIMEOUT_MS = 10_000;

/** A duplex over the TCP socket that keeps a copy of everything crossing it. */
function recording(raw: Socket, sent: Buffer[], received: Buffer[]): Duplex {
  const duplex = new Duplex({
    write(chunk: Buffer, _encoding, callback) {
      sent.push(chunk);
      raw.write(chunk, callback);
    },
    final(callback) {
      raw.end();
      callback();
    },
    read() {
      raw.resume();
    },
    destroy(error, callback) {
      raw.destroy();
      callback(error);
    },
  });
  raw.on('data', (chunk: Buffer) => {
    received.push(chunk);
    if (!duplex.push(chunk)) raw.pause();
  });
  raw.on('end', () => duplex.push(null));
  raw.on('error', (error) => duplex.destroy(error));
  return duplex;
}

function openTcp(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const raw = netConnect({ host, port });
    const timer = setTimeout(() => raw.destroy(new Error(`TCP connect timed out after ${timeoutMs} ms`)), timeoutMs);
    raw.once('connect', () => {
      clearTimeout(timer);
      resolve(raw);
    });
    raw.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export async function handshake(request: HandshakeRequest): Promise<HandshakeOutcome> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let raw: Socket;
  try {
    raw = await openTcp(request.host, request.port, timeoutMs);
  } catch (error) {
    return { kind: 'unreachable', error: error instanceof Error ? error.message : String(error) };
  }
  const sent: Buffer[] = [];
  const received: Buffer[] = [];
  const wire = () => ({ sent: Buffer.concat(sent), received: Buffer.concat(received) });
  return new Promise((resolve) => {
    const socket = tlsConnect({
      socket: recording(raw, sent, received),
      // SNI carries host names only, never IP literals (RFC 6066 §3)
      ...(isIP(request.host) ? {} : { servername: request.host }),
      ...(request.minVersion ? { minVersion: request.minVersion } : {}),
      ...(request.maxVersion ? { maxVersion: request.maxVersion } : {}),
      ...(request.ciphers ? { ciphers: request.ciphers } : {}),
      ...(request.ca ? { ca: [...request.ca] } : {}),
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });
    let settled = false;
    const finish = (outcome: HandshakeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      raw.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ kind: 'failed', error: `no handshake within ${timeoutMs} ms`, code: 'TIMEOUT', ...wire() }), timeoutMs);
    socket.once('secureConnect', () => {
      const error = socket.authorizationError as unknown;
      finish({
        kind: 'completed',
        protocol: socket.getProtocol() ?? 'unknown',
        cipher: socket.getCipher().name,
        authorized: socket.authorized,
        authorizationError: error === null || error === undefined ? undefined : error instanceof Error ? error.message : String(error),
        certificate: socket.getPeerCertificate(true),
        ...wire(),
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish({ kind: 'failed', error: error.message.trim().split('\n')[0] ?? error.message, code: error.code, ...wire() }),
    );
    socket.once('close', () => finish({ kind: 'failed', error: 'the connection closed during the handshake', code: undefined, ...wire() }));
  });
}
