import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultEmbeddedCacheDir, embeddedTemplateKey, seedEmbeddedDatabase } from '../src/embedded-template.ts';
import { createLogger } from '../src/logger.ts';

/**
 * A new embedded database is a copy of the machine's initialised one (no initdb per data folder); an
 * existing database, an incomplete cache entry or an unusable cache leave the folder alone (PGlite
 * then initialises it in place). That a copy opens and migrates is shown by `npm start` on a new data
 * folder (test/e2e/start.test.ts).
 */
let dir: string;
const logger = createLogger({ name: 'test', level: 'silent' });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hub-embedded-template-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('makes a new data folder a copy of the initialised database in the machine cache', async () => {
  // The machine's own cache (built here on a fresh clone, as the first `npm start` would).
  const target = path.join(dir, 'fresh', 'inspection');
  expect(await seedEmbeddedDatabase(target, logger)).toBe(true);
  const cached = path.join(defaultEmbeddedCacheDir(), await embeddedTemplateKey(), 'data');
  expect(existsSync(path.join(target, 'PG_VERSION'))).toBe(true);
  // The copy, not another initdb: initdb gives every cluster its own system identifier in pg_control.
  expect(await readFile(path.join(target, 'global', 'pg_control'))).toEqual(await readFile(path.join(cached, 'global', 'pg_control')));
  // Nothing left beside it from the copy.
  expect(await readdir(path.join(dir, 'fresh'))).toEqual(['inspection']);
  // An empty folder counts as new.
  await mkdir(path.join(dir, 'empty'));
  expect(await seedEmbeddedDatabase(path.join(dir, 'empty'), logger)).toBe(true);
  expect(existsSync(path.join(dir, 'empty', 'PG_VERSION'))).toBe(true);
});

it('leaves a folder that holds anything alone', async () => {
  const target = path.join(dir, 'existing');
  await mkdir(target);
  await writeFile(path.join(target, 'something'), 'kept');
  expect(await seedEmbeddedDatabase(target, logger)).toBe(false);
  expect(await readdir(target)).toEqual(['something']);
});

it('never uses an incomplete cache entry or a cache it cannot write, and leaves the folder to PGlite', async () => {
  const cache = path.join(dir, 'cache');
  // An entry without PG_VERSION (not one the cache writes: it renames only finished builds).
  await mkdir(path.join(cache, await embeddedTemplateKey(), 'data'), { recursive: true });
  expect(await seedEmbeddedDatabase(path.join(dir, 'from-incomplete'), logger, cache)).toBe(false);
  expect(existsSync(path.join(dir, 'from-incomplete'))).toBe(false);
  // A cache folder that cannot be made (a file stands in its place).
  await writeFile(path.join(dir, 'not-a-folder'), '');
  expect(await seedEmbeddedDatabase(path.join(dir, 'from-unusable'), logger, path.join(dir, 'not-a-folder', 'cache'))).toBe(false);
  expect(existsSync(path.join(dir, 'from-unusable'))).toBe(false);
});

it('keys the cache by the PGlite version and its initdb module', async () => {
  const { version } = JSON.parse(await readFile(path.join(defaultEmbeddedCacheDir(), '..', '..', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as {
    version: string;
  };
  expect(await embeddedTemplateKey()).toMatch(new RegExp(`^${version.replaceAll('.', '\\.')}-[0-9a-f]{16}$`));
});
