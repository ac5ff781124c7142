import { startDepartmentSubgraph } from './app.ts';

// HUB_JWKS_URL: the gateway's /.well-known/jwks.json; DEPARTMENT_SUBGRAPH_NAME: the name the supergraph gives this subgraph.
const service = await startDepartmentSubgraph({
  jwks: new URL(process.env.HUB_JWKS_URL ?? 'http://127.0.0.1:4000/.well-known/jwks.json'),
  audience: process.env.DEPARTMENT_SUBGRAPH_NAME ?? 'department',
  port: Number(process.env.PORT ?? 4010),
  host: process.env.HOST ?? '127.0.0.1',
});
console.log(`department subgraph listening at ${service.url}`);
