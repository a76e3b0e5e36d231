import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSampleReport } from '../testing/sample-report.js';
import { DEFAULT_WRITERS, writeReports, type ReportWriter } from './index.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tb-reports-'));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('writeReports', () => {
  it('creates the folder and writes every default report, returning the paths in writer order', async () => {
    const out = join(await tempDir(), 'nested', 'reports');
    const paths = await writeReports(buildSampleReport(), out);
    expect(paths).toEqual(['verification-report.json', 'junit.xml', 'ctrf.json', 'summary.md', 'report.html', 'security.sarif'].map((name) => join(out, name)));
    expect((await readdir(out)).sort()).toEqual(['ctrf.json', 'junit.xml', 'report.html', 'security.sarif', 'summary.md', 'verification-report.json']);
    for (const path of paths) expect((await readFile(path, 'utf8')).length).toBeGreaterThan(100);
  });

  it('takes another writer by appending it to the list (how SARIF plugs in)', async () => {
    const out = await tempDir();
    const sarifLike: ReportWriter = { id: 'ids', fileName: 'ids.txt', render: (report) => report.checks.map((c) => c.id).join('\n') };
    const paths = await writeReports(buildSampleReport(), out, [...DEFAULT_WRITERS, sarifLike]);
    expect(paths).toHaveLength(DEFAULT_WRITERS.length + 1);
    expect(await readFile(join(out, 'ids.txt'), 'utf8')).toContain('HEALTH-001\nHEALTH-002');
  });

  it.each(['../escape.txt', 'sub/file.txt', '..', '', 'a\\b.txt'])('refuses the file name %j', async (fileName) => {
    const out = await tempDir();
    await expect(writeReports(buildSampleReport(), out, [{ id: 'bad', fileName, render: () => 'x' }])).rejects.toThrow(/plain file name/);
  });

  it('refuses two writers for the same file', async () => {
    await expect(writeReports(buildSampleReport(), await tempDir(), [DEFAULT_WRITERS[0]!, DEFAULT_WRITERS[0]!])).rejects.toThrow(/twice/);
  });

  it('writes nothing when a writer fails', async () => {
    const out = join(await tempDir(), 'out');
    const failing: ReportWriter = { id: 'boom', fileName: 'boom.txt', render: () => { throw new Error('boom'); } };
    await expect(writeReports(buildSampleReport(), out, [...DEFAULT_WRITERS, failing])).rejects.toThrow('boom');
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });

  it('renders only what the report holds: nothing from the environment leaks into any file', () => {
    const canary = `canary-${process.pid}-s3cr3t-value`;
    process.env['TOOLBRIDGE_REPORT_TEST_CANARY'] = canary;
    try {
      const report = buildSampleReport();
      for (const writer of DEFAULT_WRITERS) {
        const text = writer.render(report);
        expect(text, writer.id).not.toContain(canary);
        expect(text, writer.id).not.toContain('TOOLBRIDGE_REPORT_TEST_CANARY');
        expect(text, writer.id).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
      }
    } finally {
      delete process.env['TOOLBRIDGE_REPORT_TEST_CANARY'];
    }
  });

  it('is deterministic: the same report renders the same bytes', () => {
    for (const writer of DEFAULT_WRITERS) expect(writer.render(buildSampleReport()), writer.id).toBe(writer.render(buildSampleReport()));
  });
});
