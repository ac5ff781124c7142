import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The gateway has no database: it must not load the subgraphs' runtime (kysely, pg, PGlite, Pothos,
 * @apollo/subgraph, the audit chain), which it would keep in memory for nothing. It imports
 * `@hub/core/serving`, not the package's main entry; this test follows what a production start
 * really loads.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Registers a resolve hook that prints every module URL the process loads, one per line, on stderr. */
const HOOK = `data:text/javascript,${encodeURIComponent(`
import module from 'node:module';
const seen = new Set();
module.registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    if (!seen.has(resolved.url)) { seen.add(resolved.url); process.stderr.write('loaded ' + resolved.url + '\\n'); }
    return resolved;
  },
});
`)}`;

/** Every module the gateway's static import graph loads: started in production without its settings, it loads them all, then refuses to start. */
async function modulesOfAGatewayStart(): Promise<string[]> {
  const result = await promisify(execFile)(process.execPath, ['--import', HOOK, 'scripts/serve.ts', 'gateway'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', LOG_LEVEL: 'fatal', NODE_DISABLE_COMPILE_CACHE: '1' },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stderr?: string; code?: number }) => ({ stderr: error.stderr ?? '', code: error.code }));
  return result.stderr
    .split('\n')
    .filter((line) => line.startsWith('loaded '))
    .map((line) => line.slice('loaded '.length).replace(`file://${ROOT}`, ''));
}

describe("the gateway's modules", () => {
  it('include no database, schema builder or subgraph runtime', async () => {
    const modules = await modulesOfAGatewayStart();
    // The check would pass on an empty list: the gateway's own modules and its engine must be there.
    expect(modules).toContain('gateway/src/app.ts');
    expect(modules.some((m) => m.includes('node_modules/@apollo/gateway/'))).toBe(true);
    expect(modules).toContain('packages/core/src/serving.ts');

    const forbidden = [
      /node_modules\/kysely\//,
      /node_modules\/pg(-[a-z]+)?\//,
      /node_modules\/@electric-sql\//,
      /node_modules\/@pothos\//,
      /node_modules\/@apollo\/subgraph\//,
      /^packages\/core\/src\/(index|database|subgraph|builder|audit|audit-chain|outbox|references)\.ts$/,
    ];
    expect(modules.filter((m) => forbidden.some((pattern) => pattern.test(m)))).toEqual([]);
  });
});
