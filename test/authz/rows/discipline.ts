import { ROLES } from '@hub/core';
import { seedDisciplineBasics, seedFiledCase, seedPetitionAndClue } from '../../support/seed-discipline.ts';
import { randomUnitCode, seed } from '../../support/seed.ts';
import type { AuthzRow, AuthzSetup } from '../types.ts';

export const setup: AuthzSetup = async (hub) => {
  const code = randomUnitCode();
  await seed(hub)
    .units([{ code }])
    .petitions(code, [{ receivedOn: '2021-05-01', category: 'FORMALISM' }]);
  const basics = await seedDisciplineBasics(hub, code);
  const open = await seedPetitionAndClue(hub, code, basics.office.id, basics.cadre.id);
  const filed = await seedFiledCase(hub, code, basics.office.id, basics.cadre.id, basics.officer.id);
  return {
    unitCode: code,
    departmentId: basics.office.id,
    staffId: basics.officer.id,
    personId: basics.cadre.id,
    petitionId: open.petition.id,
    clueId: open.clue.id,
    caseClueId: filed.clue.id,
    caseId: filed.case.id,
  };
};

/** Case officers act for their own office: their token carries its department id. */
const officeScopes: AuthzRow['scopes'] = (role, f) => (role === 'case_officer' ? { departmentIds: [f.departmentId!] } : undefined);

const AGGREGATES = ['leader', 'petition_officer', 'case_manager', 'case_officer', 'trial_officer', 'conduct_officer', 'analyst'] as const;
const PERSON_READERS = ROLES.filter((role) => role !== 'analyst');

