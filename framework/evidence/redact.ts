/**
 * Redaction: no token, signature or secret reaches evidence or a report. Known secret values are replaced
 * wherever they appear; JWT-looking strings, bearer credentials and signature headers are masked by shape.
 */
export const REDACTED = '[REDACTED]';

const JWT_LIKE = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
/** A credential after an auth scheme: RFC 6750 token characters, long enough to be a real credential. */
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]{20,}=*(?=$|[\s",;])/gi;
/** A tenant signature written out as a header in text: a curl reproduction, a log line, a header dump. */
const SIGNATURE_IN_TEXT = /(X-TB-Signature['"]?\s*[:=]\s*['"]?)[0-9a-f]{16,}/gi;
const SENSITIVE_HEADERS = new Set(['authorization', 'x-tb-signature', 'cookie', 'set-cookie', 'proxy-authorization']);

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers values that must never appear (secrets shorter than 6 characters are too ambiguous to match). */
  add(...values: (string | undefined)[]): this {
    for (const value of values) if (value && value.length >= 6) this.secrets.add(value);
    return this;
  }

  text(input: string): string {
    let out = input;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out.replace(BEARER, (_, scheme: string) => `${scheme} ${REDACTED}`).replace(JWT_LIKE, REDACTED).replace(SIGNATURE_IN_TEXT, `$1${REDACTED}`);
  }

  headers(input: Readonly<Record<string, string>>): Record<string, string> {
    return Object.fromEntries(
      Object.entries(input).map(([name, value]) => {
        const lower = name.toLowerCase();
        if (lower === 'authorization' || lower === 'proxy-authorization') {
          const scheme = /^(\S+)\s/.exec(value)?.[1];
          return [name, scheme ? `${scheme} ${REDACTED}` : REDACTED];
        }
        return [name, SENSITIVE_HEADERS.has(lower) ? REDACTED : this.text(value)];
      }),
    );
  }

  /** Deep redaction of any JSON-like value. */
  value<T>(input: T): T {
    if (typeof input === 'string') return this.text(input) as T;
    if (Array.isArray(input)) return input.map((v) => this.value(v)) as T;
    if (input && typeof input === 'object') {
      return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, this.value(v)])) as T;
    }
    return input;
  }
}
