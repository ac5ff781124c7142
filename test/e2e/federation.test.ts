import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { randomUnitCode, seed } from '../support/seed.ts';
import { StationedGroupUnitsDocument, UnitCodesPageDocument, UnitsAcrossSubgraphsDocument } from '../operations/generated.ts';

describe('federated hub on PostgreSQL', () => {
  let hub: Hub;
  const codes = Array.from({ length: 50 }, randomUnitCode).sort();

  beforeAll(async () => {
    hub = await startHub({ databases: await freshDatabases() });
    await seed(hub)
      .units(codes.map((code, i) => ({ code, name: `单位${i}` })))
      .petitions(codes[0]!, [
        { receivedOn: '2020-03-01', category: 'HEDONISM' },
        { receivedOn: '2020-11-30', category: 'HEDONISM' },
        { receivedOn: '2021-01-05', category: 'FORMALISM' },
      ])
      .petitions(codes[49]!, [{ receivedOn: '2022-06-01', category: 'INTEGRITY' }])
      .stationedGroup('派驻第三纪检组', [codes[0]!, codes[1]!])
      .stationedGroup('派驻第四纪检组（已调整）', [codes[2]!], '2019-01-01', '2020-01-01');
  });
  afterAll(() => hub?.stop());

  it('answers one query with fields from all three subgraphs', async () => {
    const result = await hub.query(UnitsAcrossSubgraphsDocument, { first: 3 });
    expect(result.errors).toBeUndefined();
    expect(result.data?.units.totalCount).toBe(50);
    const [first, second, third] = result.data?.units.edges.map((e) => e.node) ?? [];
    expect(first).toEqual({
      code: codes[0],
      name: '单位0',
      petitionSummary: [
        { year: 2020, category: 'HEDONISM', count: 2 },
        { year: 2021, category: 'FORMALISM', count: 1 },
      ],
      stationedGroup: { name: '派驻第三纪检组' },
    });
    expect(second?.stationedGroup).toEqual({ name: '派驻第三纪检组' });
    // Coverage that ended is history, not the current group.
    expect(third?.stationedGroup).toBeNull();
  });

  it('costs each subgraph the same number of SQL statements for 1 unit and for 50', async () => {
    // Counted by request id: only the statements run for this request, not the outbox's polling.
    const statementsFor = async (first: number) => {
      const { result, statements } = await hub.countStatements(() => hub.query(UnitsAcrossSubgraphsDocument, { first }));
      expect(result.errors).toBeUndefined();
      expect(result.data?.units.edges).toHaveLength(first);
      return statements;
    };
    const one = await statementsFor(1);
    const fifty = await statementsFor(50);
    expect(fifty).toEqual(one);
    // A statement outside the request meanwhile (as an outbox poll runs) is not the request's.
    const busy = await hub.countStatements(async () => {
      const [answer] = await Promise.all([hub.query(UnitsAcrossSubgraphsDocument, { first: 1 }), sql`select 1`.execute(hub.inspection.database.db)]);
      return answer;
    });
    expect(busy.statements).toEqual(one);
    // units page + totalCount + the active inspection teams discipline's counts require; one batched
    // lookup in each other subgraph; and in each subgraph the one-time id of the gateway's claims.
    expect(one).toEqual({ inspection: 3 + 1, discipline: 1 + 1, stationed: 1 + 1 });
  });

  it("costs discipline one statement per summary of a unit's clues, cases, sanctions and petitions, for 1 unit and for 50", async () => {
    // The gateway's plan: discipline's four summaries of a page of inspection's units in one batched
    // `_entities` request (discipline's batching itself is tested on discipline alone, subgraphs/discipline/test/scenario.test.ts).
    const SUMMARIES = `query($first: Int!) { units(first: $first) { edges { node { code clueSummary { count } caseSummary { count } sanctionSummary { count } petitionSummary { count } } } } }`;
    const statementsFor = async (first: number) => {
      const { result, statements } = await hub.countStatements(() => hub.query<{ units: { edges: { node: { code: string } }[] } }>(SUMMARIES, { first }));
      expect(result.errors).toBeUndefined();
      expect(result.data?.units.edges).toHaveLength(first);
      return statements.discipline;
    };
    const one = await statementsFor(1);
    expect(await statementsFor(50)).toBe(one);
    // The units' clue and case links (one statement), the petition summary, and the one-time id of the
    // gateway's claims: these units have no clues or cases, so the clue, case and sanction summaries,
    // read by those links, need no statement.
    expect(one).toBe(1 + 1 + 1);
  });

  it('pages through the registry with cursors', async () => {
    const page = async (after?: string) => (await hub.query(UnitCodesPageDocument, { after })).data?.units;
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const current = await page(cursor);
      if (!current) throw new Error('no page of units');
      seen.push(...current.edges.map((e) => e.node?.code ?? ''));
      if (!current.pageInfo.hasNextPage) break;
      cursor = current.pageInfo.endCursor ?? undefined;
    }
    expect(seen).toEqual(codes);
  });

  it('rejects a malformed unit code and a forged cursor with errors naming the input', async () => {
    const badCode = await hub.query(`{ unit(code: "11340499MB00100063") { name } }`);
    expect(badCode.errors?.[0]?.message).toMatch(/UnitCode .* check character/);
    const badCursor = await hub.query(`{ units(first: 1, after: "bm90LWEtY3Vyc29y") { totalCount } }`);
    expect(badCursor.errors?.[0]?.message).toBe('参数 after 不是本列表给出的游标 — after is not a cursor returned by this connection');
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('resolves entity references sent to a subgraph in one batch', async () => {
    const { result: response, statements } = await hub.countStatements(() => hub.query(StationedGroupUnitsDocument, {}));
    expect(response.errors).toBeUndefined();
    const group = response.data?.stationedGroups.edges.map((e) => e.node).find((g) => g?.name === '派驻第三纪检组');
    expect(group?.units).toEqual([
      { code: codes[0], name: '单位0' },
      { code: codes[1], name: '单位1' },
    ]);
    // One lookup of the units, and the one-time id of the gateway's claims.
    expect(statements.inspection).toBe(1 + 1);
  });

  it('keeps CSRF prevention on: a simple form-style POST is refused', async () => {
    const response = await hub.post({ query: '{ __typename }' }, { headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF|preflight/i);
  });

  it('takes GraphQL by POST only: a GET query is refused with 405', async () => {
    const headers = { authorization: `Bearer ${await hub.tokenFor({ role: 'analyst' })}`, 'apollo-require-preflight': 'true' };
    const response = await fetch(`${hub.url}?query=${encodeURIComponent('{ __typename }')}`, { headers });
    expect(response.status).toBe(405);
    expect(await response.text()).toContain('POST');
  });

  it('reports readiness of each service including its database', async () => {
    for (const url of Object.values(hub.subgraphUrls)) {
      const response = await fetch(url.replace(/\/graphql$/, '/health'));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', database: 'postgres' });
    }
    const gateway = await fetch(hub.url.replace(/\/graphql$/, '/health'));
    expect(await gateway.json()).toMatchObject({
      status: 'ok',
      subgraphs: {
        discipline: { status: 'ok', required: true, httpStatus: 200 },
        inspection: { status: 'ok', required: true, httpStatus: 200 },
        stationed: { status: 'ok', required: true, httpStatus: 200 },
      },
    });
  });

  it('answers errors with a code and a message, no stack trace or subgraph internals, outside development', async () => {
    const response = await hub.query(`{ units(first: 500) { totalCount } }`);
    expect(response.errors?.[0]).toEqual({
      message: '参数 first 须在 0 到 100 之间 — first must be between 0 and 100',
      path: ['units'],
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'first', field: ['first'], requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    });
    const unknownField = await hub.query(`{ unit(code: "${codes[0]}") { nam } }`);
    expect(unknownField.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect(JSON.stringify(unknownField)).not.toMatch(/stacktrace|127\.0\.0\.1/);
  });
});
