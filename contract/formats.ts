/**
 * Wire formats of the Go API (contract §10 cursor, §14 cheat-sheet).
 */

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** RFC3339 from whole milliseconds: UTC, `Z`, fraction with trailing zeros trimmed (Go's RFC3339Nano). */
export function formatMs(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-01-02T03:04:05.120Z
  const [whole, fraction = ''] = iso.slice(0, -1).split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed ? `${whole}.${trimmed}Z` : `${whole}Z`;
}

/** RFC3339 with up to nanosecond precision, trailing zeros trimmed: `ms` plus extra sub-millisecond nanos. */
export function formatNanos(ms: number, subMsNanos: number): string {
  const iso = new Date(ms).toISOString();
  const [whole, millis = '000'] = iso.slice(0, -1).split('.');
  const digits = `${millis}${String(subMsNanos).padStart(6, '0')}`.replace(/0+$/, '');
  return digits ? `${whole}.${digits}Z` : `${whole}Z`;
}

/** Parses a formatted entity timestamp back to milliseconds (NaN if not parseable). */
export function parseTimestampMs(value: string): number {
  return Date.parse(value);
}

const HEX32 = /^[0-9a-fA-F]{32}$/;
const DASHED = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * google/uuid v1.6.0 `Parse`, by byte length: 36 dashed; 45 with a `urn:uuid:` prefix (any case); 38 — the first
 * byte is dropped and the next 36 parsed, whatever wraps them (`{…}`, `(…)`); 32 hex digits.
 * Returns the canonical lowercase form, or null.
 */
export function parseUuid(input: string): string | null {
  const bytes = Buffer.from(input, 'utf8');
  let text: string;
  switch (bytes.length) {
    case 36:
      text = bytes.toString('latin1');
      break;
    case 45:
      if (bytes.subarray(0, 9).toString('latin1').toLowerCase() !== 'urn:uuid:') return null;
      text = bytes.subarray(9).toString('latin1');
      break;
    case 38:
      text = bytes.subarray(1, 37).toString('latin1');
      break;
    case 32: {
      const hex = bytes.toString('latin1');
      if (!HEX32.test(hex)) return null;
      const h = hex.toLowerCase();
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    default:
      return null;
  }
  return DASHED.test(text) ? text.toLowerCase() : null;
}

export function isNilUuid(uuid: string): boolean {
  return uuid === NIL_UUID;
}

export interface Cursor {
  readonly ms: number;
  readonly uid: string;
}

export const START_CURSOR: Cursor = { ms: 0, uid: NIL_UUID };

/** base64url without padding of `<updatedAtMs>|<uuid>`; the zero cursor encodes as "". */
export function encodeCursor(cursor: Cursor): string {
  if (cursor.ms === 0 && cursor.uid === NIL_UUID) return '';
  return Buffer.from(`${cursor.ms}|${cursor.uid}`, 'utf8').toString('base64url');
}

const RAW_BASE64URL = /^[A-Za-z0-9_-]*$/;
const INT64 = /^[+-]?\d{1,19}$/;

/** Strict decode as Go's RawURLEncoding + ParseInt + uuid.Parse; anything invalid is null ("from the start"). */
export function decodeCursor(text: string): Cursor | null {
  if (text === '' || !RAW_BASE64URL.test(text) || text.length % 4 === 1) return null;
  const parts = Buffer.from(text, 'base64url').toString('latin1').split('|');
  if (parts.length !== 2) return null;
  const [msText = '', uidText = ''] = parts;
  if (!INT64.test(msText)) return null;
  const ms = Number(msText);
  if (!Number.isSafeInteger(ms)) return null;
  const uid = parseUuid(uidText);
  if (uid === null) return null;
  return { ms, uid };
}
