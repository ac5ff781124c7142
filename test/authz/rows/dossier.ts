import { newDepartment } from '../../support/seed.ts';
import { UnitDossierDocument } from '@hub/client';
import { ROLES, type Role } from '@hub/core';
import { print } from 'graphql';
import { insertClue } from '../../../subgraphs/discipline/src/db/clues.ts';
import { insertEscalation } from '../../../subgraphs/stationed/src/db/escalations.ts';
import { insertGroup } from '../../../subgraphs/stationed/src/db/groups.ts';
import { insertActivity } from '../../../subgraphs/stationed/src/db/supervision.ts';
import { seedDisciplineBasics, seedFiledCase, UNHANDLED_CLUE } from '../../support/seed-discipline.ts';
import { inspectionSteps, prepareRound } from '../../support/seed-inspection.ts';
import { randomUnitCode, seed } from '../../support/seed.ts';
import type { AuthzRow, AuthzSetup } from '../types.ts';

/**
 * The pre-inspection dossier (operations/UnitDossier.graphql) by section. A unit with history in
 * all three subgraphs, inspected right now by a team whose round has entered (进驻), briefed and
 * overseen by one stationed group; a second unit with 四风 petitions only.
 */
export const setup: AuthzSetup = async (hub) => {
  const code = randomUnitCode();
  const petitionsOnly = randomUnitCode();
  await seed(hub)
    .units([
      { code, name: '卷宗矩阵测试单位' },
      { code: petitionsOnly, name: '卷宗矩阵测试信访单位' },
    ])
    .petitions(code, [
      { receivedOn: '2025-01-10', category: 'FORMALISM' },
      { receivedOn: '2025-06-10', category: 'HEDONISM' },
    ])
    .petitions(petitionsOnly, [
      { receivedOn: '2025-01-10', category: 'FORMALISM' },
      { receivedOn: '2025-06-10', category: 'HEDONISM' },
    ]);

  // Stationed: a group oversees the unit since 2020 (it gives the stationed-group briefing below).
  const groupId = crypto.randomUUID();
  const sdb = hub.stationed.database.db;
  await insertGroup(sdb, { id: groupId, name: `卷宗矩阵派驻组-${code}` }, [{ unitCode: code, startOn: '2020-01-01', endOn: null }]);

  // Inspection: a round in ENTRY (the team is inspecting the unit now), a finding and a clue transfer.
  const round = await prepareRound(hub, { unitCodes: [code], year: 2024, number: 11, startOn: '2024-03-01' });
  const { ok } = inspectionSteps(hub);
  await ok('advanceInspectionRound', { roundId: round.roundId, stage: 'ENTRY', on: '2024-03-10' });
  const finding = await ok('recordFinding', {
    inspectionId: round.inspections[code]!,
    category: 'MASS_INTERESTS',
    description: '卷宗矩阵问题',
    personIds: [],
    recordedOn: '2024-03-15',
  });
  await ok('transferClue', {
    findingId: finding.id,
    transferredOn: '2024-03-20',
    receiver: { kind: 'DEPARTMENT', id: await newDepartment(hub) },
    priority: true,
  });

  // Stationed: the group that briefed the team oversees the unit; an open issue and an escalation.
  if (round.briefingGroupIds[code] !== groupId) throw new Error('the overseeing group should have briefed');
  const issueId = crypto.randomUUID();
  const escalatedIssueId = crypto.randomUUID();
  await insertActivity(
    sdb,
    { id: crypto.randomUUID(), groupId, unitCode: code, kind: 'SUPERVISION_CHECK', heldOn: '2024-01-02', notes: '卷宗矩阵检查', recordedBy: 'seed' },
    [],
    [
      { id: issueId, description: '卷宗矩阵问题' },
      { id: escalatedIssueId, description: '卷宗矩阵移交问题' },
    ],
  );
  await insertEscalation(sdb, {
    id: crypto.randomUUID(),
    issueId: escalatedIssueId,
    groupId,
    unitCode: code,
    summary: '卷宗矩阵移交问题',
    reason: '矩阵',
    escalatedOn: '2024-01-03',
    inspectionRoundId: round.roundId,
    inspectionTeamId: round.teamId,
    recordedBy: 'seed',
  });
  await sdb.updateTable('supervisionIssue').set({ status: 'ESCALATED' }).where('id', '=', escalatedIssueId).execute();

  // Discipline: a cadre named by clues in 2023 and 2025 (one filed as a case).
  const basics = await seedDisciplineBasics(hub, code);
  await seedFiledCase(hub, code, basics.office.id, basics.cadre.id, basics.officer.id);
  await insertClue(
    hub.discipline.database.db,
    {
      source: 'OTHER',
      petitionId: null,
      clueTransferId: null,
      sourceReference: null,
      subjectUnitCode: code,
      summary: '卷宗矩阵线索',
      receivedOn: '2023-04-01',
      priority: false,
      handlerKind: 'DEPARTMENT',
      handlerDepartmentId: basics.office.id,
      handlerStationedGroupId: null,
      handlerZoneId: null,
      ...UNHANDLED_CLUE,
    },
    [basics.cadre.id],
  );
  return { unitCode: code, petitionsOnlyCode: petitionsOnly, groupId, teamId: round.teamId, departmentId: basics.office.id };
};

