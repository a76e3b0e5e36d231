/** Content-Security-Policy directives by name (lowercase), values as written (CSP Level 3 §2.2.1 parsing, simplified). */
export function cspDirectives(value: string | undefined): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  if (!value) return directives;
  // several policies (joined with ", ") all apply; the first is enough to judge restrictiveness
  for (const part of (value.split(',')[0] ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}
