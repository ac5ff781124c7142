import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One graphql module for everything, or "another module or realm" errors follow.
    alias: { graphql: 'graphql/index.js' },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'subgraphs/*/test/**/*.test.ts', 'gateway/test/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
