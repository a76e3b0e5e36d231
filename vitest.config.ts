import { defineConfig } from 'vitest/config';

// Project tests: `*.test.ts` next to the code they test.
// Verification checks (suites/**) run through the harness, not here.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // the configuration matrix runs after these, alone (vitest.matrix.config.ts)
    // .engines/ holds the third-party engines (npm run engines), whose packages carry their own tests
    exclude: ['**/node_modules/**', '.engines/**', 'dist/**', 'reports/out/**', '**/*.matrix.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // two files at a time: most tests wait on child processes and sockets, not on the CPU (vitest's default on two
    // cores is one)
    maxWorkers: 2,
    // Test files in one worker share module state, so PGlite (3–5 s to start) opens once per worker.
    isolate: false,
  },
});
