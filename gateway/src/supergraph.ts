import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Stats, unwatchFile, watchFile } from 'node:fs';
import type { Logger } from '@hub/core/serving';
import type { GatewayMetrics } from './metrics.ts';

type SupergraphSdlHook = (options: { update: (sdl: string) => void }) => Promise<{ supergraphSdl: string; cleanup: () => Promise<void> }>;

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

/**
 * 超级图热加载 — the supergraph file, watched: when it changes (a department's subgraph composed in,
 * a ConfigMap updated), the gateway plans with the new schema without a restart. A file that cannot
 * be read or does not build a supergraph is refused with an error log line, and the schema in use
 * stays. The file's stat is polled (`intervalMs`), which also follows a Kubernetes ConfigMap's
 * symlink swap. `intervalMs` 0: the file is read once.
 */
export function watchedSupergraph(path: string, logger: Logger, metrics: GatewayMetrics, intervalMs: number): SupergraphSdlHook {
  return async ({ update }) => {
    let seen = await readFile(path, 'utf8');
    let checking = Promise.resolve();
    const check = async () => {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        logger.error({ code: (error as { code?: string }).code, supergraph: path }, 'supergraph file cannot be read; the schema in use is kept');
        metrics.supergraphReloads.inc({ outcome: 'refused' });
        return;
      }
      if (text === seen) return;
      seen = text;
      try {
        update(text);
        metrics.supergraphReloads.inc({ outcome: 'applied' });
        logger.info({ supergraph: path, sha256: shortHash(text) }, 'supergraph reloaded');
      } catch (error) {
        metrics.supergraphReloads.inc({ outcome: 'refused' });
        logger.error({ err: error, supergraph: path, sha256: shortHash(text) }, 'supergraph file refused; the schema in use is kept');
      }
    };
    const listener = (current: Stats, previous: Stats) => {
      if (current.mtimeMs === previous.mtimeMs && current.size === previous.size && current.ino === previous.ino) return;
      checking = checking.then(check);
    };
    if (intervalMs === 0) return { supergraphSdl: seen, cleanup: async () => undefined };
    watchFile(path, { interval: intervalMs, persistent: false }, listener);
    return {
      supergraphSdl: seen,
      cleanup: async () => {
        unwatchFile(path, listener);
        await checking;
      },
    };
  };
}
