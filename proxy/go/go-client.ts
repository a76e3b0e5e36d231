/**
 * HTTP client for the Go API on an undici keep-alive pool. Every request carries the caller's own bearer token and
 * a freshly signed set of tenant headers.
 */
import { Pool, errors, type Dispatcher } from 'undici';
import { HEADERS } from '../../contract/messages.js';
import { tenantHeaders } from '../../contract/tenant-signature.js';

export interface GoCall {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** path below the base URL, already escaped, e.g. `/v1/notes/<uid>` */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly ifMatch?: number;
}

export interface GoSessionRef {
  readonly id: string;
  readonly epoch: number;
}

export interface GoResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

/** The Go API could not be reached or did not answer in time; never carries a token or the internal URL. */
export class GoUnavailableError extends Error {
  constructor(
    readonly kind: 'timeout' | 'connection' | 'protocol',
    message: string,
  ) {
    super(message);
    this.name = 'GoUnavailableError';
  }
}

export interface GoClientOptions {
  readonly baseUrl: string;
  readonly tenantId: string;
  readonly tenantSecret: string;
  readonly timeoutMs: number;
  readonly connections: number;
  /** a test dispatcher (undici MockAgent); a keep-alive Pool to the base URL otherwise */
  readonly dispatcher?: Dispatcher;
  /** told every request's duration and its status, or why there was none (metrics) */
  readonly observe?: (method: string, seconds: number, outcome: number | GoUnavailableError['kind']) => void;
}

function classify(error: unknown, timeoutMs: number): GoUnavailableError {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError || name === 'TimeoutError' || name === 'AbortError') {
    return new GoUnavailableError('timeout', `the ToolBridge API did not answer within ${timeoutMs} ms`);
  }
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT'].includes(code)) {
    return new GoUnavailableError('connection', `the ToolBridge API is unreachable (${code})`);
  }
  return new GoUnavailableError('protocol', 'the ToolBridge API connection failed');
}

export class GoClient {
  private readonly dispatcher: Dispatcher;
  private readonly origin: string;
  private readonly basePath: string;
  /** Go requests made, for the "one Go request per tool call" measurement */
  requestCount = 0;

  constructor(private readonly options: GoClientOptions) {
    const base = new URL(options.baseUrl);
    this.origin = base.origin;
    this.basePath = base.pathname.replace(/\/+$/, '');
    this.dispatcher =
      options.dispatcher ??
      new Pool(this.origin, {
        connections: options.connections,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 60_000,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
  }

  async send(call: GoCall, token: string, session?: GoSessionRef): Promise<GoResponse> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...tenantHeaders(this.options.tenantId, this.options.tenantSecret),
    };
    if (session) {
      headers[HEADERS.syncSession] = session.id;
      headers[HEADERS.syncEpoch] = String(session.epoch);
    }
    if (call.ifMatch !== undefined) headers[HEADERS.ifMatch] = String(call.ifMatch);
    let body: string | undefined;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['content-type'] = 'application/json';
    }
    const query = call.query && Object.keys(call.query).length > 0 ? `?${new URLSearchParams(call.query)}` : '';
    this.requestCount++;
    // One deadline for the whole exchange, headers and body together. A timer cleared when the exchange ends, not
    // AbortSignal.timeout(): that one keeps the signal, its listeners and through them the request alive for the
    // full timeout after every call (at 250 calls/s and 10 s, 2,500 finished requests held in the old generation).
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException('the Go API did not answer in time', 'TimeoutError')), this.options.timeoutMs);
    const startedAt = performance.now();
    const observe = (outcome: number | GoUnavailableError['kind']) => this.options.observe?.(call.method, (performance.now() - startedAt) / 1000, outcome);
    try {
      const response = await this.dispatcher.request({
        origin: this.origin,
        path: `${this.basePath}${call.path}${query}`,
        method: call.method,
        headers,
        body,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
        signal: deadline.signal,
      });
      const text = await response.body.text();
      observe(response.statusCode);
      return { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      const unavailable = classify(error, this.options.timeoutMs);
      observe(unavailable.kind);
      throw unavailable;
    } finally {
      clearTimeout(timer);
    }
  }

  /** GET /healthz within `timeoutMs`: true when it answers 200 (the body is the Go API's business, not readiness'). */
  async healthy(timeoutMs: number): Promise<boolean> {
    try {
      const response = await this.dispatcher.request({
        origin: this.origin,
        path: `${this.basePath}/healthz`,
        method: 'GET',
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await response.body.dump();
      return response.statusCode === 200;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}
