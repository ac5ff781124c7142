import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findInspectionPagesByUnits } from '../src/db/rounds.ts';
import { rowsWhereIn } from '../src/db/keys.ts';
import { startSubgraph } from '../../../test/support/subgraph.ts';
import { randomUnitCode, seed } from '../../../test/support/seed.ts';
import { type Inspection, prepareRound } from './steps.ts';

/**
 * A unit's page of inspections brings each inspection's round and team, which then need no lookup by
 * id (loaders.ts primes them): they must be the very rows a lookup by id reads, void marks included.
 */
describe("a unit's inspections page carries whole rounds and teams", () => {
  let hub: Inspection;
  const codes = [randomUnitCode(), randomUnitCode()].sort();

  beforeAll(async () => {
    hub = await startSubgraph('inspection');
    await seed(hub).units(codes.map((code, i) => ({ code, name: `页测试村${i}`, township: '页测试镇' })));
    await prepareRound(hub, { unitCodes: codes, year: 2021, number: 1, startOn: '2021-03-01' });
    const second = await prepareRound(hub, { unitCodes: [codes[0]!], year: 2022, number: 2, startOn: '2022-03-01' });
    // Void marks filled in on one team, so that the comparison covers them with values.
    await sql`update inspection_team set voided_at = now(), void_reason = '录入错误', voided_by = 'test-staff' where id = ${second.teamId}`.execute(
      hub.database.db,
    );
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('equal to the rows read by id, and nothing else added to the inspection', async () => {
    const db = hub.database.db;
    const rows = await findInspectionPagesByUnits(db, codes, { limit: 10, inverted: false });
    expect(rows).toHaveLength(3);
    const rounds = await rowsWhereIn(db, 'inspectionRound', 'id', [...new Set(rows.map((r) => r.roundId))]);
    const teams = await rowsWhereIn(db, 'inspectionTeam', 'id', [...new Set(rows.map((r) => r.teamId))]);
    const inspections = await rowsWhereIn(
      db,
      'inspection',
      'id',
      rows.map((r) => r.id),
    );
    for (const row of rows) {
      expect(row.joinedRound).toStrictEqual(rounds.find((r) => r.id === row.roundId));
      expect(row.joinedTeam).toStrictEqual(teams.find((t) => t.id === row.teamId));
      const { joinedRound: _round, joinedTeam: _team, roundStartOn, ...inspection } = row;
      expect(inspection).toStrictEqual(inspections.find((i) => i.id === row.id));
      expect(roundStartOn).toBe(row.joinedRound.startOn);
    }
    expect(rows.some((r) => r.joinedTeam.voidedAt instanceof Date)).toBe(true);
  });
});
