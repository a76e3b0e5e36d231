import { defineConfig } from 'vitest/config';

// The configuration matrix (verify/matrix/*.matrix.test.ts): whole-suite runs against labs of separate processes.
// After the project tests, one configuration at a time, so latency checks measure the lab, not a busy machine.
export default defineConfig({
  test: {
    include: ['**/*.matrix.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'reports/out/**'],
    pool: 'forks',
    fileParallelism: false,
    maxConcurrency: 1,
    testTimeout: 8 * 60_000,
    hookTimeout: 120_000,
  },
});
