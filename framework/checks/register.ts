/**
 * Registers checks as vitest tests for the verify runner. The result, with all its metadata, travels to the
 * runner's reporter in the test's `meta`.
 */
import { inject, test } from 'vitest';
import { materializeTarget, type Target } from '../target/target.js';
import type { TargetSpec } from '../target/spec.js';
import type { RunSettings } from './context.js';
import type { CheckDef } from './define.js';
import { checkTimeLimitMs, runCheck } from './run-check.js';
import type { CheckResult } from '../model/types.js';

declare module 'vitest' {
  interface ProvidedContext {
    toolbridgeTarget: TargetSpec;
    toolbridgeSettings: RunSettings;
  }
  interface TaskMeta {
    toolbridgeCheck?: CheckResult;
  }
}

let target: Target | undefined;

export function registerChecks(checks: readonly CheckDef[]): void {
  const settings = inject('toolbridgeSettings');
  for (const check of checks) {
    test(`${check.id} ${check.title}`, { timeout: checkTimeLimitMs(check, settings) + 30_000 }, async (context) => {
      target ??= materializeTarget(inject('toolbridgeTarget'));
      const result = await runCheck(check, target, settings);
      context.task.meta.toolbridgeCheck = result;
      if (result.status === 'failed') throw new Error(result.message ?? 'check failed');
      if (result.status === 'skipped') context.skip(result.message);
    });
  }
}
