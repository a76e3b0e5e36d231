/**
 * Bearer challenges (RFC 6750 §3): the scheme and auth-params of a WWW-Authenticate header.
 */
export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/** `Bearer realm="x", error="invalid_token"` → scheme and auth-params (quoted or token values). */
export function parseChallenge(header: string): Challenge {
  const scheme = /^\s*([^\s,]+)/.exec(header)?.[1] ?? '';
  const params: Record<string, string> = {};
  const rest = header.trim().slice(scheme.length);
  for (const match of rest.matchAll(/([A-Za-z0-9_.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))/g)) {
    params[match[1]!.toLowerCase()] = (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return { scheme, params };
}
