/**
 * One testssl.sh scan of the proxy's HTTPS host per target: protocols, cipher lists, forward secrecy, the known
 * vulnerabilities and the certificate (`-p -s -f -U -S`), read from its JSON file. The target's own CA (the local
 * edge's) is added to testssl.sh's trust stores, as every client of the target is given it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CheckFailure } from '../../../../framework/model/assert.js';
import type { CheckContext } from '../../../../framework/checks/context.js';
import { INSTALL_COMMANDS, locateTestssl, type Located } from '../../../../framework/engines/locate.js';
import { engineVersionOf, inWorkDir, runEngineProcess, VERSION_TIMEOUT_MS } from '../../../../framework/engines/process.js';
import { sharedRun } from '../../../../framework/engines/shared-run.js';
import { NOT_HTTPS } from '../lib/endpoints.js';

export const TestsslFinding = z.looseObject({
  id: z.string(),
  ip: z.string().optional(),
  port: z.string().optional(),
  severity: z.enum(['OK', 'INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'WARN', 'DEBUG', 'FATAL']),
  cve: z.string().optional(),
  cwe: z.string().optional(),
  finding: z.string(),
});
export type TestsslFinding = z.infer<typeof TestsslFinding>;

export interface TestsslRun {
  readonly version: string;
  readonly host: string;
  readonly findings: readonly TestsslFinding[];
  readonly durationMs: number;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly outputTail: string;
}

const SCAN_TIMEOUT_MS = 240_000;

/** A check judged on the scan waits for the version query and the scan, each bounded, and a little more. */
export const TESTSSL_CHECK_TIME_LIMIT_MS = VERSION_TIMEOUT_MS + SCAN_TIMEOUT_MS + 15_000;

export function testsslArgs(url: URL, jsonFile: string, caFile: string | undefined): string[] {
  return [
    '--quiet', '--warnings', 'off', '--color', '0', '--ip', 'one',
    '--connect-timeout', '10', '--openssl-timeout', '10',
    '-p', '-s', '-f', '-U', '-S',
    ...(caFile ? ['--add-ca', caFile] : []),
    '--jsonfile', jsonFile,
    url.origin,
  ];
}

/** testssl.sh's JSON file; none, or one it did not finish, means no findings (testsslRun then fails the check). */
function readFindings(file: string): TestsslFinding[] {
  try {
    return z.array(TestsslFinding).parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return [];
  }
}

async function scan(ctx: CheckContext, engine: Located, url: URL): Promise<TestsslRun> {
  const version = await engineVersionOf(engine, ['--version'], /testssl(?:\.sh)?\s+(\d+\.\d+\S*)/i);
  return inWorkDir('testssl', ctx.target.caCertPem, async (work) => {
    const json = join(work.path, 'testssl.json');
    const result = await runEngineProcess(engine, testsslArgs(url, json, work.caFile), { cwd: work.path, timeoutMs: SCAN_TIMEOUT_MS });
    return {
      version,
      host: url.host,
      findings: readFindings(json),
      durationMs: result.durationMs,
      exitCode: result.code,
      timedOut: result.timedOut,
      outputTail: `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-4).join(' '),
    };
  });
}

/** The scan of this target's HTTPS host; skips the check when the proxy is not on HTTPS or testssl.sh is missing. */
export async function testsslRun(ctx: CheckContext): Promise<TestsslRun> {
  const url = new URL(ctx.target.proxyUrl);
  if (url.protocol !== 'https:') ctx.skip(`${NOT_HTTPS} (proxy URL ${ctx.target.proxyUrl})`);
  const engine = locateTestssl();
  if (!engine) ctx.skip(`untestable: testssl.sh is not installed: ${INSTALL_COMMANDS['testssl.sh']}`);
  const run = await sharedRun('testssl.sh', ctx.target, () => scan(ctx, engine, url));
  ctx.engineVersion(run.version);
  ctx.metric('scanMs', run.durationMs);
  if (run.findings.length === 0) {
    throw new CheckFailure(`testssl.sh produced no findings for ${run.host} (exit ${run.exitCode}${run.timedOut ? ', killed at its time bound' : ''}): ${run.outputTail}`);
  }
  return run;
}
