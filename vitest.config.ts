import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { useMemoryTmpDir } from './test/support/memory-tmp.ts';
import LongestFirst from './test/support/sequencer.ts';

// Node's on-disk cache of compiled code for every Node process the run starts: the test workers and
// the services, supervisors and scripts the tests start as child processes (each loads the gateway's
// or a subgraph's modules anew). A service process started about a third faster with it on a 2-core
// machine (4.4 → 2.9 s of CPU). Node checks each cached entry against the source it was compiled
// from, so a changed file is compiled afresh; the cache lives beside the other test caches.
process.env.NODE_COMPILE_CACHE ??= fileURLToPath(new URL('node_modules/.cache/node-compile', import.meta.url));

// Temporary files (the run's PostgreSQL cluster and databases, embedded database copies) in memory
// when /dev/shm allows: writing them to this machine's disk cost more CPU than the tests that use
// them (test/support/memory-tmp.ts).
useMemoryTmpDir();

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
