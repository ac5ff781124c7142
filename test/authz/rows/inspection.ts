import { newDepartment, newPerson } from '../../support/seed.ts';
import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '@hub/core';
import { randomUnitCode, seed } from '../../support/seed.ts';
import { inspectionSteps, mutationDocument, prepareRound } from '../../support/seed-inspection.ts';
import type { AuthzRow, AuthzSetup } from '../types.ts';

/** Who sees the inspection plan: inspection side, leaders and the bodies that brief teams. */
const PLAN_READERS: Role[] = ['inspection_officer', 'leader', 'petition_officer', 'conduct_officer', 'case_manager', 'stationed_officer'];
/** Findings and rectification: inspection officers and leaders (DESIGN §6). */
const RECORD_READERS: Role[] = ['inspection_officer', 'leader'];
const WRITERS: Role[] = ['inspection_officer', 'leader'];

export const setup: AuthzSetup = async (hub) => {
  const code = randomUnitCode();
  const inspected = randomUnitCode();
  await seed(hub).units([
    { code, name: '矩阵测试单位' },
    { code: inspected, name: '矩阵测试被巡察村', kind: 'VILLAGE', level: 'VILLAGE' },
  ]);
  const round = await prepareRound(hub, { unitCodes: [inspected], year: 2019, number: 1, startOn: '2019-03-01' });
  const { ok } = inspectionSteps(hub);
  await ok('advanceInspectionRound', { roundId: round.roundId, stage: 'ENTRY', on: '2019-03-10' });
  const inspectionId = round.inspections[inspected]!;
  const finding = await ok('recordFinding', {
    inspectionId,
    category: 'MASS_INTERESTS',
    description: '矩阵测试问题',
    personIds: [await newPerson(hub)],
    recordedOn: '2019-03-15',
  });
  const departmentId = await newDepartment(hub);
  const transfer = await ok('transferClue', {
    findingId: finding.id,
    transferredOn: '2019-03-20',
    receiver: { kind: 'DEPARTMENT', id: departmentId },
    priority: true,
  });
  return {
    unitCode: code,
    inspectedCode: inspected,
    roundId: round.roundId,
    teamId: round.teamId,
    inspectionId,
    findingId: finding.id,
    transferId: transfer.id,
    departmentId,
  };
};

/** A mutation row: the input is refused (unknown or duplicate record), so allowed roles change nothing. */
const mutation = (
  name: Parameters<typeof mutationDocument>[0],
  input: (f: Record<string, string>) => Record<string, unknown>,
  allow: readonly Role[] = WRITERS,
): AuthzRow => ({
  name,
  query: mutationDocument(name),
  variables: (f) => ({ input: input(f) }),
  allow,
});

