/**
 * Microsoft's SARIF validator (`Sarif.Multitool validate`: the SARIF 2.1.0 schema plus the SARIF rules SARIF1xxx and
 * SARIF2xxx), run on a document; every result it reports, as text. Installed by `npm run engines -- sarif-multitool`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Log } from 'sarif';
import { INSTALL_COMMANDS, locateSarifMultitool } from '../engines/locate.js';
import { optionalRequirement } from './optional.js';

const run = promisify(execFile);

/** Why the validator's tests cannot run here (undefined when they can; under CI its absence fails instead). */
export const sarifMultitoolMissing = (): string | undefined =>
  optionalRequirement(locateSarifMultitool() !== undefined, "Microsoft's SARIF validator", INSTALL_COMMANDS['sarif-multitool']);

/** `<rule> <level>: <message>` for every result of `Sarif.Multitool validate`; empty when the document is valid. */
export async function sarifMultitoolResults(document: string): Promise<string[]> {
  const tool = locateSarifMultitool();
  if (!tool) throw new Error(`Microsoft's SARIF validator is not installed: ${INSTALL_COMMANDS['sarif-multitool']}`);
  const dir = mkdtempSync(join(tmpdir(), 'tbv-sarif-'));
  try {
    const input = join(dir, 'input.sarif');
    const output = join(dir, 'validation.sarif');
    writeFileSync(input, document);
    await run(tool.command, ['validate', input, '--output', output, '--log', 'ForceOverwrite'], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
      timeout: 120_000,
    });
    const validation = JSON.parse(readFileSync(output, 'utf8')) as Log;
    const runOf = validation.runs[0];
    const messages = new Map((runOf?.tool.driver.rules ?? []).map((rule) => [rule.id, rule.messageStrings ?? {}]));
    return (runOf?.results ?? []).map((result) => {
      const template = result.message.id ? messages.get(result.ruleId ?? '')?.[result.message.id]?.text : undefined;
      const text = result.message.text ?? template?.replace(/\{(\d+)\}/g, (_, i: string) => result.message.arguments?.[Number(i)] ?? '') ?? '';
      return `${result.ruleId ?? '?'} ${result.level ?? 'warning'}: ${text}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
