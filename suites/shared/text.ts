/**
 * Small helpers for reading answers and quoting them in failure messages (shared by the isolation and transport
 * checks).
 */

const SNIPPET = 160;

/** The start of a body, on one line, quoted. */
export function snippet(text: string): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  return JSON.stringify(flat.length > SNIPPET ? `${flat.slice(0, SNIPPET)}…` : flat);
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The `error` field of a JSON error body (JERR), if any. */
export function jsonError(text: string): unknown {
  const body = safeJson(text);
  return body && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
}

export const isSuccess = (status: number): boolean => status >= 200 && status < 300;
