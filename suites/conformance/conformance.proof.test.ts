/**
 * The conformance checks against the correct proxy, and against proxies with one defect each (answers tampered
 * behind the TLS edge), plus a newer conformance suite with a scenario this verifier has not sorted. The suite is
 * optional locally (the tests skip with the install command) and required in CI.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { INSTALL_COMMANDS, locateConformance } from '../../framework/engines/locate.js';
import { optionsOf, unproven } from '../../proofs/proof-case.js';
import { proofTimeoutMs, runAgainstLocal } from '../../proofs/run-against.js';
import { optionalRequirement } from '../../framework/testing/optional.js';
import { conformanceChecks } from './conformance.checks.js';
import { NEWER_SUITE, PROOF_CASES } from './proof/cases.js';

const engine = locateConformance();
const missing = optionalRequirement(engine !== undefined, 'the MCP conformance suite', INSTALL_COMMANDS['mcp-conformance']);

/** A newer suite: the pinned one, listing one server scenario more. */
function newerSuite(real: NonNullable<typeof engine>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tbv-newer-conformance-'));
  const modules = join(dir, 'mcp-conformance', 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  mkdirSync(join(modules, '@modelcontextprotocol', 'conformance', 'dist'), { recursive: true });
  symlinkSync(real.command, join(modules, '.bin', 'node'));
  const wrapper = join(modules, '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
  writeFileSync(
    wrapper,
    `import { execFileSync } from 'node:child_process';
const out = execFileSync(process.execPath, [${JSON.stringify(real.prefix[0])}, ...process.argv.slice(2)], { encoding: 'utf8' });
process.stdout.write(process.argv.includes('list') ? out.replace('Server scenarios (test against a server):\\n', '$&  - resources-brand-new [2026-06-30]\\n') : out);
`,
  );
  writeFileSync(join(modules, '@modelcontextprotocol', 'conformance', 'package.json'), '{"type":"module"}');
  chmodSync(wrapper, 0o755);
  return dir;
}

describe.skipIf(missing)('MCP conformance checks', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('all pass against the correct proxy, each with the suite version', { timeout: proofTimeoutMs(conformanceChecks) }, async () => {
    const run = await runAgainstLocal(conformanceChecks);
    expect(run.failed).toEqual([]);
    expect(run.other).toEqual({});
    for (const result of run.results.values()) expect(result.engineVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each(PROOF_CASES.filter((proof) => proof.options).map((proof) => [proof.defect, proof] as const))('%s', { timeout: proofTimeoutMs(conformanceChecks) }, async (_, proof) => {
    const run = await runAgainstLocal(conformanceChecks, optionsOf(proof));
    expect(run.failed, JSON.stringify([...run.results.values()].filter((r) => r.status === 'failed').map((r) => [r.id, r.message]))).toEqual(proof.failed);
  });

  it(NEWER_SUITE.defect, { timeout: proofTimeoutMs(conformanceChecks) }, async () => {
    const dir = newerSuite(engine!);
    made.push(dir);
    vi.stubEnv('TBV_ENGINES_DIR', dir);
    try {
      const run = await runAgainstLocal(conformanceChecks);
      expect(run.failed).toEqual(NEWER_SUITE.failed);
      expect(run.results.get('MCPCONF-SCENARIOS')?.message).toMatch(/resources-brand-new/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('every conformance check is shown failing by some defect', () => {
    expect(unproven(conformanceChecks.map((check) => check.id), PROOF_CASES)).toEqual([]);
  });
});

if (missing) it.skip(`conformance proofs: ${missing}`, () => undefined);
