/**
 * 就绪检查 — the gateway is ready when every required subgraph is: each subgraph's `/ready` (or, for a
 * subgraph that has none, `/health`) is asked in parallel, with a short time limit. The answer names
 * each subgraph and its state, never its address.
 */
export interface SubgraphReadiness {
  status: 'ok' | 'unavailable';
  required: boolean;
  /** HTTP status of the subgraph's answer; absent when it did not answer. */
  httpStatus?: number;
  ms: number;
}

async function probe(graphqlUrl: string, timeoutMs: number): Promise<{ ok: boolean; httpStatus?: number }> {
  for (const path of ['/ready', '/health']) {
    try {
      const response = await fetch(new URL(path, graphqlUrl), { signal: AbortSignal.timeout(timeoutMs) });
      await response.body?.cancel();
      if (response.status === 404 && path === '/ready') continue;
      return { ok: response.ok, httpStatus: response.status };
    } catch {
      return { ok: false };
    }
  }
  return { ok: false, httpStatus: 404 };
}

export async function checkSubgraphs(
  targets: ReadonlyMap<string, string>,
  optional: ReadonlySet<string>,
  timeoutMs: number,
): Promise<{ ready: boolean; subgraphs: Record<string, SubgraphReadiness> }> {
  const entries = await Promise.all(
    [...targets]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(async ([name, url]) => {
        const started = performance.now();
        const result = await probe(url, timeoutMs);
        const readiness: SubgraphReadiness = {
          status: result.ok ? 'ok' : 'unavailable',
          required: !optional.has(name),
          ...(result.httpStatus !== undefined ? { httpStatus: result.httpStatus } : {}),
          ms: Math.round(performance.now() - started),
        };
        return [name, readiness] as const;
      }),
  );
  const subgraphs = Object.fromEntries(entries);
  return { ready: entries.every(([, r]) => r.status === 'ok' || !r.required), subgraphs };
}
