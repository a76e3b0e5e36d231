/**
 * XML 1.0 escaping. Text comes from targets (response bodies, headers), so it may hold anything: characters XML 1.0
 * forbids (C0 controls other than tab, LF and CR; lone surrogates; U+FFFE/U+FFFF) are replaced by a visible
 * `\uXXXX` notation — they cannot be written at all, not even as character references.
 */

/** Everything outside XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces characters XML 1.0 cannot carry with a readable `\uXXXX`. */
export function xmlSafe(text: string): string {
  return text.replace(FORBIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** For element content. `>` is escaped too, so `]]>` can never appear; CR is a reference so that parsers' line-end
 * normalisation keeps it. */
export function escapeXmlText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** For attribute values in double quotes. Tab, LF and CR become character references so that attribute-value
 * normalisation does not turn them into spaces. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

/** `name="value"` pairs, skipping undefined values. */
export function xmlAttributes(attributes: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join('');
}
