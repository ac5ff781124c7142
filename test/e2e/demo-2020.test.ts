import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALLOWANCE_INSPECTION, CASEWORK_2020, FIGURES_2020 } from '@hub/demo';
import { nodes } from '../support/connections.ts';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { markSecret } from '../support/leaks.ts';
import { CluesDisposedDocument, SpecialInspectionTeamsDocument, YearStatisticsDocument } from '../operations/generated.ts';

const STATISTICS = YearStatisticsDocument;

let hub: Hub;
beforeAll(async () => {
  for (const reporter of CASEWORK_2020.reporters) markSecret(reporter.name);
  hub = await startHub({ databases: await freshDatabases() }, { demo: true });
});
afterAll(async () => {
  await hub?.stop();
});

it("statistics(year: 2020) gives the district's reported 2020 figures, counted from the demo records", async () => {
  const response = await hub.query(STATISTICS, { year: 2020 }, { as: { role: 'analyst' } });
  expect(response.errors).toBeUndefined();
  const s = response.data?.statistics;
  if (!s) throw new Error('no statistics');
  expect({
    cluesDisposed: s.cluesDisposed,
    casesFiled: s.casesFiled,
    personsHandled: s.personsHandled,
    personsSanctioned: s.personsSanctioned,
    detentions: s.detentions,
    transfersToProcuratorate: s.transfersToProcuratorate,
    lossesRecovered: s.lossesRecovered,
  }).toEqual({
    cluesDisposed: 616,
    casesFiled: 164,
    personsHandled: 153,
    personsSanctioned: 153,
    detentions: 1,
    transfersToProcuratorate: 1,
    lossesRecovered: '4408700.00',
  });
  expect(s.cluesDisposedByMethod.reduce((n, row) => n + row.count, 0)).toBe(FIGURES_2020.cluesDisposed);
  expect(s.sanctionsByType.reduce((n, row) => n + row.count, 0)).toBe(153);
  expect(s.specialInspectionFundsReturned).toBe('2315000.00');
});

it('the joint special inspection of irregular allowances: 16 staff from four bodies in 4 teams, ¥2,315,000.00 returned', async () => {
  const response = await hub.query(
    SpecialInspectionTeamsDocument,
    {},
    {
      as: { role: 'leader' },
    },
  );
  expect(response.errors).toBeUndefined();
  const special = nodes(response.data?.specialInspections).find((n) => n.id === ALLOWANCE_INSPECTION.id);
  expect(special?.theme).toBe('乱发津补贴专项整治');
  expect(special?.teams).toHaveLength(4);
  const staff = special?.teams.flatMap((t) => t.staff) ?? [];
  expect(staff).toHaveLength(16);
  expect(new Set(staff.map((s) => s?.homeBody))).toEqual(new Set(['DISCIPLINE', 'STATIONED', 'INSPECTION', 'FINANCE']));
  expect(special?.fundsReturned).toBe('2315000.00');
});

it('a further clue disposed in 2020 moves the count to 617', async () => {
  const db = hub.discipline.database.db;
  const template = CASEWORK_2020.clues[0]!;
  await db
    .insertInto('clue')
    .values({
      source: 'OTHER',
      petitionId: null,
      clueTransferId: null,
      sourceReference: '补录〔2020〕1号',
      subjectUnitCode: template.subjectUnitCode,
      summary: '补录线索',
      receivedOn: '2020-12-01',
      priority: false,
      handlerKind: 'DEPARTMENT',
      handlerDepartmentId:
        template.handler.kind === 'DEPARTMENT'
          ? template.handler.id
          : (await db.selectFrom('department').select('id').where('kind', '=', 'SUPERVISION_OFFICE').executeTakeFirstOrThrow()).id,
      handlerStationedGroupId: null,
      handlerZoneId: null,
      disposalMethod: 'CLOSED',
      disposedOn: '2020-12-15',
      disposedByStaffId: template.disposedByStaffId,
    })
    .execute();
  const response = await hub.query(CluesDisposedDocument, { year: 2020 }, { as: { role: 'analyst' } });
  expect(response.data?.statistics?.cluesDisposed).toBe(617);
});
