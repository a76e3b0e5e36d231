/**
 * One engine run serves every check it decides: the first check to ask starts it, the others await the same run.
 * Keyed by engine and target (run id and URLs), so proofs against different stacks in one process never share.
 */
import type { Target } from '../target/target.js';

const runs = new Map<string, Promise<unknown>>();

export function targetKey(target: Target): string {
  return [target.runId, target.proxyUrl, target.mcpUrl, target.goApiUrl].join('|');
}

export function sharedRun<T>(engine: string, target: Target, start: () => Promise<T>): Promise<T> {
  const key = `${engine}|${targetKey(target)}`;
  let run = runs.get(key) as Promise<T> | undefined;
  if (!run) {
    run = start();
    runs.set(key, run);
  }
  return run;
}
