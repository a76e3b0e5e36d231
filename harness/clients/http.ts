/**
 * HTTP for checks: every exchange is recorded as (redacted) evidence.
 */
import { fetch, type Dispatcher } from 'undici';
import type { HttpEvidence } from '../checks/types.js';
import type { Redactor } from '../evidence/redact.js';

export interface Recorder {
  readonly redactor: Redactor;
  /** how to reach the target (e.g. trusting its CA); the default dispatcher when absent */
  readonly dispatcher?: Dispatcher | undefined;
  record(evidence: HttpEvidence | import('../checks/types.js').ToolEvidence | import('../checks/types.js').NoteEvidence): void;
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
    const response = await fetch(request.url, {
      method,
      headers,
      body,
      redirect: request.redirect ?? 'manual',
      signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
      ...((request.dispatcher ?? recorder.dispatcher) ? { dispatcher: request.dispatcher ?? recorder.dispatcher } : {}),
    });
    const text = await response.text();
    const durationMs = Math.round((performance.now() - startedAt) * 10) / 10;
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name] = value;
    });
    recorder.record({
      kind: 'http',
      ...(request.label ? { label: request.label } : {}),
      request: requestEvidence,
      response: { status: response.status, headers: redactor.headers(responseHeaders), body: clip(redactor.text(text)), durationMs },
    });
    return {
      status: response.status,
      headers: responseHeaders,
      text,
      durationMs,
      header: (name) => responseHeaders[name.toLowerCase()],
      json: <T>() => JSON.parse(text) as T,
    };
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    recorder.record({ kind: 'http', ...(request.label ? { label: request.label } : {}), request: requestEvidence, error: redactor.text(cause) });
    throw error;
  }
}
