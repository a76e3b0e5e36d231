/**
 * Runs one check against a target and turns whatever happened into a CheckResult.
 */
import type { Target } from '../target/target.js';
import { mcpEndpointOf } from '../target/spec.js';
import { MCP_TRANSPORT_NAMES } from '../model/mcp-endpoint.js';
import { CheckFailure, CheckSkipped, PostureFinding } from '../model/assert.js';
import { RunContext, type RunSettings } from './context.js';
import { DEFAULT_POLICY } from '../model/policy.js';
import type { CheckDef } from './define.js';
import type { CheckResult, CheckStatus } from '../model/types.js';

export const DEFAULT_CHECK_TIMEOUT_MS = 90_000;

class CheckTimeout extends Error {}

export const DEFAULT_SETTINGS: RunSettings = { latency: DEFAULT_POLICY.latency };

/** The check's time limit: its own under these settings when it has one, never below `floor`. */
export function checkTimeLimitMs(check: CheckDef, settings: RunSettings, floor = DEFAULT_CHECK_TIMEOUT_MS): number {
  return Math.max(floor, check.timeLimitMs?.(settings) ?? 0);
}

/** Skips a check about transports other than the one the target speaks, naming both. */
function notForThisTransport(check: CheckDef, target: Target, ctx: RunContext): void {
  const endpoint = mcpEndpointOf(target);
  if (!check.transports || check.transports.includes(endpoint.transport)) return;
  const about = check.transports.map((t) => MCP_TRANSPORT_NAMES[t]).join(' and ');
  ctx.skip(`not applicable: this check is about the ${about} transport, and the target speaks ${MCP_TRANSPORT_NAMES[endpoint.transport]} at ${endpoint.url}`);
}

export async function runCheck(
  check: CheckDef,
  target: Target,
  settings: RunSettings = DEFAULT_SETTINGS,
  floorMs = DEFAULT_CHECK_TIMEOUT_MS,
): Promise<CheckResult> {
  const timeoutMs = checkTimeLimitMs(check, settings, floorMs);
  const ctx = new RunContext(target, settings);
  const startedAt = performance.now();
  let status: CheckStatus = 'passed';
  let message: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    notForThisTransport(check, target, ctx);
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
  const { run: _run, timeLimitMs: _timeLimitMs, ...meta } = check;
  return {
    ...meta,
    status,
    durationMs: Math.round(performance.now() - startedAt),
    ...(message !== undefined ? { message: ctx.redactor.text(message) } : {}),
    evidence: ctx.evidence,
    metrics: ctx.metrics,
    ...(ctx.ranEngineVersion !== undefined ? { engineVersion: ctx.ranEngineVersion } : {}),
  };
}
