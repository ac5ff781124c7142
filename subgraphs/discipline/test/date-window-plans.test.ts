import { SESSION_OPTIONS } from '@hub/core';
import { ALL_UNITS, UNITS } from '@hub/demo';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshDatabase, type SubgraphHarness, startSubgraph } from '../../../test/support/subgraph.ts';
import { countByUnitLinks, findUnitLinks } from '../src/db/cases.ts';
import type { DisciplineDatabase } from '../src/db/database.ts';
import { findDisciplineSignalRows } from '../src/db/signals.ts';

/**
 * The dossier's statements about a unit and its sub-units run as prepared statements, which
 * PostgreSQL plans once for any parameters (the generic plan) after five executions. That plan
 * cannot know how wide a date window is: on the demo district it read every petition and clue of
 * the window, the whole district's, by the date indexes and then kept the units' ones. The units'
 * records must lead (petitions by the unit index, clues, cases and sanctions by the links' keys), or
 * the tables be read whole when they are as small as here; never the date index.
 */

const DATE_INDEXES = /petition_received_idx|clue_received_idx/;
const CODES = [UNITS.donghu.code, ...ALL_UNITS.filter((unit) => unit.parentCode === UNITS.donghu.code).map((unit) => unit.code)];

let hub: SubgraphHarness<'discipline'>;
let pool: pg.Pool;
let db: Kysely<DisciplineDatabase>;
const captured: { sql: string; parameters: readonly unknown[] }[] = [];
beforeAll(async () => {
  const databaseUrl = await freshDatabase('discipline');
  hub = await startSubgraph('discipline', { databaseUrl, demo: true });
  // The services' session settings, which the planner's choice depends on.
  pool = new pg.Pool({ connectionString: databaseUrl, options: SESSION_OPTIONS, max: 1 });
  await pool.query('vacuum analyze');
  db = new Kysely<DisciplineDatabase>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
    log: (event) => {
      captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
});
afterAll(async () => {
  await pool?.end();
  await hub?.stop();
});

/** The generic plan (EXPLAIN, no costs) of the one statement `run` sends, with the parameters it sent. */
async function genericPlan(run: () => Promise<unknown>): Promise<string> {
  captured.length = 0;
  await run();
  expect(captured).toHaveLength(1);
  const [{ sql, parameters }] = captured as [(typeof captured)[number]];
  const client = await pool.connect();
  try {
    await client.query('set plan_cache_mode = force_generic_plan');
    await client.query(`prepare under_test as ${sql}`);
    const literal = (value: unknown) => client.escapeLiteral(Array.isArray(value) ? `{${value.join(',')}}` : String(value));
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (costs off) execute under_test(${parameters.map(literal).join(', ')})`);
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    // Parameters in the plan: planned for any values.
    expect(plan).toMatch(/\$\d/);
    return plan;
  } finally {
    await client.query('deallocate all; reset plan_cache_mode');
    client.release();
  }
}

it('the counts of a unit and its sub-units since a date are not read by the date indexes', async () => {
  const links = await findUnitLinks(db, CODES);
  const clue = links.filter((link) => link.kind === 'clue');
  const kase = links.filter((link) => link.kind === 'case');
  expect(clue.length).toBeGreaterThan(5);
  let counts: Awaited<ReturnType<typeof countByUnitLinks>> | undefined;
  const plan = await genericPlan(async () => {
    counts = await countByUnitLinks(db, { petition: CODES, clue, case: kase, sanction: kase }, '2016-01-01');
  });
  expect(counts!.petition.length).toBeGreaterThan(0);
  expect(counts!.clue.length).toBeGreaterThan(0);
  expect(plan).not.toMatch(DATE_INDEXES);
});

it('the signals of a unit and its sub-units within a window are not read by the date indexes', async () => {
  const plan = await genericPlan(() => findDisciplineSignalRows(db, CODES, '2016-01-01', '2021-05-06'));
  expect(plan).not.toMatch(DATE_INDEXES);
});
