/**
 * One raw HTTP exchange, byte for byte as the case describes it: any method, the path exactly as written (no URL
 * normalisation), any headers and any body. undici would normalise some of these away, so node:http is used.
 */
import { Agent, request } from 'node:http';
import { exchangeRaw } from '../framework/clients/raw-socket.js';

export interface RawRequest {
  readonly method: string;
  /** the request target exactly as sent, query included */
  readonly path: string;
  /** an array sends the header once per value */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string | undefined;
  /** bytes to send as they are instead (see RequestSpec.wire) */
  readonly wire?: string;
}

export interface RawResponse {
  readonly status: number;
  /** the reason phrase of the status line (Go puts details there, e.g. "Bad Request: missing required Host header") */
  readonly reason?: string;
  /** lower-cased header names; repeated headers joined with ", " */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

export function send(baseUrl: string, raw: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
  const base = new URL(baseUrl);
  if (base.protocol !== 'http:') return Promise.reject(new Error(`only http:// base URLs are supported (got ${baseUrl})`));
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = Object.fromEntries(Object.entries(raw.headers).map(([k, v]) => [k, typeof v === 'string' ? v : [...v]]));
    if (raw.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(raw.body));
    const req = request(
      { agent, host: base.hostname, port: base.port || 80, method: raw.method, path: `${base.pathname.replace(/\/$/, '')}${raw.path}`, headers, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const out: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(raw.body);
  });
}

export function closeConnections(): void {
  agent.destroy();
}

/** The response as far as it has arrived: complete once the headers and the body they announce are in. */
function parseWire(bytes: Buffer): RawResponse | undefined {
  // interim 1xx answers (100 Continue) precede the real one
  const text = bytes.toString('latin1').replace(/^(HTTP\/\d\.\d 1\d\d[^\r]*\r\n(?:[^\r]+\r\n)*\r\n)+/, '');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const match = /^HTTP\/\d\.\d (\d{3}) ?(.*)$/.exec(statusLine);
  if (!match) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let body = text.slice(end + 4);
  if (headers['transfer-encoding'] === 'chunked') {
    if (!body.endsWith('0\r\n\r\n')) return undefined;
    let decoded = '';
    for (let at = 0; ; ) {
      const lineEnd = body.indexOf('\r\n', at);
      const size = parseInt(body.slice(at, lineEnd), 16);
      if (!size) break;
      decoded += body.slice(lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 4 + size;
    }
    body = decoded;
  } else if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (body.length < length) return undefined;
    body = body.slice(0, length); // a pipelined answer may follow
  }
  return { status: Number(match[1]), reason: match[2] ?? '', headers, body: Buffer.from(body, 'latin1').toString('utf8') };
}

/**
 * Bytes exactly as given, on a fresh connection: for requests no HTTP client would send. The answer is read until it
 * is complete, the server closes, or the connection goes quiet.
 */
export async function sendWire(baseUrl: string, bytes: string, quietMs = 3_000): Promise<RawResponse> {
  const received = await exchangeRaw(baseUrl, bytes, { quietMs, complete: (sofar) => parseWire(sofar) !== undefined });
  const parsed = parseWire(received);
  if (parsed) return parsed;
  if (received.length === 0) return { status: 0, reason: 'connection closed without an answer', headers: {}, body: '' };
  throw new Error(`unparsable answer: ${received.toString('latin1').slice(0, 120)}`);
}
