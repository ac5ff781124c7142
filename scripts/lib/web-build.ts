/**
 * Builds the reference web app (web/ → web/dist) when it is missing or older than its sources, so
 * `npm start` and the test suite serve what the code says without anything built being committed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Not imported from ./composition.ts, which loads the federation composer: the test suite's global
// setup and `npm start` check the build before anything else is loaded.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const WEB_DIST = path.join(ROOT, 'web/dist');

const SOURCES = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/package.json', 'packages/client/src'];

function newest(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(file).map((name) => newest(path.join(file, name))));
}

/** True when web/dist/index.html is absent or older than any source file. */
export function webBuildIsStale(): boolean {
  const built = path.join(WEB_DIST, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((source) => newest(path.join(ROOT, source)) > builtAt);
}

/** Runs `vite build` in web/ if needed; throws with vite's output when the build fails. */
export function ensureWebBuild(log: (line: string) => void = () => undefined): { built: boolean; ms: number } {
  const started = performance.now();
  if (!webBuildIsStale()) return { built: false, ms: 0 };
  log('Building the web app (web/ → web/dist) …');
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: path.join(ROOT, 'web'), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`web app build failed:\n${result.stdout}\n${result.stderr}`);
  return { built: true, ms: performance.now() - started };
}
