import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ADHOC_ROLES, DEFAULT_MANIFEST, loadTrustedDocuments, sha256 } from '../../gateway/src/trusted-documents.ts';
import { freshDatabases, type Hub, startHub, TEST_AUDIENCE, TEST_ISSUER } from '../support/hub.ts';
import { markSecret } from '../support/leaks.ts';
import { randomUnitCode, seed } from '../support/seed.ts';

/**
 * Reproductions 2, 6, 7 and 8 of the security issue against a production-mode gateway with the
 * trusted documents of operations/ enforced and a per-caller rate limit.
 */
let hub: Hub;
const trusted = await loadTrustedDocuments(DEFAULT_MANIFEST, DEFAULT_ADHOC_ROLES);
const UNIT_QUERY = [...trusted.documents.values()].find((d) => d.startsWith('query Unit('))!;
const REFERENCE_CHECK = [...trusted.documents.values()].find((d) => d.startsWith('query ReferenceCheckStationed('))!;

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() }, { gateway: { trustedDocuments: trusted, rateLimit: { perSecond: 5, burst: 60 } } });
});
afterAll(async () => {
  await hub?.stop();
});

async function send(body: unknown, options: Parameters<Hub['post']>[1] = {}) {
  const response = await hub.post(body, options);
  const text = await response.text();
  return {
    status: response.status,
    text,
    body: JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
    headers: response.headers,
  };
}

const errorLines = () => hub.logLines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

describe('error messages name the field and the rule, never the submitted value (2)', () => {
  const REGISTER = `mutation R($i: RegisterPetitionInput!) { registerPetition(input: $i) { __typename } }`;
  const reporter = { name: 'SECRET-NAME-7781', contact: 'SECRET-CONTACT-7781', idNumber: 'SECRET-ID-7781' };
  const input = { receivedOn: '2024-01-01', channel: 'LETTER', category: 'INTEGRITY', named: true, summary: '反映内容', reporter };

  it('an unknown field inside reporter is named; the reporter object is not echoed', async () => {
    const { status, text, body } = await send({ query: REGISTER, variables: { i: { ...input, reporter: { ...reporter, x: 1 } } } }, { as: { role: 'leader' } });
    expect(status).toBe(400);
    expect(body.errors![0]!.message).toMatch(/"i\.reporter".*Field "x" is not defined by type "PetitionReporterInput"/);
    expect(text).not.toMatch(/SECRET-/);
  });

  it('wrong types, enum values and scalars are named by path and rule, in variables and literals', async () => {
    const cases: [unknown, RegExp][] = [
      [{ query: REGISTER, variables: { i: { ...input, reporter: { ...reporter, name: 12345678 } } } }, /"i\.reporter\.name": String cannot represent/],
      [{ query: REGISTER, variables: { i: { ...input, channel: 'SECRET-CHANNEL-7781' } } }, /"i\.channel".*does not exist in "PetitionChannel" enum/],
      [{ query: REGISTER, variables: { i: { ...input, receivedOn: 'SECRET-DATE-7781' } } }, /"i\.receivedOn".*Date must have the form YYYY-MM-DD/],
      [{ query: `query Q($c: UnitCode!) { unit(code: $c) { name } }`, variables: { c: 'SECRET-CODE-7781' } }, /"c".*UnitCode is not a valid/],
      [{ query: `{ bulletins(filter: { year: "SECRET-YEAR-7781" }) { totalCount } }` }, /Int cannot represent non-integer value\.$/],
      [{ query: `{ unit(code: "SECRET-CODE-7781") { name } }` }, /UnitCode is not a valid/],
    ];
    for (const [request, message] of cases) {
      const { status, text, body } = await send(request, { as: { role: 'leader' } });
      expect(status, text).toBe(400);
      expect(body.errors![0]!.message).toMatch(message);
      expect(text).not.toMatch(/SECRET-/);
    }
    expect(hub.logLines.join('\n')).not.toMatch(/SECRET-/);
  });

  it('a subgraph reached directly rewrites its own coercion errors the same way', async () => {
    // The claims are bound to the exact body they travel with.
    const body = JSON.stringify({ query: REGISTER, variables: { i: { ...input, reporter: { ...reporter, x: 1 } } } });
    const claims = await hub.signClaims(
      {
        viewer: { staffId: 's-1', roles: ['petition_officer'], scopes: { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [] } },
        purpose: null,
      },
      'discipline',
      body,
    );
    const response = await fetch(hub.subgraphUrls.discipline, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-claims': claims },
      body,
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).toMatch(/i\.reporter/);
    expect(text).not.toMatch(/SECRET-/);
  });
});

