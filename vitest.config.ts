import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Server tests bind ports and start PostgreSQL clusters: keep files from
    // oversubscribing a 2-core machine.
    maxWorkers: 2,
    pool: 'forks',
  },
});
