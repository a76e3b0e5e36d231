/**
 * Optional locally, required in CI: a test that needs a tool the machine may lack (chromium, PostgreSQL, Python)
 * skips with the way to install it, except under CI (`CI` set, as `.ci/run` runs), where the missing tool fails the
 * test so CI can never pass by skipping.
 */
export function inCi(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/**
 * Undefined when the requirement is met; otherwise the skip reason. Throws under CI, so the suite fails loudly.
 */
export function optionalRequirement(met: boolean, what: string, install: string): string | undefined {
  if (met) return undefined;
  const reason = `${what} is not available (${install})`;
  if (inCi()) throw new Error(`required in CI: ${reason}`);
  return reason;
}
