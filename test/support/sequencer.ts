import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each of the longest test files took on a 2-core machine (the mean of two whole-suite runs
 * on a shared machine, 2026-11-30): used when vitest has no duration of its own for a file (a fresh
 * clone, a renamed file). Only the order depends on them.
 */
const EXPECTED_SECONDS: Record<string, number> = {
  'test/e2e/start.test.ts': 40,
  'test/security/no-values-in-logs.test.ts': 29,
  'test/browser/web-app.test.ts': 20,
  'test/authz/matrix.test.ts': 17,
  'test/security/fuzz.test.ts': 17,
  'test/deploy/deployment.test.ts': 12,
  'test/e2e/audit-chain.test.ts': 12,
  'test/security/replay-replicas.test.ts': 11,
  'test/e2e/references.test.ts': 10,
  'test/e2e/seed.test.ts': 10,
  'test/e2e/tracing.test.ts': 8,
  'test/e2e/check-references.test.ts': 8,
  'test/e2e/loops.test.ts': 7,
  'test/e2e/dossier.test.ts': 5,
  'test/e2e/security.test.ts': 5,
  'test/e2e/corrections.test.ts': 5,
  'test/client-package.test.ts': 5,
  'test/schema-files.test.ts': 4,
};

/**
 * Longest files first, so that the two workers end together instead of one of them starting the
 * longest file last while the other sits idle. vitest's own order (`BaseSequencer`) sorts by the
 * durations it recorded in the previous run, or by file size when it has none; this one uses the
 * recorded duration when there is one, else the expected seconds above, else the file's size as a
 * rough guess (about a second per 4 kB of test code).
 */
export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const cache = this.ctx.cache;
    const expectedMs = (spec: TestSpecification): number => {
      const file = path.relative(root, spec.moduleId).split(path.sep).join('/');
      const recorded = cache.getFileTestResults(`${spec.project.name}:${file}`);
      if (recorded && !recorded.failed && recorded.duration > 0) return recorded.duration;
      if (EXPECTED_SECONDS[file] !== undefined) return EXPECTED_SECONDS[file] * 1000;
      return (cache.getFileStats(`${spec.project.name}:${file}`)?.size ?? 4000) / 4;
    };
    const keyed = files.map((spec) => ({ spec, ms: expectedMs(spec) }));
    keyed.sort((a, b) => b.ms - a.ms);
    return keyed.map(({ spec }) => spec);
  }
}
