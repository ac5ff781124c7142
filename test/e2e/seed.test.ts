import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_UNITS, CASEWORK_2020, FIGURES_2020, PERSONS, STAFF } from '@hub/demo';
import { districtCopy } from '../../packages/demo/src/scale.ts';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { markSecret } from '../support/leaks.ts';
import { pgliteDataDir } from '../support/pglite.ts';
import { CaseworkStatisticsDocument, UnitCountDocument, UnitGroupAndCasesDocument, WinterOverlapsDocument } from '../operations/generated.ts';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;

async function seed(databases: Record<string, string>, ...args: string[]) {
  return run(process.execPath, ['scripts/seed.ts', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      INSPECTION_DATABASE_URL: databases.inspection,
      DISCIPLINE_DATABASE_URL: databases.discipline,
      STATIONED_DATABASE_URL: databases.stationed,
      LOG_LEVEL: 'silent',
    },
  });
}

async function counts(hub: Hub): Promise<Record<string, number>> {
  const count = async (db: { selectFrom(t: string): any }, table: string) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb: any) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const i = hub.inspection.database.db as any;
  const d = hub.discipline.database.db as any;
  const s = hub.stationed.database.db as any;
  return {
    units: await count(i, 'unit'),
    rounds: await count(i, 'inspectionRound'),
    findings: await count(i, 'finding'),
    staff: await count(d, 'staff'),
    persons: await count(d, 'person'),
    clues: await count(d, 'clue'),
    cases: await count(d, 'disciplineCase'),
    sanctions: await count(d, 'sanction'),
    groups: await count(s, 'stationedGroup'),
    activities: await count(s, 'supervisionActivity'),
    assignments: await count(s, 'staffAssignment'),
  };
}

let hub: Hub;
let databases: Record<string, string>;
let firstRun: { stdout: string; stderr: string };
beforeAll(async () => {
  for (const reporter of CASEWORK_2020.reporters) markSecret(reporter.name);
  databases = await freshDatabases();
  firstRun = await seed(databases, '--scale', '2');
  hub = await startHub({ databases });
});
afterAll(async () => {
  await hub?.stop();
});

it('npm run seed -- --scale 2 writes the demo district twice over, with a progress report on stderr', async () => {
  expect(firstRun.stderr).toMatch(/district ×2.*100 %/);
  const c = await counts(hub);
  expect(c).toMatchObject({
    units: 2 * ALL_UNITS.length,
    staff: 2 * (STAFF.length + 4),
    persons: 2 * PERSONS.length,
    // The demo's 9th-round story (one finding, its clue, case and sanction) is in the demo only, not copied.
    clues: 2 * CASEWORK_2020.clues.length + 1,
    cases: 2 * CASEWORK_2020.cases.length + 1,
    sanctions: 2 * CASEWORK_2020.sanctions.length + 1,
    rounds: 2,
    findings: 5,
    groups: 12,
    // The demo's seven activities of 派驻第一纪检组 (2020–2025) and the copy's three.
    activities: 10,
  });
  // And the demo's loan of 派驻第一纪检组's member to the 9th round's team, in the demo only.
  expect(c.assignments).toBe(districtCopy(0).assignments.length + districtCopy(1).assignments.length + 1);
});

it("the hub answers on the seeded data: the registry, the statistics and the copy's units through the graph", async () => {
  const units = await hub.query(UnitCountDocument, {}, { as: { role: 'leader' } });
  expect(units.errors).toBeUndefined();
  expect(units.data?.units.totalCount).toBe(2 * ALL_UNITS.length);

  const statistics = await hub.query(
    CaseworkStatisticsDocument,
    { year: 2020 },
    {
      as: { role: 'analyst' },
    },
  );
  expect(statistics.errors).toBeUndefined();
  expect(statistics.data?.statistics).toEqual({
    cluesDisposed: 2 * FIGURES_2020.cluesDisposed,
    casesFiled: 2 * FIGURES_2020.casesFiled,
    personsSanctioned: 2 * FIGURES_2020.personsSanctioned,
    lossesRecovered: '8817400.00',
  });

  // A unit of the copy: valid code, its own name, and its cases and stationed group across subgraphs.
  const copy = districtCopy(1);
  const civilAffairs = copy.units.find((u) => u.name === '云溪1区民政局党组')!;
  const unit = await hub.query(UnitGroupAndCasesDocument, { code: civilAffairs.code }, { as: { role: 'leader' } });
  expect(unit.errors).toBeUndefined();
  expect(unit.data?.unit?.name).toBe('云溪1区民政局党组');
  expect(unit.data?.unit?.stationedGroup?.name).toBe('云溪1区区纪委监委派驻第一纪检组');
  const demoCases = CASEWORK_2020.cases.filter(
    (c) => PERSONS.find((p) => p.id === c.personId)!.unitCode === ALL_UNITS.find((u) => u.name === '云溪区民政局党组')!.code,
  ).length;
  expect(unit.data?.unit?.caseSummary?.reduce((n, r) => n + r.count, 0)).toBe(demoCases);
});

it('the staff pool of the copy shows its double-booked team member, put on stationed work before the round ended', async () => {
  const round = districtCopy(1).round!;
  const response = await hub.query(WinterOverlapsDocument, {}, { as: { role: 'leader' } });
  expect(response.errors).toBeUndefined();
  const mine = response.data?.staffAssignmentOverlaps?.overlaps?.filter((o) => o.staff?.id === round.members[4]!.staffId);
  expect(mine).toEqual([
    { staff: { id: round.members[4]!.staffId }, first: { kind: 'INSPECTION_TEAM' }, second: { kind: 'STATIONED_WORK' }, from: '2020-12-01', to: '2021-01-01' },
  ]);
});

it('a second run at the same scale adds nothing', async () => {
  // The counts are read from the databases themselves: the hub need not stop while the seed runs
  // on PostgreSQL (only embedded databases belong to one process, see the last test).
  const before = await counts(hub);
  await seed(databases, '--scale', '2');
  expect(await counts(hub)).toEqual(before);
});

it('refuses a scale that is not a positive whole number, naming the option', async () => {
  await expect(seed(databases, '--scale', 'zwei')).rejects.toMatchObject({ stderr: expect.stringContaining('--scale must be a whole number') });
});

it('refuses to write embedded databases that a running hub holds open, and says what to do', async () => {
  const dataDir = await pgliteDataDir();
  const running = await startHub({ dataDir });
  try {
    const refused = run(process.execPath, ['scripts/seed.ts', '--scale', '1'], {
      cwd: ROOT,
      env: { ...process.env, HUB_DATA_DIR: dataDir, INSPECTION_DATABASE_URL: '', DISCIPLINE_DATABASE_URL: '', STATIONED_DATABASE_URL: '', LOG_LEVEL: 'silent' },
    });
    await expect(refused).rejects.toMatchObject({ stderr: expect.stringMatching(/is open in another process[\s\S]*stop whatever runs the hub/) });
    expect(
      await running.inspection.database.db
        .selectFrom('unit')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual({ n: 0 });
  } finally {
    await running.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  // Three embedded databases (copied from the migrated template) and a child process.
}, 180_000);
