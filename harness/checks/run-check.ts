/**
 * Runs one check against a target and turns whatever happened into a CheckResult.
 */
import type { Target } from '../target/target.js';
import { CheckFailure, CheckSkipped, PostureFinding } from './assert.js';
import { RunContext, type RunSettings } from './context.js';
import { DEFAULT_POLICY } from '../run/policy.js';
import type { CheckDef } from './define.js';
import type { CheckResult, CheckStatus } from './types.js';

export const DEFAULT_CHECK_TIMEOUT_MS = 90_000;

class CheckTimeout extends Error {}

export const DEFAULT_SETTINGS: RunSettings = { latency: DEFAULT_POLICY.latency };

export async function runCheck(
  check: CheckDef,
  target: Target,
  settings: RunSettings = DEFAULT_SETTINGS,
  timeoutMs = DEFAULT_CHECK_TIMEOUT_MS,
): Promise<CheckResult> {
  const ctx = new RunContext(target, settings);
  const startedAt = performance.now();
  let status: CheckStatus = 'passed';
  let message: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.run(ctx),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CheckTimeout(`check did not finish within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    if (error instanceof CheckSkipped) status = 'skipped';
    else if (error instanceof PostureFinding) status = 'warned';
    else status = 'failed';
    message =
      error instanceof CheckFailure || error instanceof CheckSkipped || error instanceof PostureFinding || error instanceof CheckTimeout
        ? error.message
        : `the check could not complete: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
  const cleanupProblems = await ctx.cleanup();
  if (cleanupProblems.length > 0) ctx.note(`cleanup: ${cleanupProblems.join('; ')}`);
  const { run: _run, ...meta } = check;
  return {
    ...meta,
    status,
    durationMs: Math.round(performance.now() - startedAt),
    ...(message !== undefined ? { message: ctx.redactor.text(message) } : {}),
    evidence: ctx.evidence,
    metrics: ctx.metrics,
  };
}
