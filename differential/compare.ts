/**
 * Where two normalised answers differ: status, each compared header, the parsed body (path by path), and the body
 * text (key order, escaping, trailing newline) when the parsed bodies agree.
 */
import { isDeepStrictEqual } from 'node:util';
import type { NormalisedResponse } from './normalise.js';

export interface Difference {
  /** `status`, `header x-sync-epoch`, `body $.items[0].uid`, `text` */
  readonly where: string;
  readonly a: unknown;
  readonly b: unknown;
}

function bodyDifferences(a: unknown, b: unknown, path: string, out: Difference[]): void {
  if (isDeepStrictEqual(a, b)) return;
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) {
    out.push({ where: `body ${path}`, a, b });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push({ where: `body ${path}.length`, a: a.length, b: b.length });
    for (let i = 0; i < Math.min(a.length, b.length); i++) bodyDifferences(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of [...new Set([...Object.keys(left), ...Object.keys(right)])].sort()) {
    if (!(key in right)) out.push({ where: `body ${path}.${key}`, a: left[key], b: '<absent>' });
    else if (!(key in left)) out.push({ where: `body ${path}.${key}`, a: '<absent>', b: right[key] });
    else bodyDifferences(left[key], right[key], `${path}.${key}`, out);
  }
}

export function compareResponses(a: NormalisedResponse, b: NormalisedResponse): Difference[] {
  const out: Difference[] = [];
  if (a.status !== b.status) out.push({ where: 'status', a: a.status, b: b.status });
  if (a.reason !== b.reason) out.push({ where: 'reason phrase', a: a.reason ?? '<not read>', b: b.reason ?? '<not read>' });
  for (const name of [...new Set([...Object.keys(a.headers), ...Object.keys(b.headers)])].sort()) {
    if (a.headers[name] !== b.headers[name]) out.push({ where: `header ${name}`, a: a.headers[name] ?? '<absent>', b: b.headers[name] ?? '<absent>' });
  }
  bodyDifferences(a.body, b.body, '$', out);
  if (out.every((d) => !d.where.startsWith('body')) && a.text !== b.text) out.push({ where: 'text', a: a.text, b: b.text });
  return out;
}
