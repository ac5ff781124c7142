import { fileURLToPath } from 'node:url';

/**
 * This subgraph's migrations. Scripts that only open its database (seed, check-rules) import this
 * rather than app.ts, which builds the GraphQL schema (about 0.2 s of CPU per subgraph).
 */
export const migrationFolder = fileURLToPath(new URL('./migrations', import.meta.url));
