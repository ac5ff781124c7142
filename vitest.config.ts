import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One graphql module for everything, or "another module or realm" errors follow.
    alias: { graphql: 'graphql/index.js' },
  },
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
      'subgraphs/*/test/**/*.test.ts',
      'gateway/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Two files at a time: most of a test file's time is spent waiting on its services and database,
    // so two workers use both cores of the CI machine (vitest's default would be one here).
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
