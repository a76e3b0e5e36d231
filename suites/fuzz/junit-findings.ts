/**
 * Reads Schemathesis' JUnit report: one test case per API operation, each failure element listing the failed test
 * cases with their Schemathesis codes, the response and a curl reproduction; error elements are the engine's own
 * problems (a flaky operation, a schema it could not cover).
 */
import { SaxesParser } from 'saxes';
import type { EngineFinding } from '../../framework/engines/findings.js';

export interface SchemathesisReport {
  /** operations the report has a test case for */
  readonly operations: readonly string[];
  readonly findings: readonly EngineFinding[];
  /** engine errors, by operation: not findings about the API */
  readonly errors: readonly { readonly where: string; readonly text: string }[];
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
    const answer = /^\[(\d{3})\] ([^:\n]*):?$/m.exec(block);
    const answered = answer ? `, answered ${answer[1]}${answer[2] ? ` ${answer[2].trim()}` : ''}` : '';
    for (const [, code, title] of codes) {
      findings.push({
        code: code!,
        where: operation,
        summary: `${code} ${title!.trim()} (test case ${caseId}${answered})`,
        detail: reproduction && !detail.includes(reproduction) ? `${detail}\n\n${reproduction}` : detail,
      });
    }
  }
  return findings;
}

/** The report read with saxes (a strict XML parser): each testcase's name, and the text of its failures and errors. */
export function readSchemathesisJunit(xml: string): SchemathesisReport {
  const operations: string[] = [];
  const findings: EngineFinding[] = [];
  const errors: { where: string; text: string }[] = [];
  const parser = new SaxesParser();
  let operation = '';
  let reading: { kind: 'failure' | 'error'; text: string } | undefined;
  parser.on('opentag', (tag) => {
    if (tag.name === 'testcase') operations.push((operation = String(tag.attributes.name ?? '')));
    else if (tag.name === 'failure' || tag.name === 'error') reading = { kind: tag.name, text: '' };
  });
  parser.on('text', (text) => {
    if (reading) reading.text += text;
  });
  parser.on('cdata', (text) => {
    if (reading) reading.text += text;
  });
  parser.on('closetag', (tag) => {
    if (!reading || tag.name !== reading.kind) return;
    if (reading.kind === 'failure') findings.push(...findingsOf(operation, reading.text));
    else errors.push({ where: operation, text: reading.text.trim().split('\n').slice(0, 3).join(' ').slice(0, 400) });
    reading = undefined;
  });
  parser.write(xml).close();
  return { operations, findings, errors };
}
