/**
 * The example workflows and the composite action: actionlint on the workflows (with shellcheck on their scripts),
 * shellcheck on the action's own script, and that script run with a stand-in `npm` to show what it passes to the
 * verifier and what it reports for each exit code. actionlint is built by `npm run engines -- actionlint`; both tools
 * are optional locally and required in CI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { INSTALL_COMMANDS, locateActionlint } from '../framework/engines/locate.js';
import { optionalRequirement } from '../framework/testing/optional.js';
import { REPO_ROOT } from './proxy-facts.js';

const WORKFLOWS = readdirSync(join(REPO_ROOT, '.github/workflows')).filter((f) => /\.ya?ml$/.test(f));
const scratch = mkdtempSync(join(tmpdir(), 'tbv-workflows-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const onPath = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
const shellcheckMissing = () => optionalRequirement(onPath('shellcheck'), 'shellcheck', 'apt-get install shellcheck');
const actionlintMissing = () => optionalRequirement(locateActionlint() !== undefined, 'actionlint', INSTALL_COMMANDS.actionlint);

/** actionlint over a project folder (it resolves `uses: ./` against the folder's action.yml). */
function actionlint(projectDir: string): { code: number; output: string } {
  const result = spawnSync(locateActionlint()!.command, ['-color=false', '-no-color'], { cwd: projectDir, encoding: 'utf8' });
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/** A copy of the repository's workflows and action in a folder of its own, `edit` applied to the workflow. */
function projectCopy(name: string, edit: (workflow: string) => string): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, '.github/workflows'), { recursive: true });
  cpSync(join(REPO_ROOT, 'action.yml'), join(dir, 'action.yml'));
  const workflow = readFileSync(join(REPO_ROOT, '.github/workflows/deploy-and-promote.yml'), 'utf8');
  writeFileSync(join(dir, '.github/workflows/deploy-and-promote.yml'), edit(workflow));
  execFileSync('git', ['init', '-q'], { cwd: dir }); // actionlint finds its project by the repository root
  return dir;
}

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, string>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly needs?: string | string[];
  readonly steps: Step[];
  readonly outputs?: Record<string, string>;
}
const PROMOTE = parseYaml(readFileSync(join(REPO_ROOT, '.github/workflows/deploy-and-promote.yml'), 'utf8')) as { jobs: Record<string, Job> };
const ACTION = parseYaml(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
};

