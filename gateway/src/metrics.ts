import { Counter, Histogram } from 'prom-client';
import type { ServiceMetrics } from '@hub/core/serving';

/** Seconds; a subgraph fetch from ~1 ms to the 10 s timeout. */
const FETCH_BUCKETS = [0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The gateway's own metrics beside the shared ones: each subgraph fetch and the supergraph in use. */
export class GatewayMetrics {
  readonly fetchDuration: Histogram<'subgraph' | 'status'>;
  readonly fetchFailures: Counter<'subgraph' | 'reason'>;
  readonly supergraphReloads: Counter<'outcome'>;

  readonly service: ServiceMetrics;

  constructor(service: ServiceMetrics) {
    this.service = service;
    const registers = [service.registry];
    this.fetchDuration = new Histogram({
      name: 'hub_subgraph_fetch_duration_seconds',
      help: 'Gateway fetches from subgraphs, by subgraph and HTTP status (0: no response).',
      labelNames: ['subgraph', 'status'],
      buckets: FETCH_BUCKETS,
      registers,
    });
    this.fetchFailures = new Counter({
      name: 'hub_subgraph_fetch_failures_total',
      help: 'Gateway fetches from subgraphs that got no response, by subgraph and reason (timeout, network).',
      labelNames: ['subgraph', 'reason'],
      registers,
    });
    this.supergraphReloads = new Counter({
      name: 'hub_supergraph_reloads_total',
      help: 'Supergraph file changes seen by the gateway, by outcome (applied, refused).',
      labelNames: ['outcome'],
      registers,
    });
  }

  /** Wraps one subgraph fetch with its duration and outcome. */
  async fetch<R extends { status: number }>(subgraph: string, run: () => Promise<R>): Promise<R> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const response = await run();
      this.fetchDuration.observe({ subgraph, status: String(response.status) }, seconds());
      return response;
    } catch (error) {
      this.fetchDuration.observe({ subgraph, status: '0' }, seconds());
      this.fetchFailures.inc({ subgraph, reason: (error as Error).name === 'TimeoutError' ? 'timeout' : 'network' });
      throw error;
    }
  }
}
