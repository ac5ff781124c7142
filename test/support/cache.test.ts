import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { KIT_FILES, MIGRATION_FOLDERS } from './cache.ts';

/**
 * The cached database templates (test/support/cache.ts) are rebuilt when a migration or a kit file
 * they run changes: every kit helper a migration calls must be defined in one of KIT_FILES, or a
 * change to it would leave the run on stale templates.
 */
it('keys the cached templates by every kit file a migration calls into', async () => {
  const kit = await Promise.all(KIT_FILES.map((file) => readFile(file, 'utf8')));
  const called = new Set<string>();
  for (const folder of Object.values(MIGRATION_FOLDERS)) {
    for (const file of await readdir(folder)) {
      const text = await readFile(path.join(folder, file), 'utf8');
      for (const [, names] of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@hub\/core'/g)) {
        for (const name of names!.split(',')) if (name.trim() && !name.trim().startsWith('type ')) called.add(name.trim());
      }
    }
  }
  expect(called.size).toBeGreaterThan(0);
  const undefinedInKit = [...called].filter((name) => !kit.some((text) => new RegExp(`export (async )?(function|const) ${name}\\b`).test(text)));
  expect(undefinedInKit).toEqual([]);
});