describe('actionlint', () => {
  it('passes every workflow, shellcheck included', (ctx) => {
    const skip = actionlintMissing() ?? shellcheckMissing();
    if (skip) return ctx.skip(skip);
    expect(WORKFLOWS).toContain('deploy-and-promote.yml');
    const result = actionlint(REPO_ROOT);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it.for([
    ['an input the action does not declare', (w: string) => w.replace('fail-on-verdict: "false"', 'fail-on-verdict: "false"\n          policy-file: x.json'), /input "policy-file" is not defined in action/],
    ['an output of a step that does not exist', (w: string) => w.replace('steps.gate.outputs.verdict != \'passed\')', 'steps.gates.outputs.verdict != \'passed\')'), /property "gates" is not defined/],
    ['a job that needs one that does not exist', (w: string) => w.replace('needs: staging', 'needs: stage'), /job "production" needs job "stage" which does not exist/],
    ['an unquoted variable in a script (shellcheck)', (w: string) => w.replace('--image "$IMAGE"', '--image $IMAGE'), /SC2086/],
  ] as const)('fails a workflow with %s', ([what, edit, problem], ctx) => {
    const skip = actionlintMissing() ?? shellcheckMissing();
    if (skip) return ctx.skip(skip);
    const result = actionlint(projectCopy(what.replace(/\W+/g, '-'), edit));
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(problem);
  });
});

describe('the promotion workflow', () => {
  const { staging, production } = PROMOTE.jobs;
  const step = (job: Job, id: string) => job.steps.find((s) => s.id === id)!;

  it('promotes only after the staging gate passed, and only the image staging verified', () => {
    expect(production!.needs).toBe('staging');
    const gate = step(staging!, 'gate');
    expect(gate.uses).toBe('./');
    // the staging gate fails its job on any verdict but passed, so `needs` blocks production
    expect(gate.with?.['fail-on-verdict'] ?? ACTION.inputs['fail-on-verdict']!.default).toBe('true');
    expect(staging!.outputs?.image).toBe('${{ steps.image.outputs.ref }}');
    expect(step(production!, 'deploy').env?.IMAGE).toBe('${{ needs.staging.outputs.image }}');
    expect(step(production!, 'deploy').run).toMatch(/flyctl deploy --config fly\.production\.toml --image "\$IMAGE"/);
  });

  it('gates production again, and rolls back to the image it ran before when that gate fails', () => {
    const steps = production!.steps;
    const order = ['previous', 'deploy', 'gate'].map((id) => steps.findIndex((s) => s.id === id));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(step(production!, 'gate').with).toMatchObject({ target: 'env', 'fail-on-verdict': 'false' });
    expect(step(production!, 'gate').env?.MCP_BASE_URL).toBe('https://toolbridge-mcp-production.fly.dev');
    const rollback = steps.find((s) => s.name === 'Roll back production')!;
    expect(steps.indexOf(rollback)).toBeGreaterThan(order[2]!);
    expect(rollback.if).toContain("steps.gate.outputs.verdict != 'passed'");
    expect(rollback.if).toContain("steps.deploy.outcome == 'failure'");
    expect(rollback.if).toMatch(/^always\(\)/);
    expect(rollback.env?.PREVIOUS).toBe('${{ steps.previous.outputs.ref }}');
    expect(rollback.run).toMatch(/flyctl deploy --config fly\.production\.toml --image "\$PREVIOUS"[\s\S]*exit 1/);
  });
});

describe('the composite action', () => {
  const verifyStep = ACTION.runs.steps.find((s) => s.id === 'gate')!;
  /** The Verify step's script as GitHub runs it: inputs arrive in env, expressions are not in the script itself. */
  const script = verifyStep.run!;

  it('declares the inputs and outputs a pipeline uses', () => {
    expect(ACTION.runs.using).toBe('composite');
    expect(Object.keys(ACTION.inputs)).toEqual(expect.arrayContaining(['target', 'policy', 'baseline', 'out', 'fail-on-verdict']));
    expect(ACTION.outputs).toEqual({
      verdict: { description: expect.any(String), value: '${{ steps.gate.outputs.verdict }}' },
      'exit-code': { description: expect.any(String), value: '${{ steps.gate.outputs.exit-code }}' },
      'report-folder': { description: expect.any(String), value: '${{ steps.gate.outputs.report-folder }}' },
    });
    expect(script).not.toContain('${{');
  });

  it("passes shellcheck", (ctx) => {
    const skip = shellcheckMissing();
    if (skip) return ctx.skip(skip);
    const file = join(scratch, 'verify-step.sh');
    writeFileSync(file, `#!/usr/bin/env bash\nset -eo pipefail\n${script}`);
    expect(() => execFileSync('shellcheck', ['-s', 'bash', file], { encoding: 'utf8' })).not.toThrow();
  });

  /** Runs the Verify step with a stand-in npm that records its arguments and exits with `code`. */
  function runVerifyStep(code: number, inputs: Record<string, string>) {
    const dir = mkdtempSync(join(scratch, 'step-'));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'npm'), `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > "${dir}/args"\nmkdir -p "$(dirname "${dir}/x")"\nexit ${code}\n`);
    chmodSync(join(bin, 'npm'), 0o755);
    writeFileSync(join(dir, 'output'), '');
    writeFileSync(join(dir, 'summary'), '');
    const env = {
      PATH: `${bin}:${process.env.PATH}`,
      GITHUB_WORKSPACE: '/work/space',
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      TBV_TARGET: inputs.target ?? 'env',
      TBV_POLICY: inputs.policy ?? '',
      TBV_BASELINE: inputs.baseline ?? '',
      TBV_SUITES: inputs.suites ?? '',
      TBV_OUT: inputs.out ?? 'reports/out',
    };
    const result = spawnSync('bash', ['-e', '-c', script], { env, encoding: 'utf8' });
    const outputs = Object.fromEntries(
      readFileSync(join(dir, 'output'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('=') as [string, string]),
    );
    return { status: result.status, outputs, args: readFileSync(join(dir, 'args'), 'utf8').trim().split('\n') };
  }

  it.each([
    [0, 'passed'],
    [1, 'failed'],
    [2, 'error'],
    [3, 'unreachable'],
  ] as const)('reports exit %i as verdict %s, and leaves failing to the Gate step', (code, verdict) => {
    const run = runVerifyStep(code, {});
    expect(run.status).toBe(0);
    expect(run.outputs).toEqual({ verdict, 'exit-code': String(code), 'report-folder': '/work/space/reports/out' });
  });

  it("passes the caller's paths resolved against its workspace, and env or local as they are", () => {
    const file = runVerifyStep(0, { target: 'deploy/tenants/acme/target.json', policy: 'policy/staging.json', baseline: '/abs/baseline.json', suites: 'health,e2e', out: 'out/acme' });
    expect(file.args).toEqual([
      'run', '--silent', 'verify', '--',
      '--target', '/work/space/deploy/tenants/acme/target.json',
      '--out', '/work/space/out/acme',
      '--ci',
      '--policy', '/work/space/policy/staging.json',
      '--baseline', '/abs/baseline.json',
      '--suite', 'health,e2e',
    ]);
    expect(runVerifyStep(0, { target: 'env' }).args.slice(4, 6)).toEqual(['--target', 'env']);
  });

  it('fails the step after the Verify step unless the verdict passed, when asked to', () => {
    const gate = ACTION.runs.steps.find((s) => s.name === 'Gate')!;
    expect(gate.if).toBe("inputs.fail-on-verdict == 'true' && steps.gate.outputs.verdict != 'passed'");
    expect(gate.run).toMatch(/exit "\$CODE"/);
  });
});
