/**
 * What a tool error says about the Go API: the status the proxy reports in `_meta["toolbridge/go"]`, or the one
 * named in the error text (this proxy: "answered 404 Not Found"; upstream httpx: "Client error '404 Not Found'").
 */
import type { ToolOutcome } from '../../framework/clients/mcp-session.js';

export function goStatusOf(outcome: Pick<ToolOutcome, 'meta' | 'text'>): number | undefined {
  const go = outcome.meta?.['toolbridge/go'];
  if (go && typeof go === 'object' && typeof (go as { status?: unknown }).status === 'number') return (go as { status: number }).status;
  const named = /\banswered (\d{3})\b/.exec(outcome.text) ?? /\b(?:Client|Server) error '(\d{3})\b/.exec(outcome.text);
  return named ? Number(named[1]) : undefined;
}
