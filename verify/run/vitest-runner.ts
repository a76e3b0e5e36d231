/**
 * Runs selected suites through vitest's programmatic API and collects the check results from each test's meta.
 */
import { fileURLToPath } from 'node:url';
import type { Reporter, TestCase } from 'vitest/node';
import { createVitest } from 'vitest/node';
import type { RunSettings } from '../../framework/checks/context.js';
import type { CheckResult } from '../../framework/model/types.js';
import type { TargetSpec } from '../../framework/target/spec.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG = fileURLToPath(new URL('../../vitest.verify.config.ts', import.meta.url));

export interface SuiteRun {
  readonly spec: TargetSpec;
  readonly settings: RunSettings;
  /** suite folders under suites/, e.g. ["health", "go-api"] */
  readonly suites: readonly string[];
  /** check id patterns (`*` wildcards); empty = all */
  readonly checks: readonly string[];
  readonly onResult?: (result: CheckResult) => void;
  /** aborted when the run's deadline passes: no new check starts, running ones are cancelled */
  readonly signal?: AbortSignal;
}

/** How long cancelled checks get to end before the workers are stopped regardless. */
const CANCEL_GRACE_MS = 10_000;

export interface SuiteRunOutcome {
  readonly results: CheckResult[];
  /** problems outside any check (a suite file that failed to load, …) */
  readonly errors: string[];
}

function idPattern(checks: readonly string[]): string | undefined {
  if (checks.length === 0) return undefined;
  const alternatives = checks.map((c) => c.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[A-Z0-9_-]*'));
  return `^(${alternatives.join('|')}) `;
}

/** A result for a test that ended without producing one (it crashed before the check could run). */
function crashed(testCase: TestCase): CheckResult {
  const [id = testCase.name, ...rest] = testCase.name.split(' ');
  const error = testCase.result().errors?.[0]?.message ?? 'the check crashed';
  return {
    id,
    title: rest.join(' '),
    area: 'health',
    severity: 'high',
    requirement: 'n/a',
    status: 'failed',
    durationMs: Math.round(testCase.diagnostic()?.duration ?? 0),
    message: `the check crashed: ${error}`,
    evidence: [],
    metrics: {},
  };
}

export async function runSuites(run: SuiteRun): Promise<SuiteRunOutcome> {
  const results: CheckResult[] = [];
  const errors: string[] = [];
  const collector: Reporter = {
    onTestCaseResult(testCase) {
      const state = testCase.result().state;
      const result = testCase.meta().toolbridgeCheck ?? (state === 'failed' ? crashed(testCase) : undefined);
      if (!result) return;
      results.push(result);
      run.onResult?.(result);
    },
    onTestRunEnd(modules, unhandled) {
      for (const module of modules) {
        for (const error of module.errors()) errors.push(`${module.relativeModuleId}: ${error.message}`);
      }
      for (const error of unhandled) errors.push(error.message ?? String(error));
    },
  };
  const pattern = idPattern(run.checks);
  const vitest = await createVitest('test', {
    root: ROOT,
    config: CONFIG,
    watch: false,
    reporters: [collector],
    provide: { toolbridgeTarget: run.spec, toolbridgeSettings: run.settings },
    passWithNoTests: true,
    ...(pattern ? { testNamePattern: pattern } : {}),
  });
  let stopping: NodeJS.Timeout | undefined;
  const cancel = () => {
    void vitest.cancelCurrentRun('keyboard-input');
    // checks stuck on a slow target get a moment to end, then the workers go
    stopping = setTimeout(() => void vitest.close(), CANCEL_GRACE_MS);
  };
  run.signal?.addEventListener('abort', cancel, { once: true });
  try {
    if (!run.signal?.aborted) await vitest.start(run.suites.map((suite) => `suites/${suite}/`));
  } finally {
    run.signal?.removeEventListener('abort', cancel);
    clearTimeout(stopping);
    await vitest.close();
  }
  return { results, errors };
}
