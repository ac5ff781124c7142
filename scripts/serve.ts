/**
 * Starts one service by name — what the container image, the systemd units and the Kubernetes
 * manifests run: `node scripts/serve.ts <gateway|inspection|discipline|stationed>` (or HUB_SERVICE).
 * `node scripts/serve.ts --health <name>` asks that service's /health and exits 0 when it is ready.
 */
import { readFileSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

interface ServiceEntry {
  name: string;
  entry: string;
  defaultPort: number;
}

function services(): ServiceEntry[] {
  // Subgraphs whose code lives in this repository: `module` is `<dir>/src/schema/index.ts`.
  const config = JSON.parse(readFileSync(`${root}subgraphs.json`, 'utf8')) as { subgraphs: { name: string; url: string; module?: string }[] };
  const local = config.subgraphs.filter((s) => s.module);
  return [
    { name: 'gateway', entry: 'gateway/src/server.ts', defaultPort: 4000 },
    ...local.map((s) => ({
      name: s.name,
      entry: s.module!.replace(/schema\/index\.ts$/, 'server.ts'),
      defaultPort: Number(new URL(s.url).port),
    })),
  ];
}

const args = process.argv.slice(2);
const health = args[0] === '--health';
const name = (health ? args[1] : args[0]) ?? process.env.HUB_SERVICE;
const known = services();
const service = known.find((s) => s.name === name);
if (!service) {
  console.error(`usage: node scripts/serve.ts [--health] <${known.map((s) => s.name).join('|')}> (or set HUB_SERVICE); got ${JSON.stringify(name ?? null)}`);
  process.exit(2);
}

if (health) {
  const port = Number(process.env[`${service.name.toUpperCase()}_PORT`] || service.defaultPort);
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(4_000) });
    process.exit(response.ok ? 0 : 1);
  } catch {
    process.exit(1);
  }
} else {
  // Node's on-disk cache of compiled code (under the system's temporary folder unless
  // NODE_COMPILE_CACHE names one; NODE_DISABLE_COMPILE_CACHE=1 turns it off): a restart compiles
  // the service's modules from the cache instead of from source, which cost about 0.3 s of CPU of
  // a service's start. Enabled before the service is imported, so its whole module graph is covered;
  // a folder that cannot be written only means no cache.
  module.enableCompileCache();
  await import(new URL(`../${service.entry}`, import.meta.url).href);
}
