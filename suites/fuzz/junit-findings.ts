/**
 * Reads Schemathesis' JUnit report: one test case per API operation, each failure element listing the failed test
 * cases with their Schemathesis codes, the response and a curl reproduction; error elements are the engine's own
 * problems (a flaky operation, a schema it could not cover).
 */
import type { EngineFinding } from '../../framework/engines/findings.js';

export interface SchemathesisReport {
  /** operations the report has a test case for */
  readonly operations: readonly string[];
  readonly findings: readonly EngineFinding[];
  /** engine errors, by operation: not findings about the API */
  readonly errors: readonly { readonly where: string; readonly text: string }[];
}

const ENTITIES: Readonly<Record<string, string>> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&#10;': '\n', '&#13;': '\r', '&#9;': '\t' };

export function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|#\d+|#x[0-9a-f]+);|&amp;/gi, (entity) => {
    if (entity === '&amp;') return '&';
    if (ENTITIES[entity]) return ENTITIES[entity]!;
    const hex = /^&#x([0-9a-f]+);$/i.exec(entity);
    if (hex) return String.fromCodePoint(parseInt(hex[1]!, 16));
    const dec = /^&#(\d+);$/.exec(entity);
    return dec ? String.fromCodePoint(Number(dec[1])) : entity;
  });
}

/** `1. Test Case ID: …` blocks of one failure text, each with its `- STxxx Title` lines and the reproduction. */
function findingsOf(operation: string, text: string): EngineFinding[] {
  const blocks = text.split(/^(?=\d+\. Test Case ID: )/m).filter((block) => /^\d+\. Test Case ID: /.test(block));
  const findings: EngineFinding[] = [];
  for (const block of blocks) {
    const caseId = /^\d+\. Test Case ID: (\S+)/.exec(block)?.[1] ?? '?';
    const codes = [...block.matchAll(/^- (ST\d{3}) (.+)$/gm)];
    const reproduction = /Reproduce with:\s*\n\s*\n?\s*(curl .+)$/m.exec(block)?.[1];
    const detail = block.replace(/^\d+\. Test Case ID: \S+\s*/, '').trim();
    for (const [, code, title] of codes) {
      findings.push({
        code: code!,
        where: operation,
        summary: `${code} ${title!.trim()} (test case ${caseId})`,
        detail: reproduction && !detail.includes(reproduction) ? `${detail}\n\n${reproduction}` : detail,
      });
    }
  }
  return findings;
}

export function readSchemathesisJunit(xml: string): SchemathesisReport {
  const operations: string[] = [];
  const findings: EngineFinding[] = [];
  const errors: { where: string; text: string }[] = [];
  for (const testcase of xml.matchAll(/<testcase\b[^>]*\bname="([^"]*)"[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const operation = unescapeXml(testcase[1]!);
    operations.push(operation);
    const body = testcase[2] ?? '';
    for (const failure of body.matchAll(/<failure\b[^>]*>([\s\S]*?)<\/failure>/g)) findings.push(...findingsOf(operation, unescapeXml(failure[1]!)));
    for (const error of body.matchAll(/<error\b[^>]*>([\s\S]*?)<\/error>/g)) {
      const text = unescapeXml(error[1]!).trim();
      errors.push({ where: operation, text: text.split('\n').slice(0, 3).join(' ').slice(0, 400) });
    }
  }
  return { operations, findings, errors };
}
