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

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, scrub(v, depth + 1)]));
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
