import { defineConfig } from 'vitest/config';

// Verification suites (suites/**/*.verify.ts) run against a target through `npm run verify`, never in `npm test`.
export default defineConfig({
  test: {
    include: ['suites/**/*.verify.ts'],
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 60_000,
    maxConcurrency: 6,
    reporters: [],
  },
});
