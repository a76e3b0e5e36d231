/**
 * Strict-Transport-Security as a user agent reads it (RFC 6797 §6.1): directives separated by `;`, names
 * case-insensitive, max-age required exactly once (quoted or not); only the first header field counts (§8.1).
 */

export interface HstsPolicy {
  readonly maxAgeS: number;
  readonly includeSubDomains: boolean;
  readonly preload: boolean;
}

/** The policy, or why a user agent would ignore the header. */
export function parseHsts(value: string | undefined): HstsPolicy | string {
  if (value === undefined || value.trim() === '') return 'the header is absent';
  // fetch joins repeated fields with ", "; a user agent honours the first one only
  const first = value.split(',')[0] ?? '';
  const directives = first
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  const names = directives.map((d) => (d.split('=')[0] ?? '').trim().toLowerCase());
  if (new Set(names).size !== names.length) return `a directive is repeated (${JSON.stringify(first)}), so the header is invalid`;
  const maxAge = directives.find((d) => /^max-age\s*=/i.test(d));
  const seconds = maxAge ? /^max-age\s*=\s*"?(\d+)"?$/i.exec(maxAge)?.[1] : undefined;
  if (seconds === undefined) return `no valid max-age directive in ${JSON.stringify(first)}`;
  return { maxAgeS: Number(seconds), includeSubDomains: names.includes('includesubdomains'), preload: names.includes('preload') };
}