export const rows: AuthzRow[] = [
  {
    name: 'petition summary of a unit (counts)',
    query: `query($code: UnitCode!) { unit(code: $code) { petitionSummary { year category count } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: AGGREGATES,
  },
  {
    name: 'clue, case and sanction summaries of a unit (counts)',
    query: `query($code: UnitCode!) { unit(code: $code) { clueSummary { count } caseSummary { count } sanctionSummary { count } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: AGGREGATES,
  },
  {
    name: 'petition content (petitions)',
    query: `query($code: UnitCode!) { petitions(first: 5, filter: { unitCode: $code }) { edges { node { summary category } } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: ['leader', 'petition_officer', 'case_manager'],
  },
  {
    name: 'one petition with deadlines (petition)',
    query: `query($id: ID!) { petition(id: $id) { summary acknowledgementDeadline subjects { name } } }`,
    variables: (f) => ({ id: f.petitionId }),
    allow: ['leader', 'petition_officer', 'case_manager'],
  },
  {
    name: 'reporter identity (petition.reporter)',
    // The seeded reporter name is marked secret: only the petition officer's answer may carry it.
    query: `query($id: ID!) { petition(id: $id) { reporter { name } } }`,
    variables: (f) => ({ id: f.petitionId }),
    allow: ['petition_officer'],
    revealsSecrets: true,
  },
  {
    name: 'clue content (clue)',
    query: `query($id: ID!) { clue(id: $id) { summary subjects { name } disposalMethod } }`,
    variables: (f) => ({ id: f.clueId }),
    scopes: officeScopes,
    allow: ['leader', 'case_manager', 'case_officer'],
  },
  {
    name: "clue list (clues, filtered to the caller's reach)",
    query: `{ clues(first: 5) { totalCount edges { node { id receivedOn } } } }`,
    allow: ['leader', 'case_manager', 'case_officer', 'stationed_officer'],
  },
  {
    name: 'clues, cases and sanctions of a unit (content)',
    query: `query($code: UnitCode!) { unit(code: $code) { clues { totalCount edges { node { summary } } } cases { totalCount edges { node { status } } } sanctions { totalCount edges { node { type } } } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: ['leader', 'case_manager'],
  },
  {
    name: 'one case (case)',
    query: `query($id: ID!) { case(id: $id) { status person { name } detention { lastDayOn } lossesRecovered } }`,
    variables: (f) => ({ id: f.caseId }),
    scopes: officeScopes,
    allow: ['leader', 'case_manager', 'case_officer'],
  },
  {
    name: "case list (cases, filtered to the caller's reach)",
    query: `{ cases(first: 5) { totalCount } }`,
    allow: ['leader', 'case_manager', 'case_officer', 'trial_officer', 'stationed_officer'],
  },
  {
    name: "sanction list (sanctions, filtered to the caller's reach)",
    query: `{ sanctions(first: 5) { totalCount edges { node { type } } } }`,
    allow: ['leader', 'case_manager', 'case_officer', 'trial_officer', 'stationed_officer'],
  },
  {
    name: 'a person (person)',
    query: `query($id: ID!) { person(id: $id) { name post rankLevel } }`,
    variables: (f) => ({ id: f.personId }),
    allow: PERSON_READERS,
  },
  {
    name: 'clues, cases and sanctions of a person',
    query: `query($id: ID!) { person(id: $id) { clues { totalCount edges { node { id } } } cases { totalCount edges { node { id } } } sanctions { totalCount edges { node { id } } } } }`,
    variables: (f) => ({ id: f.personId }),
    allow: ['leader', 'case_manager'],
  },
  {
    name: "a unit's registered cadres (Unit.persons, a connection)",
    query: `query($code: UnitCode!) { unit(code: $code) { persons(first: 5) { totalCount edges { node { name } } } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: PERSON_READERS,
  },
  {
    name: 'special inspections that checked a unit (Unit.specialInspections, a connection)',
    query: `query($code: UnitCode!) { unit(code: $code) { specialInspections(since: "2020-01-01", first: 5) { totalCount edges { node { theme } } } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: ROLES,
  },
  { name: 'person list (persons)', query: `{ persons(first: 5) { totalCount edges { node { name } } } }`, allow: PERSON_READERS },
  { name: 'staff pool (staff)', query: `{ staff(first: 100) { totalCount edges { node { name homeBody } } } }`, allow: PERSON_READERS },
  {
    name: 'departments and zones',
    query: `{ departments(first: 100) { edges { node { name kind } } } collaborationZones(first: 100) { edges { node { name townships } } } }`,
    allow: ROLES,
  },
  {
    name: 'year statistics (aggregates)',
    query: `{ statistics(year: 2025) { petitionsReceived casesFiled fourForms { form count } lossesRecovered } }`,
    allow: ROLES,
  },
  {
    name: 'bulletins and special inspections',
    query: `{ bulletins(first: 5) { totalCount edges { node { title } } } specialInspections(first: 5) { edges { node { theme } } } }`,
    allow: ROLES,
  },
  {
    name: 'accountability decisions',
    query: `{ accountabilityDecisions(first: 5) { edges { node { measure } } } }`,
    allow: ['leader', 'case_manager', 'conduct_officer', 'inspection_officer'],
  },
  { name: 'discipline audit log', query: `{ disciplineAuditLog(first: 1) { totalCount } }`, allow: ['leader'] },
  {
    name: 'registerPetition',
    query: `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { errors { code } } }`,
    variables: () => ({ input: { receivedOn: '2025-06-02', channel: 'LETTER', category: 'HEDONISM', named: false, summary: '授权矩阵测试信访' } }),
    allow: ['petition_officer'],
  },
  {
    name: 'acknowledgePetition',
    query: `mutation($input: AcknowledgePetitionInput!) { acknowledgePetition(input: $input) { errors { code } } }`,
    variables: (f) => ({ input: { petitionId: f.petitionId, acknowledgedOn: '2025-03-10' } }),
    allow: ['petition_officer'],
  },
  {
    name: 'registerPerson',
    query: `mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { errors { code } } }`,
    variables: (f) => ({ input: { name: '矩阵测试对象', unitCode: f.unitCode, post: '村委委员', rankLevel: 'VILLAGE', partyMember: true } }),
    allow: ['leader', 'case_manager', 'petition_officer', 'case_officer'],
  },
  {
    name: 'createDepartment',
    query: `mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { errors { code } } }`,
    variables: () => ({ input: { name: '矩阵测试室', kind: 'OTHER' } }),
    allow: ['leader', 'case_manager'],
  },
  {
    name: 'amendPetition (who may register it, and leaders)',
    query: `mutation($input: AmendPetitionInput!) { amendPetition(input: $input) { errors { code } } }`,
    variables: (f) => ({ input: { id: f.petitionId, summary: '授权矩阵测试更正摘要', correctionReason: '矩阵测试' } }),
    allow: ['leader', 'petition_officer'],
  },
  {
    name: "petition revisions (the petition's own read rule)",
    query: `query($id: ID!) { petition(id: $id) { revisions { kind } } }`,
    variables: (f) => ({ id: f.petitionId }),
    allow: ['leader', 'petition_officer', 'case_manager'],
  },
  {
    name: 'amendClue (who may register it, and leaders)',
    query: `mutation($input: AmendClueInput!) { amendClue(input: $input) { errors { code } } }`,
    variables: (f) => ({ input: { id: f.caseClueId, sourceReference: '矩阵测试文号' } }),
    allow: ['leader', 'case_manager'],
  },
  {
    name: 'registerClue',
    query: `mutation($input: RegisterClueInput!) { registerClue(input: $input) { errors { code } } }`,
    variables: (f) => ({
      input: { source: 'AUDIT', summary: '矩阵测试线索', receivedOn: '2025-04-01', subjectUnitCode: f.unitCode, handler: { departmentId: f.departmentId } },
    }),
    allow: ['leader', 'case_manager'],
  },
  {
    name: 'escalateClue',
    query: `mutation($input: EscalateClueInput!) { escalateClue(input: $input) { errors { code } } }`,
    // The disposed clue: allowed roles get a field-level refusal and nothing changes for the rows below.
    variables: (f) => ({ input: { clueId: f.caseClueId, reason: '矩阵测试', escalatedOn: '2025-03-21', handler: { stationedGroupId: f.departmentId } } }),
    allow: ['leader', 'case_manager'],
  },
  {
    name: 'disposeClue (handling office only)',
    query: `mutation($input: DisposeClueInput!) { disposeClue(input: $input) { errors { code } } }`,
    variables: (f) => ({ input: { clueId: f.clueId, method: 'SHELVED_PENDING_CHECK', disposedOn: '2025-03-12', handledByStaffId: f.staffId } }),
    scopes: officeScopes,
    allow: ['leader', 'case_manager', 'case_officer'],
  },
  {
    name: 'fileCase (handling office only)',
    query: `mutation($input: FileCaseInput!) { fileCase(input: $input) { errors { code } } }`,
    variables: (f) => ({ input: { clueId: f.caseClueId, personId: f.personId, filedOn: '2025-03-26' } }),
    scopes: officeScopes,
    allow: ['leader', 'case_manager', 'case_officer'],
  },
  {
    name: 'startDetention (handling office only)',
    query: `mutation($input: StartDetentionInput!) { startDetention(input: $input) { errors { code } } }`,
    variables: (f) => ({ input: { caseId: f.caseId, startedOn: '2025-04-01' } }),
    scopes: officeScopes,
    allow: ['leader', 'case_manager', 'case_officer'],
  },
  {
    name: 'closeCase (trial office too)',
    query: `mutation($input: CloseCaseInput!) { closeCase(input: $input) { errors { code } } }`,
    variables: (f) => ({ input: { caseId: f.caseId, closedOn: '2025-05-01' } }),
    scopes: officeScopes,
    allow: ['leader', 'case_manager', 'case_officer', 'trial_officer'],
  },
  {
    name: 'imposeSanction',
    query: `mutation($input: ImposeSanctionInput!) { imposeSanction(input: $input) { errors { code } } }`,
    variables: (f) => ({ input: { caseId: f.caseId, type: 'PARTY_WARNING', decidedOn: '2025-05-01', fourForm: 2 } }),
    allow: ['leader', 'case_manager', 'trial_officer'],
  },
  {
    name: 'recordAccountabilityDecision',
    query: `mutation($input: RecordAccountabilityDecisionInput!) { recordAccountabilityDecision(input: $input) { errors { code } } }`,
    variables: (f) => ({ input: { unitCode: f.unitCode, decidedOn: '2025-06-01', measure: '通报', reason: '矩阵测试' } }),
    allow: ['leader', 'case_manager', 'conduct_officer'],
  },
  {
    name: 'issueBulletin',
    query: `mutation($input: IssueBulletinInput!) { issueBulletin(input: $input) { errors { code } } }`,
    variables: () => ({
      input: {
        kind: 'PETITION_ANALYSIS',
        title: '矩阵测试通报',
        periodStart: '2025-01-01',
        periodEnd: '2025-03-31',
        issuedOn: '2025-04-10',
        body: '矩阵测试正文',
        recipients: [{ kind: 'INSPECTION_OFFICE' }],
      },
    }),
    allow: ['leader', 'petition_officer'],
  },
  {
    name: 'startSpecialInspection',
    query: `mutation($input: StartSpecialInspectionInput!) { startSpecialInspection(input: $input) { errors { code } } }`,
    variables: (f) => ({ input: { theme: '矩阵测试专项检查', startedOn: '2025-05-01', teams: [{ name: '第一组', staffIds: [f.staffId] }] } }),
    allow: ['leader', 'conduct_officer'],
  },
  {
    name: 'what is due (whatIsDue, each part under its own need-to-know)',
    query: `{ whatIsDue(asOf: "2021-05-10", withinWorkingDays: 10) { dueBy calendarWarning { daysLeft } discipline { recordId deadline { dueOn provisional } } inspection { recordId } } }`,
    scopes: officeScopes,
    allow: PERSON_READERS,
  },
  {
    name: 'working calendar status (calendarStatus)',
    query: `{ calendarStatus(asOf: "2026-11-30") { lastKnownDay warning { daysLeft } years { year notice } } }`,
    allow: PERSON_READERS,
  },
  {
    name: "load a year's holiday notice (loadCalendarYear; refused input, no change)",
    query: `mutation { loadCalendarYear(input: { year: 2027, notice: "", holidays: [], makeUpWorkdays: [] }) { errors { code } } }`,
    allow: ['leader'],
  },
  {
    name: 'announce a sanction (announceSanction; unknown sanction)',
    query: `mutation { announceSanction(input: { sanctionId: "00000000-0000-4000-8000-000000000000", announcedOn: "2021-05-10" }) { errors { code } } }`,
    allow: ['leader', 'case_manager', 'trial_officer'],
  },
];
