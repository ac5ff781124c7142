import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTeamIdsByUnit, type UnitTeamRow } from '../src/db/rounds.ts';
import { findUnitsWithChildren } from '../src/db/units.ts';
import { startSubgraph } from '../../../test/support/subgraph.ts';
import { randomUnitCode, seed } from '../../../test/support/seed.ts';
import { type Inspection, prepareRound } from './steps.ts';

/**
 * A unit asked for at the top of a query brings its sub-units and every one's teams in one statement
 * (loaders.ts primes the team loader with them): the teams must be those the team lookup of its own
 * finds, inspecting (`active`) and assigned alike, on any day.
 */
describe("a unit's teams read with the unit", () => {
  let hub: Inspection;
  const township = randomUnitCode();
  const [near, far] = [randomUnitCode(), randomUnitCode()].sort();
  const teams = {} as { inspecting: string; preparing: string; closed: string };

  beforeAll(async () => {
    hub = await startSubgraph('inspection');
    await seed(hub).units([
      { code: township, name: '队测试镇', kind: 'TOWNSHIP_PARTY_COMMITTEE', level: 'TOWNSHIP' },
      { code: near!, name: '队测试村一', township: '队测试镇', parentCode: township },
      { code: far!, name: '队测试村二', township: '队测试镇', parentCode: township },
    ]);
    const db = hub.database.db;
    const setRound = (teamId: string, stage: string, endOn: string | null) =>
      sql`update inspection_round set stage = ${stage}, end_on = ${endOn} where id = (select round_id from inspection_team where id = ${teamId})`.execute(db);
    // Inspecting the township and the near village now; preparing to inspect the far village, its
    // round closing in 2030; a closed round at the near village.
    teams.inspecting = (await prepareRound(hub, { unitCodes: [township, near!], year: 2024, number: 1, startOn: '2024-03-01' })).teamId;
    teams.preparing = (await prepareRound(hub, { unitCodes: [far!], year: 2025, number: 2, startOn: '2025-03-01' })).teamId;
    teams.closed = (await prepareRound(hub, { unitCodes: [near!], year: 2020, number: 3, startOn: '2020-03-01' })).teamId;
    await setRound(teams.inspecting, 'FACT_FINDING', null);
    await setRound(teams.preparing, 'PREPARATION', '2030-06-30');
    await setRound(teams.closed, 'FOLLOW_UP', '2020-12-31');
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const sorted = (rows: readonly UnitTeamRow[]) => [...rows].sort((a, b) => `${a.unitCode}${a.teamId}`.localeCompare(`${b.unitCode}${b.teamId}`));

  it.each(['2026-12-01', '2031-01-01'])('equal to the teams looked up alone, on %s', async (today) => {
    const db = hub.database.db;
    const units = await findUnitsWithChildren(db, [township], today);
    expect(units.map((u) => u.code)).toEqual([township, near, far].sort());
    const withUnits = sorted(units.flatMap((u) => u.teams));
    expect(withUnits).toEqual(sorted(await findTeamIdsByUnit(db, [township, near!, far!], today)));

    const of = (code: string, flag: 'active' | 'assigned') => withUnits.filter((r) => r.unitCode === code && r[flag]).map((r) => r.teamId);
    expect(of(township, 'active')).toEqual([teams.inspecting]);
    expect(of(near!, 'active')).toEqual([teams.inspecting]);
    expect(of(near!, 'assigned')).toEqual([teams.inspecting]);
    expect(of(far!, 'active')).toEqual([]);
    // Assigned until its round closes.
    expect(of(far!, 'assigned')).toEqual(today < '2030-06-30' ? [teams.preparing] : []);
  });
});
