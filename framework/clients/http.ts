/**
 * HTTP for checks: every exchange is recorded as (redacted) evidence.
 */
import { request as plainRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { fetch, type Dispatcher } from 'undici';
import type { HttpEvidence } from '../model/types.js';
import { trustedCas } from '../target/dispatcher.js';
import type { Redactor } from '../evidence/redact.js';

export interface Recorder {
  readonly redactor: Redactor;
  /** how to reach the target (e.g. trusting its CA); the default dispatcher when absent */
  readonly dispatcher?: Dispatcher | undefined;
  /** an extra CA the target's TLS endpoint is signed by (the local edge's), for requests made without the dispatcher */
  readonly caCertPem?: string | undefined;
  /** the default timeout of each request (DEFAULT_REQUEST_TIMEOUT_MS when absent) */
  readonly requestTimeoutMs?: number;
  record(evidence: HttpEvidence | import('../model/types.js').ToolEvidence | import('../model/types.js').NoteEvidence): void;
}

export interface HttpRequest {
  readonly method?: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON-encoded when not a string */
  readonly body?: unknown;
  readonly label?: string;
  readonly timeoutMs?: number;
  readonly dispatcher?: Dispatcher;
  /** do not follow redirects (default: manual, so checks see 3xx) */
  readonly redirect?: 'manual' | 'follow';
}

export interface HttpExchange {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  readonly durationMs: number;
  header(name: string): string | undefined;
  json<T = unknown>(): T;
}

/** An answer as checks see it; `headers` are keyed in lower case. */
export function exchangeOf(status: number, headers: Readonly<Record<string, string>>, text: string, durationMs: number): HttpExchange {
  return { status, headers, text, durationMs, header: (name) => headers[name.toLowerCase()], json: <T>() => JSON.parse(text) as T };
}

/** Each request of a check, unless the check or --request-timeout says otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

interface Outgoing {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly redirect: 'manual' | 'follow';
  readonly signal: AbortSignal;
  readonly dispatcher: Dispatcher | undefined;
}

interface Incoming {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
}

async function sendWithFetch(url: string, out: Outgoing): Promise<Incoming> {
  const { dispatcher, ...init } = out;
  const response = await fetch(url, { ...init, ...(dispatcher ? { dispatcher } : {}) });
  const text = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: response.status, headers, text };
}

/**
 * fetch() sends the URL's host whatever the headers say, and undici takes a Host header as the TLS server name too.
 * Probes of Host handling (DNS rebinding) need the forged Host on a connection to the real host, with the real
 * host's name in the TLS handshake: node's own client, told both apart.
 */
function sendWithHost(url: string, out: Outgoing, caCertPem: string | undefined): Promise<Incoming> {
  const target = new URL(url);
  const hostname = target.hostname.replace(/^\[|\]$/g, '');
  const secure = target.protocol === 'https:';
  const options = {
    hostname,
    port: target.port || (secure ? 443 : 80),
    path: `${target.pathname}${target.search}`,
    method: out.method,
    headers: out.headers,
    signal: out.signal,
    agent: false as const,
    ...(secure ? { servername: isIP(hostname) ? '' : hostname, ...(caCertPem ? { ca: trustedCas(caCertPem) } : {}) } : {}),
  };
  return new Promise<Incoming>((resolve, reject) => {
    const request = (secure ? httpsRequest : plainRequest)(options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        resolve({ status: response.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.once('error', reject);
    request.end(out.body);
  });
}

const MAX_BODY = 2000;
const clip = (text: string) => (text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}… (${text.length} chars)` : text);

export async function httpRequest(recorder: Recorder, request: HttpRequest): Promise<HttpExchange> {
  const method = request.method ?? 'GET';
  const headers: Record<string, string> = { ...request.headers };
  let body: string | undefined;
  if (request.body !== undefined) {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    if (typeof request.body !== 'string' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
  }
  const { redactor } = recorder;
  const requestEvidence = {
    method,
    url: redactor.text(request.url),
    headers: redactor.headers(headers),
    ...(body !== undefined ? { body: clip(redactor.text(body)) } : {}),
  };
  const startedAt = performance.now();
  try {
    const dispatcher = request.dispatcher ?? recorder.dispatcher;
    const signal = AbortSignal.timeout(request.timeoutMs ?? recorder.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    const outgoing: Outgoing = { method, headers, body, redirect: request.redirect ?? 'manual', signal, dispatcher };
    const forgedHost = Object.keys(headers).some((h) => h.toLowerCase() === 'host');
    const response = forgedHost ? await sendWithHost(request.url, outgoing, recorder.caCertPem) : await sendWithFetch(request.url, outgoing);
    const { text, headers: responseHeaders } = response;
    const durationMs = Math.round((performance.now() - startedAt) * 10) / 10;
    recorder.record({
      kind: 'http',
      ...(request.label ? { label: request.label } : {}),
      request: requestEvidence,
      response: { status: response.status, headers: redactor.headers(responseHeaders), body: clip(redactor.text(text)), durationMs },
    });
    return exchangeOf(response.status, responseHeaders, text, durationMs);
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    recorder.record({ kind: 'http', ...(request.label ? { label: request.label } : {}), request: requestEvidence, error: redactor.text(cause) });
    throw error;
  }
}
