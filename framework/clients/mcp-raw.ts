/**
 * One raw JSON-RPC request to a proxy's MCP endpoint, over the transport detected for the run, for probes the SDK
 * client cannot send (no token, forged tokens, odd headers). Streamable HTTP: a single POST. HTTP+SSE: open the
 * event stream, read the `endpoint` event, initialize, POST the request to the message endpoint and read its answer
 * from the stream; every step carries the probe's headers, and the first refusal is the answer.
 *
 * The exchange a check sees is the refusal (status, headers, body) or, when every step was accepted, the last
 * POST's status and headers with the JSON-RPC answer as body, so `2xx` means "processed" on either transport.
 */
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { fetch, type Dispatcher } from 'undici';
import { exchangeOf, httpRequest, type HttpExchange, type Recorder } from './http.js';
import type { McpEndpoint } from '../model/mcp-endpoint.js';

export interface McpRawRequest {
  /** the JSON-RPC request (an object with an id) */
  readonly message: Record<string, unknown>;
  /** sent on every request of the exchange (Authorization among them, or absent for "no token") */
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly label: string;
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export function rpc(method: string, params?: Record<string, unknown>, id: number | string = 1): Record<string, unknown> {
  return { jsonrpc: '2.0', id, method, ...(params ? { params } : {}) };
}

/** `initialize`, as every probe of this suite sends it: answered by any MCP server, touching no user data. */
export function initializeRequest(id: number | string = 1): Record<string, unknown> {
  return rpc('initialize', { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'toolbridge-verify probe', version: '0.1.0' } }, id);
}

/** The JSON-RPC message of a response: a JSON body, or the first `data:` event of an SSE body. */
export function rpcMessage(response: HttpExchange): Record<string, unknown> | undefined {
  const type = response.header('content-type') ?? '';
  const candidates = type.includes('text/event-stream')
    ? response.text.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim())
    : [response.text];
  for (const candidate of candidates) {
    try {
      const parsed: unknown = JSON.parse(candidate);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // not JSON: try the next event
    }
  }
  return undefined;
}

/** tools/list answered with a tool list: the request was processed (on either transport). */
export function listsTools(response: HttpExchange): boolean {
  const result = rpcMessage(response)?.result as { tools?: unknown } | undefined;
  return response.status >= 200 && response.status < 300 && Array.isArray(result?.tools);
}

export function withQuery(url: string, query: McpRawRequest['query']): string {
  if (!query) return url;
  const target = new URL(url);
  for (const [name, value] of Object.entries(query)) target.searchParams.set(name, value);
  return target.toString();
}

export async function mcpRawRequest(recorder: Recorder, endpoint: McpEndpoint, request: McpRawRequest): Promise<HttpExchange> {
  if (endpoint.transport === 'http') {
    return httpRequest(recorder, {
      method: 'POST',
      url: withQuery(endpoint.url, request.query),
      headers: { accept: 'application/json, text/event-stream', ...request.headers },
      body: request.message,
      label: request.label,
      timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }
  return sseExchange(recorder, endpoint.url, request);
}

interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/** Reads server-sent events from a response body as they arrive. */
class EventReader {
  private buffer = '';
  private readonly events: SseEvent[] = [];
  private readonly decoder = new TextDecoder();
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  async next(deadline: number): Promise<SseEvent | undefined> {
    while (this.events.length === 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return undefined;
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([
        this.reader.read(),
        new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), remaining);
        }),
      ]).finally(() => clearTimeout(timer));
      if (chunk === 'timeout' || chunk.done) return undefined;
      this.buffer += this.decoder.decode(chunk.value, { stream: true }).replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const lines = block.split('\n');
        const event = lines.find((l) => l.startsWith('event:'))?.slice(6).trim() ?? 'message';
        const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
        if (data !== '' || event !== 'message') this.events.push({ event, data });
      }
    }
    return this.events.shift();
  }

  close(): void {
    void this.reader.cancel().catch(() => undefined);
  }
}

interface OpenStream {
  readonly reader: EventReader;
  readonly messageUrl: string;
}

