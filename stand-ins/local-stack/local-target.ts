/**
 * `--target local`: boots the stand-in (PGlite) and the proxy in-process on free loopback ports with freshly
 * generated secrets, and describes them as a target. Torn down at the end of the run.
 */
import { startLocalStack, type LocalStack, type LocalStackOptions } from './stack.js';
import type { TargetSpec } from '../../framework/target/spec.js';

export interface LocalTarget {
  readonly spec: TargetSpec;
  readonly stack: LocalStack;
  close(): Promise<void>;
}

/** The local stack as users of a deployment see it: the proxy behind a TLS edge (unless `edge: false`). */
export async function startLocalTarget(runId: string, options: LocalStackOptions = {}): Promise<LocalTarget> {
  const stack = await startLocalStack({ edge: true, ...options });
  return { spec: stack.targetSpec(runId), stack, close: () => stack.close() };
}
