import { defineConfig } from 'vitest/config';
import LongestFirst from './test/support/sequencer.ts';

// Node processes the tests start with this environment (`npm start`, the seed and check scripts,
// the services those start) keep V8's compiled code of the modules they load between starts and
// runs (Node's compile cache, checked against each file's contents): about a sixth less CPU per
// start of a service process, which loads the whole kit, Apollo and the schemas.
process.env.NODE_COMPILE_CACHE ??= new URL('./node_modules/.cache/hub-node-compile', import.meta.url).pathname;

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
    // Forgets the previous file's marked secrets (see below).
    setupFiles: ['test/support/per-file.ts'],
    pool: 'forks',
    // A worker loads the hub's modules (gateway, three subgraph schemas, Apollo, PGlite) once, not
    // once per test file: each file in its own process spent about a third of the suite's CPU time
    // loading them. Each file still builds its own hub and databases and stops them; the one
    // module-level state the tests rely on (marked secrets) is reset per file by
    // test/support/per-file.ts. Checked with the files in shuffled order (docs/testing.md).
    isolate: false,
    // Two files at a time: most of a test file's time is spent waiting on its services and database,
    // so two workers use both cores of the CI machine (vitest's default would be one here).
    maxWorkers: 2,
    // Longest files first, so that both workers finish together (test/support/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
