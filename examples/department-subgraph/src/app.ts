/**
 * 示例：部门自建子图 — a department's own subgraph behind the hub gateway, written with
 * graphql-yoga rather than the hub's Apollo kit. The only hub code it uses is
 * @hub/claims-verifier: every request must carry the gateway's claims, signed for this subgraph,
 * for this exact body, once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLAIMS_HEADER, ClaimsError, createClaimsVerifier, type HubClaims } from '@hub/claims-verifier';
import { createSchema, createYoga } from 'graphql-yoga';

export interface DepartmentSubgraphOptions {
  /** The gateway's JWKS, e.g. new URL('http://gateway:4000/.well-known/jwks.json'). */
  jwks: URL;
  /** The name the gateway knows this subgraph by (the claims' audience). */
  audience: string;
  port?: number;
  host?: string;
}

const schema = createSchema<{ claims: HubClaims }>({
  typeDefs: /* GraphQL */ `
    "部门工作台 — What the department's subgraph says about the caller."
    type Query {
      "当前用户 — The caller as the gateway vouched for them."
      whoAmI: Caller!
    }
    "调用者 — A caller vouched for by the gateway."
    type Caller {
      "人员编号 — Staff id."
      staffId: String!
      "角色 — Roles."
      roles: [String!]!
      "查询目的 — Stated purpose of access."
      purpose: String
    }
  `,
  resolvers: {
    Query: {
      whoAmI: (_parent, _args, { claims }) => ({ staffId: claims.sub, roles: claims.roles, purpose: claims.purpose }),
    },
  },
});

async function readBody(req: http.IncomingMessage, limit = 1 << 20): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startDepartmentSubgraph(options: DepartmentSubgraphOptions) {
  const verify = createClaimsVerifier({ audience: options.audience, jwks: options.jwks });
  const yoga = createYoga<{ claims: HubClaims }>({ schema, graphqlEndpoint: '/graphql', graphiql: false, landingPage: false, logging: false });

  const server = http.createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      // The whole integration: verify the header against the raw body, refuse with 401 otherwise.
      const claims = await verify(req.headers[CLAIMS_HEADER], body);
      const response = await yoga.fetch(
        new Request(`http://localhost${req.url}`, {
          method: req.method,
          headers: req.headers as Record<string, string>,
          body: body.length > 0 ? new Uint8Array(body) : undefined,
        }),
        { claims },
      );
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      const status = error instanceof ClaimsError ? 401 : 400;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: status === 401 ? `未认证 — not authenticated: ${(error as Error).message}` : '请求无效 — bad request' }] }));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
