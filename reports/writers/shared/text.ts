/**
 * Small text helpers shared by the writers.
 */
import type { VerificationReport } from '../../model.js';
import { MCP_TRANSPORT_NAMES } from '../../../framework/model/mcp-endpoint.js';

/** Why the report's target was the one verified, in words. */
export const SELECTED_BY: Readonly<Record<VerificationReport['target']['selectedBy'], string>> = {
  flag: 'the --target flag',
  environment: 'target variables in the environment',
  default: 'default (no --target, no target variables)',
};

/** The MCP transports by the names the specification gives them (the console's unreachable message uses them too). */

/** The MCP endpoint the run used and how it was chosen: `https://…/sse (HTTP+SSE, detected)`; the URL alone for older reports. */
export function mcpEndpointText(target: VerificationReport['target']): { url: string; how: string | undefined } {
  const mcp = target.mcp;
  if (!mcp) return { url: target.mcpUrl, how: undefined };
  const server = mcp.server ? `, server ${mcp.server.name} ${mcp.server.version}` : '';
  return { url: mcp.url, how: `${MCP_TRANSPORT_NAMES[mcp.transport]}, ${mcp.requested === 'auto' ? 'detected' : 'as asked'}${server}` };
}

/** Cuts `text` to at most `max` characters (code units), ending with an ellipsis when cut; never splits a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** Collapses all whitespace runs (newlines included) into single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** "1 check" / "3 checks" */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Milliseconds as a short human duration: "850 ms", "12.3 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms * 10) / 10} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}