describe('client mistakes are 4xx, never 500, and never an error-level log line (7)', () => {
  it('syntax, token limit, unknown operationName, introspection, malformed JSON, bad year', async () => {
    const before = errorLines().length;
    const cases: [unknown, number, string][] = [
      [{ query: '{' }, 400, 'GRAPHQL_PARSE_FAILED'],
      [{ query: `{ ${'__typename '.repeat(5000)} }` }, 400, 'GRAPHQL_PARSE_FAILED'],
      [{ query: '{ __typename }', operationName: 'Nope' }, 400, 'OPERATION_RESOLUTION_FAILURE'],
      [{ query: 'query A { __typename } query B { __typename }' }, 400, 'OPERATION_RESOLUTION_FAILURE'],
      [{ query: '{ bulletins(filter: { year: -1 }) { totalCount } }' }, 400, 'BAD_USER_INPUT'],
      [{ query: '{ statistics(year: 99999) { year } }' }, 400, 'BAD_USER_INPUT'],
      [{ query: 5 }, 400, 'BAD_REQUEST'],
      [[{ query: '{ __typename }' }], 400, 'BAD_REQUEST'],
    ];
    for (const [body, status, code] of cases) {
      const answer = await send(body, { as: { role: 'analyst' } });
      expect(answer.status, answer.text).toBe(status);
      expect(answer.body.errors![0]!.extensions!.code, answer.text).toBe(code);
    }
    const introspection = await send({ query: '{ __schema { types { name } } }' }, { as: { role: 'case_officer' } });
    expect(introspection.status).toBe(403);
    const raw = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.tokenFor({ role: 'leader' })}` },
      body: '{"query": "SECRET-JSON-7781',
    });
    const rawText = await raw.text();
    expect(raw.status).toBe(400);
    expect(rawText).not.toMatch(/SECRET-/);
    expect(errorLines().slice(before)).toEqual([]);
  });

  it('a caller over the rate limit gets 429 with Retry-After; another caller is not held up', async () => {
    const caller = { role: 'leader' as const, staffId: 'staff-rate-limited' };
    const token = await hub.tokenFor(caller);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 120; i++) {
      const response = await hub.post({ query: '{ __typename }' }, { as: { token } });
      statuses.push(response.status);
      if (response.status === 429) retryAfter ??= response.headers.get('retry-after');
      await response.text();
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await send({ query: '{ __typename }' }, { as: { role: 'leader', staffId: 'staff-other' } })).status).toBe(200);
  });
});

describe('trusted documents (6)', () => {
  const code = randomUnitCode();
  it('roles without ad-hoc queries run the manifest documents only, by text or by hash', async () => {
    const officer = { role: 'inspection_officer' as const };
    const adhoc = await send({ query: '{ units(first: 1) { totalCount } }' }, { as: officer });
    expect(adhoc.status).toBe(403);
    expect(adhoc.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const byText = await send({ query: UNIT_QUERY, variables: { code } }, { as: officer });
    expect(byText.status, byText.text).toBe(200);
    // Printed differently (other whitespace) it is the same document.
    const reformatted = await send({ query: UNIT_QUERY.replace(/\n\s*/g, ' '), variables: { code } }, { as: officer });
    expect(reformatted.status, reformatted.text).toBe(200);
    const byHash = await send({ variables: { code }, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(UNIT_QUERY) } } }, { as: officer });
    expect(byHash.status, byHash.text).toBe(200);
    expect(byHash.body.errors ?? []).toEqual([]);
  });

  it('analyst and leader send their own documents, still within the limits', async () => {
    expect((await send({ query: '{ units(first: 1) { totalCount } }' }, { as: { role: 'analyst' } })).status).toBe(200);
    const deep = `{ ${'units(first: 1) { edges { node { subUnits { '.repeat(4)}code${' } } } }'.repeat(4)} }`;
    const tooDeep = await send({ query: deep }, { as: { role: 'leader' } });
    expect(tooDeep.status).toBe(400);
  });

  it('bogus hashes are 400 without an error-level log line', async () => {
    const before = errorLines().length;
    for (const persistedQuery of [
      { version: 1, sha256Hash: 'a'.repeat(64) },
      { version: 1, sha256Hash: 'abc' },
      { version: 2, sha256Hash: 'a'.repeat(64) },
      null,
      'x',
    ]) {
      const answer = await send({ query: '{ __typename }', extensions: { persistedQuery } }, { as: { role: 'leader' } });
      expect(answer.status, answer.text).toBe(400);
      const bare = await send({ extensions: { persistedQuery } }, { as: { role: 'inspection_officer' } });
      expect(bare.status, bare.text).toBe(400);
    }
    expect(errorLines().slice(before)).toEqual([]);
  });

  it('the manifest holds every operation of operations/, keyed by the hash of its canonical text', async () => {
    expect(trusted.documents.size).toBeGreaterThanOrEqual(8);
    for (const [hash, document] of trusted.documents) expect(sha256(document)).toBe(hash);
  });
});

describe('service identities in production mode: trusted documents only, one-time assertions bound to the body', () => {
  const leader = { role: 'leader' as const };
  const createGroup = (unitCode: string) =>
    send(
      {
        query: 'mutation($input: CreateStationedGroupInput!) { createStationedGroup(input: $input) { group { id } errors { code field } } }',
        variables: { input: { name: `派驻组${unitCode.slice(-4)}`, startOn: '2024-01-01', unitCodes: [unitCode], members: [] } },
      },
      { as: leader },
    );
  /** Posts straight to the gateway as `body`'s service identity. */
  const asService = async (body: 'discipline' | 'stationed', requestBody: string, assertion?: string) => {
    const response = await fetch(hub.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-service-assertion': assertion ?? (await hub.signServiceAssertion(body, requestBody)),
        'x-access-purpose': encodeURIComponent('测试'),
      },
      body: requestBody,
    });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] } };
  };

  it("a write's reference check runs as a trusted document: an unknown unit is NOT_FOUND, a registered one is linked", async () => {
    const unknown = await createGroup(randomUnitCode());
    expect(unknown.status, unknown.text).toBe(200);
    expect((unknown.body.data as any).createStationedGroup.errors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'unitCodes', '0'] }]);
    const code = randomUnitCode();
    await seed(hub).units([{ code }]);
    const known = await createGroup(code);
    expect((known.body.data as any).createStationedGroup.errors).toEqual([]);
  });

  it('the manifest holds every document a service identity sends, and nothing else runs for it', async () => {
    const { REFERENCE_CHECK_DOCUMENTS } = await import('@hub/core');
    const { DISCIPLINE_TOPICS } = await import('../../subgraphs/discipline/src/outbox.ts');
    const { INSPECTION_TOPICS } = await import('../../subgraphs/inspection/src/outbox.ts');
    const { INSPECTION_PERIOD_FIGURES_DOCUMENT } = await import('../../subgraphs/discipline/src/inspection-figures.ts');
    const { canonicalDocument } = await import('../../gateway/src/trusted-documents.ts');
    const { parse } = await import('graphql');
    const sent = [
      ...REFERENCE_CHECK_DOCUMENTS,
      ...Object.values(DISCIPLINE_TOPICS).map((t) => t.mutation),
      ...Object.values(INSPECTION_TOPICS).map((t) => t.mutation),
      INSPECTION_PERIOD_FIGURES_DOCUMENT,
    ];
    expect(sent).toHaveLength(7);
    for (const document of sent) expect(trusted.documents.has(sha256(canonicalDocument(parse(document))!)), document.slice(0, 40)).toBe(true);
    // An event delivery reaches its consumer (which names the unknown transfer) …
    const delivery = JSON.stringify({
      query: DISCIPLINE_TOPICS.clueResultReported!.mutation,
      variables: { input: { eventId: crypto.randomUUID(), clueTransferId: crypto.randomUUID(), reportedOn: '2025-06-12', summary: '已办结' } },
    });
    const delivered = await asService('discipline', delivery);
    expect(delivered.status).toBe(200);
    expect(delivered.body.data.applyClueResultReported.errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    // … a document of its own does not run for a service identity.
    const adhoc = await asService('stationed', JSON.stringify({ query: '{ inspectionReferences(unitCodes: []) { units { code } } }' }));
    expect(adhoc.status).toBe(403);
  });

  it('a service assertion serves one request with the body it was signed for: a replay or another body is 401', async () => {
    const requestBody = JSON.stringify({ query: REFERENCE_CHECK, variables: { stationedGroupIds: [crypto.randomUUID()] } });
    const assertion = await hub.signServiceAssertion('discipline', requestBody);
    const first = await asService('discipline', requestBody, assertion);
    expect(first.status).toBe(200);
    expect(first.body.data.stationedReferences).toEqual({ stationedGroups: [], escalations: [], staffEngagements: [] });
    expect((await asService('discipline', requestBody, assertion)).status).toBe(401);
    const other = await hub.signServiceAssertion('discipline', requestBody);
    const moved = await asService(
      'discipline',
      JSON.stringify({ query: REFERENCE_CHECK, variables: { stationedGroupIds: [crypto.randomUUID(), crypto.randomUUID()] } }),
      other,
    );
    expect(moved.status).toBe(401);
    // A service identity reaches its lookups and consumers only: a user's trusted document, even of
    // a field open to every role, is refused to it.
    const userDocument = await asService('stationed', JSON.stringify({ query: UNIT_QUERY, variables: { code: randomUnitCode() } }));
    expect(
      userDocument.body.errors?.map((e) => e.extensions?.code),
      JSON.stringify(userDocument.body),
    ).toContain('FORBIDDEN');
  });
});

describe('token policy (8)', () => {
  const now = () => Math.floor(Date.now() / 1000);
  async function token(claims: Record<string, unknown>, times: { iat?: number; exp?: number; sub?: string } = {}) {
    const jwt = new SignJWT({ roles: ['leader'], ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(times.sub ?? 'staff-policy')
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setIssuedAt(times.iat ?? now())
      .setExpirationTime(times.exp ?? now() + 600);
    const signed = await jwt.sign(hub.issuerSecret);
    markSecret(signed);
    return signed;
  }
  // 401 when the token is refused; anything else (200, or 403 for an untrusted document) means accepted.
  const status = async (t: string) => {
    const code = (await hub.post({ query: '{ __typename }' }, { as: { token: t } })).status;
    return code === 401 ? 401 : 200;
  };

  it('refuses long-lived tokens, iat in the future, huge subjects and scope lists', async () => {
    expect(await status(await token({}))).toBe(200);
    expect(await status(await token({}, { exp: now() + 100 * 365 * 86400 }))).toBe(401);
    expect(await status(await token({}, { exp: now() + 13 * 3600 }))).toBe(401);
    expect(await status(await token({}, { iat: now() + 3600, exp: now() + 7200 }))).toBe(401);
    expect(await status(await token({}, { iat: now() + 30 }))).toBe(200);
    expect(await status(await token({}, { sub: 'x'.repeat(10_000) }))).toBe(401);
    expect(
      await status(await token({ roles: ['inspection_officer'], scopes: { inspectionTeamIds: Array.from({ length: 500 }, (_, i) => `team-${i}`) } })),
    ).toBe(401);
    // A scope without the role that uses it grants nothing: ignored, not an error (the dossier matrix shows what such an analyst reads).
    expect(await status(await token({ roles: ['analyst'], scopes: { stationedGroupIds: ['g-1'] } }))).toBe(200);
    expect(await status(await token({ roles: ['stationed_officer'], scopes: { stationedGroupIds: ['g-1'] } }))).toBe(200);
  });

  it('the gateway generates the request id stored in the audit log, whatever X-Request-Id the caller sends', async () => {
    const unit = randomUnitCode();
    await seed(hub)
      .units([{ code: unit }])
      .petitions(unit, [{ receivedOn: '2024-03-01', category: 'INTEGRITY' }]);
    const read = await send(
      { query: '{ petitions(first: 5) { edges { node { id summary } } } }' },
      { as: { role: 'leader' }, purpose: '核查', headers: { 'x-request-id': 'caller-chosen-id' } },
    );
    expect(read.status, read.text).toBe(200);
    const audit = await hub.query<{ disciplineAuditLog: { edges: { node: { requestId: string; action: string } }[] } }>(
      '{ disciplineAuditLog(first: 5) { edges { node { requestId action } } } }',
    );
    const reads = audit.data!.disciplineAuditLog.edges.filter((e) => e.node.action === 'READ');
    expect(reads.length).toBeGreaterThan(0);
    for (const { node } of reads) expect(node.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(hub.logLines.some((line) => line.includes('"requestId":"caller-chosen-id"'))).toBe(false);
  });
});
