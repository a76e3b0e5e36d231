/**
 * A compact, one-line-per-item summary of a check's evidence, for formats that cannot show it in full
 * (JUnit failure bodies, CTRF traces): "GET https://…/mcp → 401 (12 ms)".
 */
import type { Evidence } from '../../../framework/model/types.js';
import { oneLine, truncate } from './text.js';

const DETAIL_CHARS = 200;

function summarizeOne(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'http': {
      const label = evidence.label ? `[${evidence.label}] ` : '';
      const request = `${evidence.request.method} ${evidence.request.url}`;
      if (evidence.response) {
        const body = evidence.response.body ? `: ${truncate(oneLine(evidence.response.body), DETAIL_CHARS)}` : '';
        return `${label}${request} → ${evidence.response.status} (${evidence.response.durationMs} ms)${body}`;
      }
      return `${label}${request} → error: ${truncate(oneLine(evidence.error ?? 'no response'), DETAIL_CHARS)}`;
    }
    case 'mcp': {
      const label = evidence.label ? `[${evidence.label}] ` : '';
      const outcome = evidence.isError ? 'tool error' : 'ok';
      return `${label}MCP ${evidence.tool} → ${outcome} (${evidence.durationMs} ms): ${truncate(oneLine(evidence.result), DETAIL_CHARS)}`;
    }
    case 'note':
      return `note: ${truncate(oneLine(evidence.text), DETAIL_CHARS * 2)}`;
  }
}

/** One line per evidence item, at most `maxItems` (then "…and N more"). */
export function summarizeEvidence(evidence: readonly Evidence[], maxItems = 10): string[] {
  const lines = evidence.slice(0, maxItems).map(summarizeOne);
  if (evidence.length > maxItems) lines.push(`…and ${evidence.length - maxItems} more`);
  return lines;
}