/** Each role's token: the overseeing (and briefing) group, the team inspecting the unit, the handling office. */
const scopes = (role: Role, f: Record<string, string>): Record<string, string[]> | undefined => {
  if (role === 'stationed_officer') return { stationedGroupIds: [f.groupId!] };
  if (role === 'inspection_officer') return { inspectionTeamIds: [f.teamId!] };
  if (role === 'case_officer') return { departmentIds: [f.departmentId!] };
  return undefined;
};

const DOSSIER = print(UnitDossierDocument);
const NONE = { withPlan: false, withInspectionRecords: false, withCounts: false, withCaseRecords: false, withStationedRecords: false };
const dossier = (name: string, sections: Partial<typeof NONE>, allow: readonly Role[]): AuthzRow => ({
  name: `UnitDossier: ${name}`,
  query: DOSSIER,
  variables: (f) => ({ code: f.unitCode, since: '2020-01-01', asOf: '2033-01-01', ...NONE, ...sections }),
  allow,
  scopes,
});

/** Counts and aggregates: the offices, leaders, analysts, and the team inspecting the unit now. */
const COUNTS: Role[] = ['leader', 'petition_officer', 'case_manager', 'case_officer', 'trial_officer', 'conduct_officer', 'analyst', 'inspection_officer'];

export const rows: AuthzRow[] = [
  dossier('registry, special inspections, stationed group (all sections off)', {}, ROLES),
  dossier('earlier inspections', { withPlan: true }, [
    'inspection_officer',
    'leader',
    'petition_officer',
    'conduct_officer',
    'case_manager',
    'stationed_officer',
  ]),
  // Findings and rectification: inspection officers, leaders, and the stationed group that briefed the team (it supervises
  // rectification) — but the clue transfers behind a signal are not the group's to read, so the section as a whole is refused it.
  dossier('findings, rectification, inspection signals', { withInspectionRecords: true }, ['inspection_officer', 'leader']),
  dossier('petition/clue/case/sanction counts and discipline signals', { withCounts: true }, COUNTS),
  dossier('clues with disposal and cadres, cases, sanctions', { withCaseRecords: true }, ['leader', 'case_manager']),
  // Stationed records: leaders, the group overseeing the unit, and the team inspecting it now (its round is in 进驻).
  dossier('stationed activities, open issues, escalations, stationed signals', { withStationedRecords: true }, [
    'leader',
    'stationed_officer',
    'inspection_officer',
  ]),
  dossier('the whole dossier', { withPlan: true, withInspectionRecords: true, withCounts: true, withCaseRecords: true, withStationedRecords: true }, [
    'leader',
  ]),
  {
    name: 'disciplineSignals without evidence',
    query: `query($code: UnitCode!) { unit(code: $code) { disciplineSignals(since: "2020-01-01") { kind title evidenceCount } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: COUNTS,
    scopes,
  },
  {
    name: 'disciplineSignals evidence: 四风 petitions',
    query: `query($code: UnitCode!) { unit(code: $code) { disciplineSignals(since: "2020-01-01", asOf: "2025-12-31") { kind evidence } } }`,
    variables: (f) => ({ code: f.petitionsOnlyCode }),
    allow: ['leader', 'petition_officer', 'case_manager'],
    scopes,
  },
  {
    name: 'disciplineSignals evidence: clues against one cadre in several years',
    query: `query($code: UnitCode!) { unit(code: $code) { disciplineSignals(since: "2020-01-01") { kind evidence } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: ['leader', 'case_manager'],
    scopes,
  },
  {
    name: 'findings, rectification and inspection signals without evidence',
    query: `query($code: UnitCode!) { unit(code: $code) { inspectionFindings { totalCount edges { node { id } } } rectificationStatus { itemsTotal } overdueRectificationItems(asOf: "2033-01-01") { id } inspectionSignals(since: "2020-01-01", asOf: "2033-01-01") { kind title evidenceCount } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: ['inspection_officer', 'leader', 'stationed_officer'],
    scopes,
  },
  {
    name: 'inspectionSignals evidence: clue transfers without feedback',
    query: `query($code: UnitCode!) { unit(code: $code) { inspectionSignals(since: "2020-01-01", asOf: "2033-01-01") { kind evidence } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: ['inspection_officer', 'leader'],
    scopes,
  },
  {
    name: 'stationedSignals with evidence',
    query: `query($code: UnitCode!) { unit(code: $code) { stationedSignals(since: "2020-01-01", asOf: "2033-01-01") { kind evidence } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: ['leader', 'stationed_officer', 'inspection_officer'],
    scopes,
  },
  {
    name: 'stationedSignals for a stationed officer of another group',
    query: `query($code: UnitCode!) { unit(code: $code) { stationedSignals(since: "2020-01-01") { kind } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: ['leader'],
    scopes: (role) => (role === 'stationed_officer' ? { stationedGroupIds: [crypto.randomUUID()] } : undefined),
  },
];
