/**
 * GitHub-flavoured Markdown building blocks. Every piece of report text is escaped: messages can quote target
 * responses, so they must not open links, images, mentions, HTML or break out of a table cell.
 */
import { oneLine, truncate } from './text.js';

/** Control characters (other than whitespace) shown as `\uXXXX` instead of being passed to the renderer. */
function visibleControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Inline text on one line: Markdown punctuation backslash-escaped (pipes included), HTML neutralised. */
export function escapeMarkdown(text: string, maxChars = 300): string {
  return truncate(oneLine(visibleControls(text)), maxChars)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]#|~@]/g, '\\$&');
}

/** A code span that cannot be broken out of (backticks removed, one line). */
export function codeSpan(text: string, maxChars = 200): string {
  const content = truncate(oneLine(visibleControls(text)), maxChars).replace(/`/g, "'").replace(/\|/g, '¦');
  return content ? `\`${content}\`` : '';
}

export type Align = 'left' | 'right';

/** A table; cells must already be escaped. Rows beyond `maxRows` are replaced by one "…and N more" line. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], options: { align?: readonly Align[]; maxRows?: number } = {}): string {
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const separator = headers.map((_, i) => (options.align?.[i] === 'right' ? '---:' : '---'));
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const shown = rows.slice(0, maxRows).map(line);
  const more = rows.length > maxRows ? `\n\n…and ${rows.length - maxRows} more` : '';
  return `${[line(headers), line(separator), ...shown].join('\n')}${more}`;
}

/** A bullet list, truncated like `table`. Items must already be escaped. */
export function bullets(items: readonly string[], maxItems = Number.POSITIVE_INFINITY): string {
  const lines = items.slice(0, maxItems).map((item) => `- ${item}`);
  if (items.length > maxItems) lines.push(`- …and ${items.length - maxItems} more`);
  return lines.join('\n');
}

/**
 * Keeps a document under `maxBytes` (UTF-8), cutting at a line boundary and saying so. GitHub rejects a step
 * summary over 1 MiB.
 */
export function fitToBytes(markdown: string, maxBytes: number, notice: string): string {
  if (Buffer.byteLength(markdown, 'utf8') <= maxBytes) return markdown;
  const budget = maxBytes - Buffer.byteLength(`\n\n${notice}\n`, 'utf8');
  const lines = markdown.split('\n');
  let used = 0;
  const kept: string[] = [];
  for (const line of lines) {
    const size = Buffer.byteLength(`${line}\n`, 'utf8');
    if (used + size > budget) break;
    kept.push(line);
    used += size;
  }
  return `${kept.join('\n')}\n\n${notice}\n`;
}
