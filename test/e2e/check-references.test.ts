import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkReferences, type Query } from '../../scripts/lib/check-references.ts';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() }, { demo: true });
});
afterAll(async () => {
  await hub?.stop();
});

const asLeader: Query = (query, variables) => hub.query(query, variables, { as: { role: 'leader' }, purpose: '引用一致性检查' });

it('finds no dangling cross-body reference in the demo district, and checks every kind it knows', async () => {
  const report = await checkReferences(asLeader);
  expect(report.dangling).toEqual([]);
  // The demo district exercises the references between the bodies.
  for (const kind of [
    'InspectionTeamMember.staff',
    'Briefing.briefedBy',
    'Finding.namedPersons',
    'ClueTransfer.receiver',
    'RectificationItem.responsiblePerson',
    'Person.unit',
    'Petition.subjectUnit',
    'Clue.clueTransfer',
    'AccountabilityDecision.rectificationItem',
    'Bulletin.recipients',
    'SpecialInspectionCheck.unit',
    'StationedCoverage.unit',
    'StationedGroupMember.staff',
    'SupervisionActivity.unit',
    'Escalation.inspectionTeam',
    'StaffAssignment.inspectionTeam',
  ]) {
    expect(report.checked[kind], kind).toBeGreaterThan(0);
  }
});

it('lists a planted dangling reference: a team member who is not in the staff pool, and an escalation to an unknown team', async () => {
  const team = await hub.inspection.database.db.selectFrom('inspectionTeam').select('id').executeTakeFirstOrThrow();
  const ghost = crypto.randomUUID();
  await hub.inspection.database.db
    .insertInto('inspectionTeamMember')
    .values({
      teamId: team.id,
      staffId: ghost,
      role: 'MEMBER',
      homeBodyKind: 'INSPECTION_OFFICE',
      homeBodyId: null,
      homeBodyName: '区委巡察办',
      homeUnitCode: null,
    })
    .execute();
  const escalation = await hub.stationed.database.db.selectFrom('escalation').select('id').executeTakeFirstOrThrow();
  const unknownTeam = crypto.randomUUID();
  await hub.stationed.database.db.updateTable('escalation').set({ inspectionTeamId: unknownTeam }).where('id', '=', escalation.id).execute();

  const report = await checkReferences(asLeader);
  expect(report.dangling).toEqual(
    expect.arrayContaining([
      { from: `InspectionTeamMember ${team.id}/${ghost}`, target: 'Staff', id: ghost },
      { from: `Escalation ${escalation.id}`, target: 'InspectionTeam', id: unknownTeam },
    ]),
  );
  expect(report.dangling).toHaveLength(2);
});

it('finds no dangling reference after npm run seed -- --scale 5', async () => {
  const databases = await freshDatabases();
  const root = new URL('../../', import.meta.url).pathname;
  await promisify(execFile)(process.execPath, ['scripts/seed.ts', '--scale', '5'], {
    cwd: root,
    env: {
      ...process.env,
      INSPECTION_DATABASE_URL: databases.inspection,
      DISCIPLINE_DATABASE_URL: databases.discipline,
      STATIONED_DATABASE_URL: databases.stationed,
      LOG_LEVEL: 'silent',
    },
  });
  await using seeded = await startHub({ databases });
  const report = await checkReferences((query, variables) => seeded.query(query, variables, { as: { role: 'leader' }, purpose: '引用一致性检查' }));
  expect(report.dangling).toEqual([]);
  expect(report.checked['InspectionTeamMember.staff']).toBeGreaterThan(5);
}, 600_000);
