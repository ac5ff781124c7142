/**
 * 无数据库的服务 — what a GraphQL service without a database of its own needs (the gateway): logs,
 * settings, the HTTP server, callers and their claims, service identities, errors, scalars, metrics
 * and traces. The package's main entry also brings the database, the schema builder and the subgraph
 * runtime (kysely, pg, PGlite, Pothos, @apollo/subgraph, the audit chain), which such a service would
 * load and keep in memory for nothing.
 */
export * from './logger.ts';
export * from './process.ts';
export * from './http.ts';
export * from './auth.ts';
export * from './errors.ts';
export * from './scalars.ts';
export * from './service-identity.ts';
export * from './observability/metrics.ts';
export * from './observability/requests.ts';
export * from './observability/tracing.ts';
