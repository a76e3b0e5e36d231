/**
 * The conformance checks against the correct proxy, and against proxies with one defect each (answers tampered
 * behind the TLS edge), plus a newer conformance suite with a scenario this verifier has not sorted. The suite is
 * optional locally (the tests skip with the install command) and required in CI.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { editJson, type Tamper } from '../../stand-ins/tamper/tamper-front.js';
import { INSTALL_COMMANDS, locateConformance } from '../../framework/engines/locate.js';
import { runAgainstLocal, type ProofOptions } from '../../proofs/run-against.js';
import { optionalRequirement } from '../../framework/testing/optional.js';
import { conformanceChecks } from './conformance.checks.js';

const engine = locateConformance();
const missing = optionalRequirement(engine !== undefined, 'the MCP conformance suite', INSTALL_COMMANDS['mcp-conformance']);

const mcpPost: Tamper['when'] = (method, path) => method === 'POST' && path === '/mcp';
const onAnswers = (rewrite: (body: Record<string, unknown>) => void): ProofOptions => ({
  tamper: { proxy: [{ when: mcpPost, rewrite: (r) => editJson(r, (body) => rewrite(body as Record<string, unknown>)) }] },
});
const resultOf = (body: Record<string, unknown>) => body.result as Record<string, unknown> | undefined;

const DEFECTS: readonly [string, ProofOptions, readonly string[]][] = [
  [
    'the proxy checks neither Host nor Origin (DNS rebinding)',
    {
      tamper: {
        proxy: [
          {
            when: mcpPost,
            rewrite: () => undefined,
            rewriteRequest: (headers) => {
              if (headers.host?.startsWith('evil.')) (headers.host = '127.0.0.1'), delete headers.origin;
            },
          },
        ],
      },
    },
    ['MCPCONF-LOCALHOST-HOST-REBINDING-REJECTED'],
  ],
  [
    'the proxy refuses every request that carries an Origin, its own too',
    { tamper: { proxy: [{ when: mcpPost, rewrite: (r, request) => void (request.headers.origin && ((r.status = 403), (r.body = '{"error":"forbidden"}'))) }] } },
    ['MCPCONF-LOCALHOST-HOST-VALID-ACCEPTED'],
  ],
  [
    'initialize answers without serverInfo',
    onAnswers((body) => void (resultOf(body)?.protocolVersion && delete resultOf(body)!.serverInfo)),
    // the suite's client cannot connect to such a server at all, so every scenario that connects fails
    ['MCPCONF-PING', 'MCPCONF-SERVER-INITIALIZE', 'MCPCONF-TOOLS-LIST'],
  ],
  [
    'ping is answered "method not found"',
    onAnswers((body) => {
      const result = resultOf(body);
      if (!result || Object.keys(result).length > 0) return;
      delete body.result;
      body.error = { code: -32601, message: 'Method not found' };
    }),
    ['MCPCONF-PING'],
  ],
  [
    'tools/list lists tools without an inputSchema',
    onAnswers((body) => {
      const tools = resultOf(body)?.tools as Record<string, unknown>[] | undefined;
      for (const tool of tools ?? []) delete tool.inputSchema;
    }),
    ['MCPCONF-TOOLS-LIST'],
  ],
];

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

  it('all pass against the correct proxy, each with the suite version', { timeout: 120_000 }, async () => {
    const run = await runAgainstLocal(conformanceChecks);
    expect(run.failed).toEqual([]);
    expect(run.other).toEqual({});
    for (const result of run.results.values()) expect(result.engineVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each(DEFECTS)('%s', { timeout: 120_000 }, async (_, options, expected) => {
    const run = await runAgainstLocal(conformanceChecks, options);
    expect(run.failed, JSON.stringify([...run.results.values()].filter((r) => r.status === 'failed').map((r) => [r.id, r.message]))).toEqual(expected);
  });

  it('a newer suite with a scenario this verifier has not sorted fails MCPCONF-SCENARIOS', { timeout: 120_000 }, async () => {
    const dir = newerSuite(engine!);
    made.push(dir);
    vi.stubEnv('TBV_ENGINES_DIR', dir);
    try {
      const run = await runAgainstLocal(conformanceChecks);
      expect(run.failed).toEqual(['MCPCONF-SCENARIOS']);
      expect(run.results.get('MCPCONF-SCENARIOS')?.message).toMatch(/resources-brand-new/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('every conformance check is shown failing by some defect', () => {
    const proven = new Set([...DEFECTS.flatMap(([, , failing]) => failing), 'MCPCONF-SCENARIOS']);
    expect(conformanceChecks.map((check) => check.id).filter((id) => !proven.has(id))).toEqual([]);
  });
});

if (missing) it.skip(`conformance proofs: ${missing}`, () => undefined);
