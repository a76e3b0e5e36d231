/**
 * All report files from one VerificationReport. To add a format (e.g. SARIF), write a ReportWriter and append it to
 * DEFAULT_WRITERS; nothing else changes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { VerificationReport } from '../model.js';
import { ctrfWriter } from './ctrf.js';
import { htmlWriter } from './html.js';
import { jsonWriter } from './json.js';
import { junitWriter } from './junit.js';
import { sarifWriter } from './sarif.js';
import { summaryMarkdownWriter } from './summary-md.js';
import type { ReportWriter } from './types.js';

export type { ReportWriter } from './types.js';

export const DEFAULT_WRITERS: readonly ReportWriter[] = [jsonWriter, junitWriter, ctrfWriter, summaryMarkdownWriter, htmlWriter, sarifWriter];

/** Refuses writer lists that would write outside `outDir` or twice to the same file. */
function checkFileNames(writers: readonly ReportWriter[]): void {
  const seen = new Set<string>();
  for (const writer of writers) {
    const name = writer.fileName;
    if (name === '' || name === '.' || name === '..' || basename(name) !== name || name.includes('\\')) {
      throw new Error(`report writer "${writer.id}": fileName must be a plain file name, got ${JSON.stringify(name)}`);
    }
    if (seen.has(name)) throw new Error(`report writers write ${name} twice`);
    seen.add(name);
  }
}

/**
 * Renders every writer's file, then writes them into `outDir` (created if needed). Returns the written paths, in
 * writer order. All files are rendered before the first is written, so a failing writer leaves no partial set.
 */
export async function writeReports(report: VerificationReport, outDir: string, writers: readonly ReportWriter[] = DEFAULT_WRITERS): Promise<string[]> {
  checkFileNames(writers);
  const rendered = writers.map((writer) => ({ path: join(outDir, writer.fileName), content: writer.render(report) }));
  await mkdir(outDir, { recursive: true });
  for (const file of rendered) await writeFile(file.path, file.content, 'utf8');
  return rendered.map((file) => file.path);
}
