/**
 * Tool results: Go's answers as MCP `structuredContent` plus a text copy; every failure as an `isError` result
 * that says what happened (Go status, message, correlation id) without tokens or internal URLs.
 */
import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import { HEADERS } from '../../contract/messages.js';
import { DeleteSummary, Item, List } from '../../contract/schemas.js';
import type { GoResponse } from '../go/go-client.js';
import { safeJson } from '../go/gateway.js';
import type { ToolOutputKind } from './definitions.js';

export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  _meta?: Record<string, unknown>;
}

const ItemOut = z.object({
  uid: z.string(),
  version: z.int(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
});
const ListOut = z.object({ items: z.array(ItemOut), nextCursor: z.string().nullable() });
const DeleteOut = z.object({ uid: z.string(), version: z.int(), updatedAt: z.string(), deletedAt: z.string() });

export const OUTPUT_SCHEMAS: Record<ToolOutputKind, z.ZodObject> = { item: ItemOut, list: ListOut, delete: DeleteOut };

/** Upstream-compatible shapes: `deletedAt` and `nextCursor` are null when absent. */
function shapeItem(item: Item): z.infer<typeof ItemOut> {
  return { uid: item.uid, version: item.version, updatedAt: item.updatedAt, deletedAt: item.deletedAt ?? null, payload: item.payload };
}

export function shapeOutput(kind: ToolOutputKind, body: unknown): Record<string, unknown> | null {
  if (kind === 'item') {
    const parsed = Item.safeParse(body);
    return parsed.success ? shapeItem(parsed.data) : null;
  }
  if (kind === 'list') {
    const parsed = List.safeParse(body);
    return parsed.success ? { items: parsed.data.items.map(shapeItem), nextCursor: parsed.data.nextCursor ?? null } : null;
  }
  const parsed = DeleteSummary.safeParse(body);
  return parsed.success ? { ...parsed.data } : null;
}

export function success(structured: Record<string, unknown>): ToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
}

export function failure(message: string, meta?: Record<string, unknown>): ToolResult {
  return { content: [{ type: 'text', text: message }], isError: true, ...(meta ? { _meta: meta } : {}) };
}

export interface GoErrorDetail {
  readonly status: number;
  readonly error: string;
  readonly correlationId: string | null;
}

/** Go's error as the caller should see it: JSON `error`, or the plain-text body, and the correlation id. */
export function goErrorDetail(response: GoResponse): GoErrorDetail {
  const body = safeJson(response.text);
  const header = response.headers[HEADERS.correlationId.toLowerCase()];
  let correlationId = (Array.isArray(header) ? header[0] : header) || null;
  let error = response.text.trim().slice(0, 300) || (STATUS_CODES[response.status] ?? 'error');
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    if (typeof record.error === 'string') error = record.error;
    if (typeof record.correlation_id === 'string' && record.correlation_id) correlationId = record.correlation_id;
  }
  return { status: response.status, error, correlationId };
}

export function goFailure(toolName: string, response: GoResponse): ToolResult {
  const detail = goErrorDetail(response);
  const reason = STATUS_CODES[detail.status] ?? 'Error';
  const trace = detail.correlationId ? ` (correlation id ${detail.correlationId})` : '';
  return failure(`${toolName} failed: the ToolBridge API answered ${detail.status} ${reason}: ${detail.error}${trace}`, {
    'toolbridge/go': detail,
  });
}