export const rows: AuthzRow[] = [
  { name: 'unit registry (units)', query: `{ units(first: 1) { totalCount edges { node { code name kind } } } }`, allow: ROLES },
  {
    name: 'one unit (unit)',
    query: `query($code: UnitCode!) { unit(code: $code) { name subUnits { code } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: ROLES,
  },
  {
    name: 'registerUnit',
    query: `mutation($input: RegisterUnitInput!) { registerUnit(input: $input) { errors { code } } }`,
    variables: (f) => ({ input: { code: f.unitCode, name: '重复登记', kind: 'VILLAGE', level: 'VILLAGE' } }),
    allow: ['inspection_officer', 'leader'],
  },
  { name: 'inspection audit log', query: `{ inspectionAuditLog(first: 1) { totalCount } }`, allow: ['leader'] },

  // Plan: rounds, teams, inspections.
  {
    name: 'inspectionRounds',
    query: `{ inspectionRounds(first: 5) { totalCount edges { node { name stage teams { name members { staffId role } } } } } }`,
    allow: PLAN_READERS,
  },
  {
    name: 'inspectionRound',
    query: `query($id: ID!) { inspectionRound(id: $id) { name stageHistory { stage enteredOn } } }`,
    variables: (f) => ({ id: f.roundId }),
    allow: PLAN_READERS,
  },
  {
    name: 'inspections',
    query: `query($id: ID!) { inspections(filter: { roundId: $id }) { totalCount edges { node { unit { code } briefingComplete } } } }`,
    variables: (f) => ({ id: f.roundId }),
    allow: PLAN_READERS,
  },
  {
    name: 'Unit.activeInspectionTeamIds',
    query: `query($code: UnitCode!) { unit(code: $code) { activeInspectionTeamIds } }`,
    variables: (f) => ({ code: f.inspectedCode }),
    allow: ROLES,
  },
  {
    name: 'Unit.inspections',
    query: `query($code: UnitCode!) { unit(code: $code) { inspections { totalCount edges { node { id round { name } } } } } }`,
    variables: (f) => ({ code: f.inspectedCode }),
    allow: PLAN_READERS,
  },

  // Records: briefings, findings, rectification.
  {
    name: 'Inspection.briefings',
    query: `query($id: ID!) { inspection(id: $id) { briefings { body content } } }`,
    variables: (f) => ({ id: f.inspectionId }),
    allow: RECORD_READERS,
  },
  {
    name: 'Inspection.findings',
    query: `query($id: ID!) { inspection(id: $id) { findings { description namedPersons { id } consultations { id } } } }`,
    variables: (f) => ({ id: f.inspectionId }),
    allow: RECORD_READERS,
  },
  { name: 'inspectionFindings', query: `{ inspectionFindings(first: 5) { totalCount edges { node { category description } } } }`, allow: RECORD_READERS },
  {
    name: 'Unit.inspectionFindings',
    query: `query($code: UnitCode!) { unit(code: $code) { inspectionFindings { totalCount edges { node { id } } } } }`,
    variables: (f) => ({ code: f.inspectedCode }),
    allow: RECORD_READERS,
  },
  {
    name: 'Unit.rectificationStatus',
    query: `query($code: UnitCode!) { unit(code: $code) { rectificationStatus { planStatus } } }`,
    variables: (f) => ({ code: f.inspectedCode }),
    allow: RECORD_READERS,
  },
  {
    name: 'Unit.overdueRectificationItems',
    query: `query($code: UnitCode!) { unit(code: $code) { overdueRectificationItems(asOf: "2019-12-31") { id } } }`,
    variables: (f) => ({ code: f.inspectedCode }),
    allow: RECORD_READERS,
  },
  { name: 'rectificationItems', query: `{ rectificationItems(first: 5) { totalCount edges { node { description } } } }`, allow: RECORD_READERS },

  // Transfers: inspection side, leaders, case management; one transfer also to its receiving department.
  {
    name: 'clueTransfers',
    query: `{ clueTransfers(first: 5) { totalCount edges { node { content feedbackDueOn } } } }`,
    allow: [...RECORD_READERS, 'case_manager'],
  },
  {
    name: 'overdueClueTransfers',
    query: `{ overdueClueTransfers(asOf: "2019-07-01") { totalCount edges { node { id } } } }`,
    allow: [...RECORD_READERS, 'case_manager'],
  },
  {
    name: 'clueTransfer (receiving department by scope)',
    query: `query($id: ID!) { clueTransfer(id: $id) { content escalated feedbackDueOn } }`,
    variables: (f) => ({ id: f.transferId }),
    scopes: (role, f) => (role === 'case_officer' ? { departmentIds: [f.departmentId!] } : undefined),
    allow: [...RECORD_READERS, 'case_manager', 'case_officer'],
  },

  {
    name: 'inspectionStatistics (aggregates)',
    query: `{ inspectionStatistics(year: 2019) { inspectionRounds inspectionFindingsByCategory { category count } inspectionFundsRecovered } }`,
    allow: ROLES,
  },

  // Mutations: refused inputs, so every allowed call leaves the fixture as it was.
  mutation('createInspectionRound', () => ({ year: 2019, number: 1, theme: '重复轮次', startOn: '2019-03-01' })),
  mutation('advanceInspectionRound', (f) => ({ roundId: f.roundId, stage: 'PREPARATION', on: '2019-03-11' })),
  mutation('createInspectionTeam', (f) => ({ roundId: f.roundId, name: '迟到的巡察组' })),
  mutation('addInspectionTeamMember', (f) => ({
    teamId: f.teamId,
    staffId: randomUUID(),
    role: 'MEMBER',
    homeBody: { kind: 'INSPECTION_OFFICE', name: '巡察办' },
  })),
  mutation('assignInspection', (f) => ({ teamId: f.teamId, unitCode: f.unitCode })),
  // The briefing office may record its own briefing.
  mutation(
    'recordBriefing',
    (f) => ({ inspectionId: f.inspectionId, body: 'PETITION_OFFICE', briefedByStaffId: randomUUID(), briefedOn: '2019-03-02', content: '迟到的通报' }),
    [...WRITERS, 'petition_officer'],
  ),
  mutation('recordFinding', () => ({ inspectionId: randomUUID(), category: 'OTHER', description: '无此巡察', recordedOn: '2019-03-16' })),
  mutation('recordConsultation', (f) => ({
    findingId: f.findingId,
    heldOn: '2019-03-21',
    departments: ['TRIAL_OFFICE'],
    question: '已移交后会商',
    conclusion: 'NOT_SUBSTANTIATED',
  })),
  mutation('transferClue', (f) => ({
    findingId: f.findingId,
    transferredOn: '2019-03-21',
    receiver: { kind: 'DEPARTMENT', id: f.departmentId },
    priority: true,
  })),
  mutation('recordClueTransferFeedback', (f) => ({ transferId: f.transferId, receivedOn: '2019-01-01', summary: '早于移交' }), [...WRITERS, 'case_manager']),
  mutation('holdFeedbackMeeting', (f) => ({
    inspectionId: f.inspectionId,
    heldOn: '2019-03-30',
    attendees: [{ capacity: 'COMMISSION_LEADER', staffId: randomUUID() }],
  })),
  mutation('submitRectificationPlan', (f) => ({
    inspectionId: f.inspectionId,
    submittedOn: '2019-04-01',
    summary: '未反馈先报方案',
    items: [{ description: 'x', responsiblePersonId: randomUUID(), deadline: '2019-05-01' }],
  })),
  // 审查把关 is the commission's: leaders, the conduct and case-management offices (DESIGN §6).
  mutation('reviewRectificationPlan', () => ({ planId: randomUUID(), decision: 'APPROVED', reviewedOn: '2019-04-02' }), [
    'leader',
    'conduct_officer',
    'case_manager',
  ]),
  mutation('recordRectificationProgress', () => ({ itemId: randomUUID(), reportedOn: '2019-04-03', note: '无此事项', completed: false })),
  mutation('recordFollowUp', (f) => ({ inspectionId: f.inspectionId, conductedOn: '2019-06-01', conclusion: 'RECTIFIED', notes: '未到回头看阶段' })),
  mutation('recordEscalationHandling', (f) => ({
    escalationId: randomUUID(),
    stationedGroupId: randomUUID(),
    inspectionId: f.inspectionId,
    receivedOn: '2019-03-12',
    action: 'RECORDED_AS_FINDING',
    notes: '缺少对应问题',
  })),
];