/** GET the event stream and read its `endpoint` event; a refusal (or a stream without one) comes back as the exchange. */
async function openStream(recorder: Recorder, url: string, headers: Readonly<Record<string, string>>, label: string, signal: AbortSignal, deadline: number): Promise<OpenStream | HttpExchange> {
  const { redactor } = recorder;
  const startedAt = performance.now();
  const requestEvidence = { method: 'GET', url: redactor.text(url), headers: redactor.headers({ accept: 'text/event-stream', ...headers }) };
  const stream = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal,
    ...(recorder.dispatcher ? { dispatcher: recorder.dispatcher as Dispatcher } : {}),
  });
  const streamHeaders: Record<string, string> = {};
  stream.headers.forEach((value, name) => {
    streamHeaders[name] = value;
  });
  const durationMs = Math.round((performance.now() - startedAt) * 10) / 10;
  const record = (status: number, body: string) =>
    recorder.record({
      kind: 'http',
      label: `${label} (GET the event stream)`,
      request: requestEvidence,
      response: { status, headers: redactor.headers(streamHeaders), body: redactor.text(body.slice(0, 2000)), durationMs },
    });
  if (stream.status !== 200 || !(streamHeaders['content-type'] ?? '').includes('text/event-stream') || !stream.body) {
    const text = await stream.text();
    record(stream.status, text);
    return exchangeOf(stream.status, streamHeaders, text, durationMs);
  }
  const reader = new EventReader(stream.body as ReadableStream<Uint8Array>);
  const first = await reader.next(deadline);
  record(200, first ? `event: ${first.event}\ndata: ${first.data}` : '(no event)');
  if (first?.event !== 'endpoint') {
    reader.close();
    return exchangeOf(502, streamHeaders, `the event stream's first event is not "endpoint": ${JSON.stringify(first ?? null)}`, durationMs);
  }
  return { reader, messageUrl: new URL(first.data, url).toString() };
}

/** An open HTTP+SSE event stream: the message endpoint it named, until closed. */
export interface SseStream {
  readonly messageUrl: string;
  close(): void;
}

/** Opens an event stream and reads the message endpoint it names; a refusal comes back as the exchange. */
export async function openSseStream(recorder: Recorder, sseUrl: string, headers: Readonly<Record<string, string>>, label: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<SseStream | HttpExchange> {
  const abort = new AbortController();
  const opened = await openStream(recorder, sseUrl, headers, label, abort.signal, Date.now() + timeoutMs).catch((error: unknown) => {
    abort.abort();
    throw error;
  });
  if ('status' in opened) {
    abort.abort();
    return opened;
  }
  return {
    messageUrl: opened.messageUrl,
    close: () => {
      opened.reader.close();
      abort.abort();
    },
  };
}

async function sseExchange(recorder: Recorder, sseUrl: string, request: McpRawRequest): Promise<HttpExchange> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const headers = { ...request.headers };
  const { redactor } = recorder;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new DOMException('the SSE exchange timed out', 'TimeoutError')), timeoutMs);
  const startedAt = performance.now();
  let reader: EventReader | undefined;
  try {
    const opened = await openStream(recorder, withQuery(sseUrl, request.query), headers, request.label, abort.signal, deadline);
    if ('status' in opened) return opened;
    reader = opened.reader;
    const post = (message: Record<string, unknown>, label: string) =>
      httpRequest(recorder, {
        method: 'POST',
        url: opened.messageUrl,
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(message),
        label: `${request.label} (${label})`,
        timeoutMs: Math.max(1, deadline - Date.now()),
      });
    const answerTo = async (id: unknown): Promise<string | undefined> => {
      for (let event = await reader!.next(deadline); event; event = await reader!.next(deadline)) {
        if (event.event !== 'message') continue;
        try {
          if ((JSON.parse(event.data) as { id?: unknown }).id === id) return event.data;
        } catch {
          // not JSON: keep reading
        }
      }
      return undefined;
    };
    const initId = '__tbv_init__';
    const init = await post(initializeRequest(initId), 'initialize');
    if (init.status < 200 || init.status >= 300) return init;
    if ((await answerTo(initId)) === undefined) return exchangeOf(504, init.headers, 'no answer to initialize on the event stream', init.durationMs);
    const initialized = await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, 'notifications/initialized');
    if (initialized.status < 200 || initialized.status >= 300) return initialized;
    const sent = await post(request.message, String(request.message.method ?? 'request'));
    if (sent.status < 200 || sent.status >= 300) return sent;
    const answer = await answerTo(request.message.id);
    recorder.record({ kind: 'note', text: redactor.text(`${request.label}: answer on the event stream: ${answer ?? '(none before the timeout)'}`.slice(0, 2000)) });
    if (answer === undefined) return exchangeOf(504, sent.headers, 'no answer on the event stream', sent.durationMs);
    return exchangeOf(sent.status, sent.headers, answer, Math.round((performance.now() - startedAt) * 10) / 10);
  } finally {
    clearTimeout(timer);
    reader?.close();
    abort.abort();
  }
}
