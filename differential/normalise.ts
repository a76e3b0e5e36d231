/**
 * Makes two servers' answers comparable: values that are random or clock-dependent by design (UUIDs the server
 * mints, session ids, correlation ids, "now" timestamps, opaque cursors built from them) are replaced by stable
 * placeholders; everything a client could rely on is kept verbatim, including timestamps the client supplied.
 *
 * One `Namer` per case and side: the n-th distinct UUID seen (in requests and answers, in order) becomes `<uuid#n>`,
 * so the same story told by two servers normalises to the same text even though their ids differ.
 */
import type { RawResponse } from './exchange.js';

const UUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;
const UUID_ONLY = new RegExp(`^${UUID.source}$`);
const RFC3339 = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;
/** clock readings this close to the wall clock are "now"; further out, up to CLOCK_HORIZON_MS, "now ± whole minutes" */
const NOW_WINDOW_MS = 30_000;
const CLOCK_HORIZON_MS = 48 * 3_600_000;
const CURSOR_TEXT = /"([A-Za-z0-9_-]{20,})"/g;

export class Namer {
  private readonly names = new Map<string, string>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  uuid(value: string): string {
    const key = value.toLowerCase();
    let name = this.names.get(key);
    if (!name) {
      name = `<uuid#${this.names.size + 1}>`;
      this.names.set(key, name);
    }
    return name;
  }

  /** Registers the UUIDs of a request in order, so both sides name them alike before the answer is read. */
  see(text: string): void {
    for (const match of text.matchAll(UUID)) this.uuid(match[0]);
  }

  /** `<now>`, `<now+30m>` for a reading relative to the wall clock (an expiry), or undefined for a fixed time (data). */
  private clock(ms: number): string | undefined {
    const offset = ms - this.nowMs();
    if (Math.abs(offset) <= NOW_WINDOW_MS) return '<now>';
    if (Math.abs(offset) > CLOCK_HORIZON_MS) return undefined;
    const minutes = Math.round(offset / 60_000);
    return `<now${minutes >= 0 ? '+' : ''}${minutes}m>`;
  }

  text(value: string): string {
    return value
      .replace(CURSOR_TEXT, (m, inner: string) => {
        const cursor = this.cursor(inner);
        return cursor.startsWith('<cursor') ? `"${cursor}"` : m;
      })
      .replace(UUID, (m) => this.uuid(m))
      .replace(RFC3339, (m) => {
        const ms = Date.parse(m);
        return (Number.isFinite(ms) && this.clock(ms)) || m;
      })
      .replace(/\b1\d{12}\b/g, (m) => this.clock(Number(m))?.replace('<now', '<now-ms') ?? m);
  }

  /** An opaque cursor (base64url of "ms|uuid" on the real API) is compared by what it encodes. */
  cursor(value: string): string {
    const decoded = Buffer.from(value, 'base64url').toString('utf8');
    const isCursor = /^-?\d+\|[^|]*$/.test(decoded) && Buffer.from(decoded).toString('base64url') === value;
    return isCursor ? `<cursor ${this.text(decoded)}>` : this.text(value);
  }

  json(value: unknown, key?: string): unknown {
    if (typeof value === 'string') {
      if (key === 'nextCursor' || key === 'cursor') return this.cursor(value);
      return this.text(value);
    }
    if (typeof value === 'number') return (Number.isInteger(value) && value > 1e12 && this.clock(value)?.replace('<now', '<now-ms')) || value;
    if (Array.isArray(value)) return value.map((item) => this.json(item));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(value).sort()) out[k] = this.json((value as Record<string, unknown>)[k], k);
      return out;
    }
    return value;
  }
}

/** Headers whose value a client can act on; the rest (Date, Content-Length, keep-alive) is transport. */
export const COMPARED_HEADERS = [
  'content-type',
  'x-content-type-options',
  'x-sync-epoch',
  'x-correlation-id',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'x-ratelimit-burst',
  'retry-after',
  'allow',
  'location',
  'etag',
  'www-authenticate',
  'cache-control',
  'vary',
] as const;

export interface NormalisedResponse {
  readonly status: number;
  /** the reason phrase, for answers read off the wire */
  readonly reason?: string;
  readonly headers: Readonly<Record<string, string>>;
  /** parsed and normalised when the body is JSON; otherwise the normalised text */
  readonly body: unknown;
  /** the normalised body text, byte for byte: key order, escaping and the trailing newline count here */
  readonly text: string;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export function normaliseResponse(response: RawResponse, namer: Namer, sentCorrelationId: string | undefined): NormalisedResponse {
  const correlation = response.headers['x-correlation-id'];
  const correlationName =
    correlation === undefined ? undefined : sentCorrelationId !== undefined && correlation === sentCorrelationId ? '<as sent>' : UUID_ONLY.test(correlation) ? '<generated>' : correlation;
  const hideCorrelation = (text: string) => (correlation ? text.split(correlation).join('<correlation>') : text);
  const headers: Record<string, string> = {};
  for (const name of COMPARED_HEADERS) {
    const value = response.headers[name];
    if (value === undefined) continue;
    if (name === 'x-correlation-id') headers[name] = correlationName ?? value;
    // chi lists allowed methods in Go map order, which is random per request: compare them as a set
    else if (name === 'allow') headers[name] = value.split(/,\s*/).sort().join(', ');
    else if (name === 'x-ratelimit-reset') headers[name] = /^\d{10}$/.test(value) ? '<unix seconds>' : value;
    else if (name === 'x-ratelimit-remaining') headers[name] = /^\d+$/.test(value) ? '<count>' : value;
    else headers[name] = namer.text(value);
  }
  const bodyText = hideCorrelation(response.body);
  const parsed = parseJson(bodyText);
  return {
    status: response.status,
    ...(response.reason !== undefined ? { reason: response.reason } : {}),
    headers,
    body: parsed.ok ? namer.json(parsed.value) : namer.text(bodyText),
    text: namer.text(bodyText),
  };
}
