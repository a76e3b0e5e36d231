/**
 * Structured JSON logs (pino). Tokens, signatures and secrets never reach the output: known fields are redacted,
 * and any string that looks like a JWT is masked wherever it appears.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export const REDACTED = '[REDACTED]';

const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'signature',
  '*.signature',
  'headers["x-tb-signature"]',
  '*.headers["x-tb-signature"]',
  'tenantSecret',
  '*.tenantSecret',
  'hs256Secret',
  '*.hs256Secret',
];

const JWT_LIKE = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const BEARER = /Bearer\s+[^\s"',]+/gi;

export function maskSecrets(text: string): string {
  return text.replace(BEARER, `Bearer ${REDACTED}`).replace(JWT_LIKE, REDACTED);
}

const MAYBE_SECRET = /eyJ|bearer/i;

/** Masks secrets inside a log object; returns the same object untouched when nothing needs masking (the usual case). */
function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return MAYBE_SECRET.test(value) ? maskSecrets(value) : value;
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = value.map((v) => scrub(v, depth + 1));
    return items.every((item, i) => item === value[i]) ? value : items;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const scrubbed = entries.map(([k, v]) => [k, scrub(v, depth + 1)] as const);
  return scrubbed.every(([, v], i) => v === entries[i]![1]) ? value : Object.fromEntries(scrubbed);
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'toolbridge-mcp-proxy' },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      formatters: { log: (object) => scrub(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? maskSecrets(arg) : arg)) as Parameters<typeof method>);
        },
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
