import { newCommissionLeader, newDepartment, newStaff } from '../support/seed.ts';
import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Role } from '@hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../support/connections.ts';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { inspectionSteps, prepareRound } from '../support/seed-inspection.ts';
import { randomUnitCode, seed } from '../support/seed.ts';
import { createGroup, mutateOk, recordActivity } from '../support/seed-stationed.ts';
import {
  ClueTransferCasesDocument,
  ClueTransferContentDocument,
  ClueTransferOutcomeStatusDocument,
  DisciplineAuditLogOfRecordDocument,
  DisposeClueAttemptDocument,
  type DisposeClueInput,
  EscalateSupervisionIssueAttemptDocument,
  EscalationListDocument,
  ImposeSanctionAttemptDocument,
  InspectionClueOutcomesDocument,
  InspectionEscalationHandlingsDocument,
  RecordEscalationHandlingAttemptDocument,
  type RecordEscalationHandlingInput,
  RegisterClueRefusalDocument,
  TransferClueAttemptDocument,
  type TransferClueInput,
  UnitEscalationFindingsDocument,
  UnitEscalationHandlingsDocument,
  UnitEscalationSummariesDocument,
  UnitOpenIssuesAndHandlingsDocument,
  RecordBriefingDocument,
  ReviewRectificationPlanAttemptDocument,
  AddRectificationSupervisionNoteDocument,
  UnitOverdueRectificationItemsDocument,
  RecordAccountabilityDecisionAttemptDocument,
  type RecordAccountabilityDecisionInput,
  UnitRectificationOverviewDocument,
  UnitRectificationNotesDocument,
  type UnitOpenIssuesAndHandlingsQuery,
} from '../operations/generated.ts';

/**
 * The three loops that cross subgraphs (issue 7), each told end to end through the gateway with the
 * public mutations and queries, as the roles of DESIGN §6 would do each step, on fresh PostgreSQL
 * databases. The steps of one loop build on each other, in order.
 */

type Options = Parameters<Hub['query']>[2];
type Scopes = { stationedGroupIds?: string[]; inspectionTeamIds?: string[]; departmentIds?: string[]; zoneIds?: string[] };
const as = (role: Role, purpose: string, scopes: Scopes = {}): Options => ({ as: { role, scopes }, purpose });

const codesOf = (response: { errors?: { extensions?: Record<string, unknown> }[] }) => response.errors?.map((e) => e.extensions?.code) ?? [];

/** Runs `mutation { <name>(input) { <field> { <selection> } errors } }` and returns the record, failing on any error. */
async function run(hub: Hub, name: string, field: string, input: Record<string, unknown>, options: Options, selection = 'id'): Promise<any> {
  const inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  const payload = await mutateOk(
    hub,
    name,
    `mutation($input: ${inputType}!) { ${name}(input: $input) { ${field} { ${selection} } errors { code field message } } }`,
    { input },
    options,
  );
  return payload[field];
}

/** Reads through the gateway and fails on any error. */
async function read<Data, Variables extends Record<string, unknown>>(
  hub: Hub,
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  options: Options,
): Promise<Data> {
  const response = await hub.query(query, variables, options);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  if (!response.data) throw new Error('no data');
  return response.data;
}

describe('clue loop: finding → consultation → transfer → registration, disposal, case, sanction → outcome on the ClueTransfer', () => {
  let hub: Hub;
  const unitCode = randomUnitCode();
  let teamId: string;
  let roundId: string;
  let inspectionId: string;
  const ids = {} as Record<'office' | 'otherOffice' | 'officer' | 'cadre' | 'finding' | 'transfer' | 'clue' | 'case', string>;

  const inspector = () => as('inspection_officer', '巡察移交线索跟踪', { inspectionTeamIds: [teamId] });
  const caseManager = as('case_manager', '线索登记');
  const office = () => as('case_officer', '线索处置', { departmentIds: [ids.office] });
  const trial = as('trial_officer', '案件审理');

  beforeAll(async () => {
    hub = await startHub({ databases: await freshDatabases() });
    await seed(hub).units([{ code: unitCode, name: '云溪镇石桥村党支部', kind: 'VILLAGE', level: 'VILLAGE', township: '云溪镇' }]);
    const round = await prepareRound(hub, { unitCodes: [unitCode], year: 2025, number: 3, startOn: '2025-03-03' });
    teamId = round.teamId;
    roundId = round.roundId;
    inspectionId = round.inspections[unitCode]!;
    // Discipline's reference data: the receiving office, its officer and the cadre the finding names.
    ids.office = (await run(hub, 'createDepartment', 'department', { name: '第三纪检监察室', kind: 'SUPERVISION_OFFICE' }, as('leader', '机构设置'))).id;
    ids.otherOffice = (await run(hub, 'createDepartment', 'department', { name: '第四纪检监察室', kind: 'SUPERVISION_OFFICE' }, as('leader', '机构设置'))).id;
    ids.officer = (await run(hub, 'registerStaff', 'staff', { name: '周承办', homeBody: 'DISCIPLINE', departmentId: ids.office }, as('leader', '人员登记'))).id;
    ids.cadre = (
      await run(hub, 'registerPerson', 'person', { name: '孙支书', unitCode, post: '村党支部书记', rankLevel: 'VILLAGE', partyMember: true }, caseManager)
    ).id;
  });
  afterAll(() => hub?.stop());

  it('the team records a finding naming the cadre, and a consultation concludes to transfer it as a clue', async () => {
    const { ok } = inspectionSteps(hub, { role: 'inspection_officer', scopes: { inspectionTeamIds: [teamId] } });
    await ok('advanceInspectionRound', { roundId, stage: 'ENTRY', on: '2025-03-10' });
    const finding = await ok(
      'recordFinding',
      {
        inspectionId,
        category: 'FUNDS_MANAGEMENT',
        description: '村支书虚报冒领危房改造补助资金',
        amountInvolved: '86000.00',
        personIds: [ids.cadre],
        recordedOn: '2025-03-20',
      },
      '{ id namedPersons { id name } }',
    );
    expect(finding.namedPersons).toEqual([{ id: ids.cadre, name: '孙支书' }]);
    ids.finding = finding.id;
    await ok('advanceInspectionRound', { roundId, stage: 'FACT_FINDING', on: '2025-03-21' });
    const consultation = await ok(
      'recordConsultation',
      {
        findingId: ids.finding,
        heldOn: '2025-03-25',
        departments: ['INSPECTION_OFFICE', 'TRIAL_OFFICE', 'SUPERVISION_OFFICE', 'STATIONED_GROUP'],
        question: '是否作为问题线索移交',
        conclusion: 'TRANSFER_AS_CLUE',
        conclusionNote: '移交第三纪检监察室，优先办理',
      },
      '{ conclusion }',
    );
    expect(consultation.conclusion).toBe('TRANSFER_AS_CLUE');
  });

  it('transfers the clue to the office; a stationed officer may not, and the transfer has no clue yet', async () => {
    const input: TransferClueInput = { findingId: ids.finding, transferredOn: '2025-03-28', receiver: { kind: 'DEPARTMENT', id: ids.office }, priority: true };
    const byGroup = await hub.query(TransferClueAttemptDocument, { input }, as('stationed_officer', '越权移交', { stationedGroupIds: [randomUUID()] }));
    expect(codesOf(byGroup)).toContain('FORBIDDEN');

    const { ok } = inspectionSteps(hub, { role: 'inspection_officer', scopes: { inspectionTeamIds: [teamId] } });
    const transfer = await ok('transferClue', input, '{ id priority escalated feedbackDueOn receiverKind receiverId clue { id } }');
    // A village-level subject is escalated (提级); feedback is due three months later.
    expect(transfer).toMatchObject({
      priority: true,
      escalated: true,
      feedbackDueOn: '2025-06-28',
      receiverKind: 'DEPARTMENT',
      receiverId: ids.office,
      clue: null,
    });
    ids.transfer = transfer.id;
  });

  it('case management registers the transfer as a clue; the receiving office reads the transfer, another office does not', async () => {
    const forged = await hub.query(
      RegisterClueRefusalDocument,
      {
        input: {
          source: 'INSPECTION_TRANSFER',
          subjectUnitCode: unitCode,
          subjectPersonIds: [ids.cadre],
          receivedOn: '2025-03-31',
          summary: '巡察移交',
          handler: { departmentId: ids.office },
        },
      },
      caseManager,
    );
    expect(forged.data?.registerClue?.errors).toEqual([{ code: 'BAD_USER_INPUT', field: ['input', 'clueTransferId'] }]);
    const byInspector = await hub.query(
      RegisterClueRefusalDocument,
      {
        input: {
          source: 'INSPECTION_TRANSFER',
          clueTransferId: ids.transfer,
          subjectUnitCode: unitCode,
          receivedOn: '2025-03-31',
          summary: '巡察移交',
          handler: { departmentId: ids.office },
        },
      },
      inspector(),
    );
    expect(codesOf(byInspector)).toContain('FORBIDDEN');

    const clue = await run(
      hub,
      'registerClue',
      'clue',
      {
        source: 'INSPECTION_TRANSFER',
        clueTransferId: ids.transfer,
        subjectUnitCode: unitCode,
        subjectPersonIds: [ids.cadre],
        receivedOn: '2025-03-31',
        summary: '巡察移交：孙支书虚报冒领危房改造补助资金',
        handler: { departmentId: ids.office },
      },
      caseManager,
      'id source priority clueTransferId handlerDepartment { name }',
    );
    expect(clue).toMatchObject({ source: 'INSPECTION_TRANSFER', priority: true, clueTransferId: ids.transfer, handlerDepartment: { name: '第三纪检监察室' } });
    ids.clue = clue.id;

    const TRANSFER = ClueTransferContentDocument;
    const own = await read(hub, TRANSFER, { id: ids.transfer }, office());
    expect(own.clueTransfer).toEqual({ content: '村支书虚报冒领危房改造补助资金', unit: { code: unitCode }, clue: { id: ids.clue, disposalMethod: null } });
    const other = await hub.query(TRANSFER, { id: ids.transfer }, as('case_officer', '线索处置', { departmentIds: [ids.otherOffice] }));
    expect(codesOf(other)).toContain('FORBIDDEN');
    expect(JSON.stringify(other)).not.toContain('虚报冒领');
  });

  it('the office disposes of it by preliminary verification and files a case; another office may not', async () => {
    const dispose: DisposeClueInput = { clueId: ids.clue, method: 'PRELIMINARY_VERIFICATION', disposedOn: '2025-04-03', handledByStaffId: ids.officer };
    const foreign = await hub.query(DisposeClueAttemptDocument, { input: dispose }, as('case_officer', '线索处置', { departmentIds: [ids.otherOffice] }));
    expect(codesOf(foreign)).toContain('FORBIDDEN');
    expect(await run(hub, 'disposeClue', 'clue', dispose, office(), 'disposalMethod disposedOn')).toEqual({
      disposalMethod: 'PRELIMINARY_VERIFICATION',
      disposedOn: '2025-04-03',
    });
    ids.case = (await run(hub, 'fileCase', 'case', { clueId: ids.clue, personId: ids.cadre, filedOn: '2025-04-10' }, office())).id;
    await run(hub, 'startInvestigation', 'case', { caseId: ids.case, startedOn: '2025-04-11' }, office());
    await run(hub, 'recordLossesRecovered', 'case', { caseId: ids.case, amount: '86000.00', recoveredOn: '2025-05-06' }, office());
    expect(await run(hub, 'submitCaseForTrial', 'case', { caseId: ids.case, startedOn: '2025-05-20' }, office(), 'status trialDeadline')).toEqual({
      status: 'UNDER_TRIAL',
      trialDeadline: '2025-06-19',
    });
  });

  it('the trial office sanctions the cadre and closes the case; case management reports back to the inspection office', async () => {
    const byOffice = await hub.query(
      ImposeSanctionAttemptDocument,
      { input: { caseId: ids.case, type: 'PARTY_SERIOUS_WARNING', decidedOn: '2025-06-05', fourForm: 2 } },
      as('inspection_officer', '越权', { inspectionTeamIds: [teamId] }),
    );
    expect(codesOf(byOffice)).toContain('FORBIDDEN');
    expect(
      await run(
        hub,
        'imposeSanction',
        'sanction',
        { caseId: ids.case, type: 'PARTY_SERIOUS_WARNING', decidedOn: '2025-06-05', fourForm: 2 },
        trial,
        'type kind fourForm',
      ),
    ).toEqual({ type: 'PARTY_SERIOUS_WARNING', kind: 'PARTY', fourForm: 2 });
    expect(await run(hub, 'closeCase', 'case', { caseId: ids.case, closedOn: '2025-06-10' }, trial, 'status closedOn')).toEqual({
      status: 'CLOSED',
      closedOn: '2025-06-10',
    });
    const feedback = await run(
      hub,
      'recordClueTransferFeedback',
      'clueTransfer',
      { transferId: ids.transfer, receivedOn: '2025-06-12', summary: '已立案审查，给予党内严重警告处分，挽回损失 8.6 万元' },
      caseManager,
      'feedbackReceivedOn overdue(asOf: "2025-07-01")',
    );
    expect(feedback).toEqual({ feedbackReceivedOn: '2025-06-12', overdue: false });
  });

  it('the inspection team sees the outcome on its ClueTransfer — disposal, case and sanction status — but not the content', async () => {
    const OUTCOME = InspectionClueOutcomesDocument;
    const data = await read(hub, OUTCOME, { id: inspectionId }, inspector());
    expect(data.inspection?.findings).toEqual([
      {
        id: ids.finding,
        clueTransfer: {
          id: ids.transfer,
          feedbackReceivedOn: '2025-06-12',
          feedbackSummary: '已立案审查，给予党内严重警告处分，挽回损失 8.6 万元',
          clue: {
            source: 'INSPECTION_TRANSFER',
            priority: true,
            disposed: true,
            disposalMethod: 'PRELIMINARY_VERIFICATION',
            disposedOn: '2025-04-03',
            caseOutcomes: [
              {
                status: 'CLOSED',
                filedOn: '2025-04-10',
                closedOn: '2025-06-10',
                transferredToProcuratorateOn: null,
                sanctions: [{ type: 'PARTY_SERIOUS_WARNING', kind: 'PARTY', fourForm: 2, decidedOn: '2025-06-05' }],
              },
            ],
          },
        },
      },
    ]);

    // Status, not content: the clue's text, its subjects and the case records stay need-to-know.
    for (const selection of ['summary', 'subjects { name }', 'cases { id }']) {
      const content = await hub.query(`query($id: ID!) { clueTransfer(id: $id) { clue { ${selection} } } }`, { id: ids.transfer }, inspector());
      expect(codesOf(content), selection).toContain('FORBIDDEN');
      expect(JSON.stringify(content)).not.toContain('孙支书');
    }
    // Analysts never see a transfer; a petition officer is outside the loop.
    for (const role of ['analyst', 'petition_officer'] as const) {
      const refused = await hub.query(ClueTransferOutcomeStatusDocument, { id: ids.transfer }, as(role, '查询'));
      expect(codesOf(refused), role).toContain('FORBIDDEN');
      expect(refused.data?.clueTransfer ?? null).toBeNull();
    }
    // The handling office reads the same outcome together with the case itself.
    const own = await read(hub, ClueTransferCasesDocument, { id: ids.transfer }, office());
    expect(own.clueTransfer?.clue).toEqual({
      caseOutcomes: [{ status: 'CLOSED' }],
      cases: [{ status: 'CLOSED', person: { name: '孙支书' }, sanctions: [{ type: 'PARTY_SERIOUS_WARNING' }] }],
    });

    // Each body logged the steps in its own audit log, with who did them and why.
    const LOG = DisciplineAuditLogOfRecordDocument;
    const log = await read(hub, LOG, { id: ids.clue }, as('leader', '审计'));
    expect(log.disciplineAuditLog?.edges.map((e) => e.node)).toEqual(
      expect.arrayContaining([
        { action: 'CREATE', recordType: 'Clue', roles: ['case_manager'], purpose: '线索登记' },
        { action: 'UPDATE', recordType: 'Clue', roles: ['case_officer'], purpose: '线索处置' },
      ]),
    );
  });
});

describe('escalation loop: stationed issue → escalation → handled by the inspection team → visible to the group', () => {
  let hub: Hub;
  const unitCode = randomUnitCode();
  let groupId: string;
  let otherGroupId: string;
  let teamId: string;
  let roundId: string;
  let inspectionId: string;
  let issueId: string;
  let escalationId: string;
  let findingId: string;

  const group = () => as('stationed_officer', '日常监督', { stationedGroupIds: [groupId] });
  const team = () => as('inspection_officer', '巡察承接派驻组移交问题', { inspectionTeamIds: [teamId] });

  beforeAll(async () => {
    hub = await startHub({ databases: await freshDatabases() });
    const otherUnit = randomUnitCode();
    await seed(hub).units([
      { code: unitCode, name: '区住房和城乡建设局党组', kind: 'DEPARTMENT_PARTY_GROUP', level: 'DISTRICT' },
      { code: otherUnit, name: '区交通运输局党组', kind: 'DEPARTMENT_PARTY_GROUP', level: 'DISTRICT' },
    ]);
    groupId = await createGroup(hub, { name: '派驻第五纪检组', startOn: '2024-01-01', unitCodes: [unitCode] });
    otherGroupId = await createGroup(hub, { name: '派驻第六纪检组', startOn: '2024-01-01', unitCodes: [otherUnit] });
    const round = await prepareRound(hub, { unitCodes: [unitCode], year: 2025, number: 4, startOn: '2025-04-01' });
    teamId = round.teamId;
    roundId = round.roundId;
    inspectionId = round.inspections[unitCode]!;
    await inspectionSteps(hub).ok('advanceInspectionRound', { roundId, stage: 'ENTRY', on: '2025-04-07' });
  });
  afterAll(() => hub?.stop());

  it('the group finds an issue in daily supervision and escalates it to the inspecting team', async () => {
    const activity = await recordActivity(hub, {
      groupId,
      unitCode,
      kind: 'SUPERVISION_CHECK',
      heldOn: '2025-03-10',
      notes: '检查工程项目招投标',
      issues: [{ description: '工程项目化整为零规避公开招标' }],
    });
    issueId = activity.issueIds[0]!;
    const byOther = await hub.query(
      EscalateSupervisionIssueAttemptDocument,
      { input: { issueId, reason: '越权', escalatedOn: '2025-04-08', inspectionTeamId: teamId } },
      as('stationed_officer', '日常监督', { stationedGroupIds: [otherGroupId] }),
    );
    expect(codesOf(byOther)).toContain('FORBIDDEN');
    const escalation = await run(
      hub,
      'escalateSupervisionIssue',
      'escalation',
      {
        issueId,
        reason: '多次督促未整改，涉及党组成员，提请巡察组重点了解',
        escalatedOn: '2025-04-08',
        inspectionRoundId: roundId,
        inspectionTeamId: teamId,
      },
      group(),
      'id inspectionTeamId issue { status } handling { action }',
    );
    expect(escalation).toMatchObject({ inspectionTeamId: teamId, issue: { status: 'ESCALATED' }, handling: null });
    escalationId = escalation.id;
  });

  it('the inspecting team sees the escalation; another team and analysts do not', async () => {
    const LIST = EscalationListDocument;
    const mine = await read(hub, LIST, {}, team());
    expect(mine.escalations).toEqual({
      totalCount: 1,
      edges: [
        {
          node: {
            id: escalationId,
            summary: '工程项目化整为零规避公开招标',
            reason: '多次督促未整改，涉及党组成员，提请巡察组重点了解',
            group: { name: '派驻第五纪检组' },
            unit: { code: unitCode },
          },
        },
      ],
    });
    const otherTeam = await hub.query(LIST, {}, as('inspection_officer', '巡察', { inspectionTeamIds: [randomUUID()] }));
    expect(otherTeam.data?.escalations?.totalCount ?? 0).toBe(0);
    expect(JSON.stringify(otherTeam)).not.toContain('规避公开招标');
    const analyst = await hub.query(UnitEscalationSummariesDocument, { code: unitCode }, as('analyst', '统计'));
    expect(codesOf(analyst)).toContain('FORBIDDEN');
    expect(JSON.stringify(analyst)).not.toContain('规避公开招标');
  });

  it('the team verifies it, records it as a finding and records how it handled it; the group may not record that', async () => {
    const { ok } = inspectionSteps(hub, { role: 'inspection_officer', scopes: { inspectionTeamIds: [teamId] } });
    findingId = (
      await ok('recordFinding', { inspectionId, category: 'OTHER', description: '住建局工程项目化整为零规避公开招标（派驻组移交）', recordedOn: '2025-04-20' })
    ).id;
    const handling: RecordEscalationHandlingInput = {
      escalationId,
      stationedGroupId: groupId,
      inspectionId,
      receivedOn: '2025-04-09',
      action: 'RECORDED_AS_FINDING',
      findingId,
      notes: '经巡察组核查属实，列为巡察发现问题，纳入反馈',
    };
    const byGroup = await hub.query(RecordEscalationHandlingAttemptDocument, { input: handling }, group());
    expect(codesOf(byGroup)).toContain('FORBIDDEN');
    const recorded = await ok('recordEscalationHandling', handling, '{ id handling { action receivedOn finding { id } } }');
    expect(recorded).toEqual({ id: escalationId, handling: { action: 'RECORDED_AS_FINDING', receivedOn: '2025-04-09', finding: { id: findingId } } });
    const onInspection = await read(hub, InspectionEscalationHandlingsDocument, { id: inspectionId }, team());
    expect(onInspection.inspection?.escalationHandlings).toEqual([
      { action: 'RECORDED_AS_FINDING', finding: { description: '住建局工程项目化整为零规避公开招标（派驻组移交）' } },
    ]);
  });

  it('the group sees from its unit how the team handled its escalation; the handling closes the issue by itself (outbox)', async () => {
    const VIEW = UnitEscalationHandlingsDocument;
    const view = await read(hub, VIEW, { code: unitCode }, group());
    expect(nodes(view.unit?.stationedEscalations)).toEqual([
      {
        id: escalationId,
        issue: { status: expect.stringMatching(/^(ESCALATED|RESOLVED)$/) },
        handling: {
          action: 'RECORDED_AS_FINDING',
          receivedOn: '2025-04-09',
          notes: '经巡察组核查属实，列为巡察发现问题，纳入反馈',
          inspection: { id: inspectionId, round: { name: '第四轮' }, team: { name: '第一巡察组' } },
        },
      },
    ]);
    // The finding itself stays on the inspection side.
    const finding = await hub.query(UnitEscalationFindingsDocument, { code: unitCode }, group());
    expect(codesOf(finding)).toContain('FORBIDDEN');
    // Another group learns nothing about it.
    const other = await hub.query(VIEW, { code: unitCode }, as('stationed_officer', '日常监督', { stationedGroupIds: [otherGroupId] }));
    expect(codesOf(other)).toContain('FORBIDDEN');
    expect(JSON.stringify(other)).not.toContain('经巡察组核查');

    // Nobody keys it again: the handling reaches stationed through the outbox and resolves the issue.
    let after: UnitOpenIssuesAndHandlingsQuery | undefined;
    for (let i = 0; i < 100; i++) {
      after = await read(hub, UnitOpenIssuesAndHandlingsDocument, { code: unitCode }, as('leader', '监督检查'));
      // Both settled: the count and the status are read by separate statements, so an answer read
      // while the delivery lands can show the issue resolved in one and still open in the other.
      if (nodes(after.unit?.stationedEscalations)[0]?.issue?.status === 'RESOLVED' && after.unit?.openSupervisionIssues?.totalCount === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(after?.unit).toEqual({
      openSupervisionIssues: { totalCount: 0 },
      stationedEscalations: { edges: [{ node: { issue: { status: 'RESOLVED' }, handling: { action: 'RECORDED_AS_FINDING' } } }] },
    });
  });
});

describe('rectification loop: feedback → plan reviewed → items → stationed notes → accountability on a failed item → visible from the unit', () => {
  let hub: Hub;
  const unitCode = randomUnitCode();
  let groupId: string;
  let otherGroupId: string;
  let teamId: string;
  let roundId: string;
  let inspectionId: string;
  let planId: string;
  let findingId: string;
  let secretaryId: string;
  let directorId: string;
  let items: { id: string; description: string }[];

  const group = () => as('stationed_officer', '整改监督', { stationedGroupIds: [groupId] });
  const team = () => as('inspection_officer', '整改督办', { inspectionTeamIds: [teamId] });
  const steps = () => inspectionSteps(hub, { role: 'inspection_officer', scopes: { inspectionTeamIds: [teamId] } });

  beforeAll(async () => {
    hub = await startHub({ databases: await freshDatabases() });
    const otherUnit = randomUnitCode();
    await seed(hub).units([
      { code: unitCode, name: '区农业农村局党组', kind: 'DEPARTMENT_PARTY_GROUP', level: 'DISTRICT' },
      { code: otherUnit, name: '区民政局党组', kind: 'DEPARTMENT_PARTY_GROUP', level: 'DISTRICT' },
    ]);
    groupId = await createGroup(hub, { name: '派驻第七纪检组', startOn: '2024-01-01', unitCodes: [unitCode] });
    otherGroupId = await createGroup(hub, { name: '派驻第八纪检组', startOn: '2024-01-01', unitCodes: [otherUnit] });
    const caseManager = as('case_manager', '人员登记');
    secretaryId = (
      await run(hub, 'registerPerson', 'person', { name: '钱书记', unitCode, post: '党组书记、局长', rankLevel: 'SECTION', partyMember: true }, caseManager)
    ).id;
    directorId = (
      await run(hub, 'registerPerson', 'person', { name: '吴科长', unitCode, post: '财务科科长', rankLevel: 'OTHER', partyMember: true }, caseManager)
    ).id;

    // The round, its team and the unit's briefings — the overseeing group briefs the team itself.
    const { ok } = inspectionSteps(hub);
    roundId = (await ok('createInspectionRound', { year: 2025, number: 5, theme: '聚焦惠农资金管理', startOn: '2025-05-05' })).id;
    teamId = (await ok('createInspectionTeam', { roundId, name: '第二巡察组' })).id;
    await ok('addInspectionTeamMember', { teamId, staffId: await newStaff(hub), role: 'LEADER', homeBody: { kind: 'INSPECTION_OFFICE', name: '区委巡察办' } });
    await ok('addInspectionTeamMember', {
      teamId,
      staffId: await newStaff(hub),
      role: 'DEPUTY_LEADER',
      homeBody: { kind: 'COMMISSION_DEPARTMENT', id: await newDepartment(hub), name: '第一纪检监察室' },
    });
    await ok('addInspectionTeamMember', {
      teamId,
      staffId: await newStaff(hub),
      role: 'MEMBER',
      homeBody: { kind: 'STATIONED_GROUP', id: groupId, name: '派驻第七纪检组' },
    });
    for (let i = 0; i < 2; i++)
      await ok('addInspectionTeamMember', {
        teamId,
        staffId: await newStaff(hub),
        role: 'MEMBER',
        homeBody: { kind: 'INSPECTION_OFFICE', name: '区委巡察办' },
      });
    inspectionId = (await ok('assignInspection', { teamId, unitCode })).id;
    for (const body of ['PETITION_OFFICE', 'CONDUCT_OFFICE', 'CASE_MANAGEMENT_OFFICE']) {
      await ok('recordBriefing', { inspectionId, body, briefedByStaffId: await newStaff(hub), briefedOn: '2025-05-05', content: `${body} 通报` });
    }
    await mutateOk(
      hub,
      'recordBriefing',
      RecordBriefingDocument,
      {
        input: {
          inspectionId,
          body: 'STATIONED_GROUP',
          stationedGroupId: groupId,
          briefedByStaffId: await newStaff(hub),
          briefedOn: '2025-05-06',
          content: '派驻组通报：日常监督发现惠农补贴发放台账不全',
        },
      },
      group(),
    );
  });
  afterAll(() => hub?.stop());

  it('the team enters, finds problems and gives feedback; the report is due two months later', async () => {
    const { ok } = steps();
    await ok('advanceInspectionRound', { roundId, stage: 'ENTRY', on: '2025-05-12' });
    findingId = (
      await ok('recordFinding', {
        inspectionId,
        category: 'FUNDS_MANAGEMENT',
        description: '惠农补贴资金发放不规范，台账缺失',
        amountInvolved: '312000.00',
        personIds: [directorId],
        recordedOn: '2025-05-20',
      })
    ).id;
    await ok('advanceInspectionRound', { roundId, stage: 'FACT_FINDING', on: '2025-05-21' });
    await ok('advanceInspectionRound', { roundId, stage: 'REPORTING', on: '2025-06-02' });
    await ok('advanceInspectionRound', { roundId, stage: 'FEEDBACK', on: '2025-06-16' });
    const meeting = await ok(
      'holdFeedbackMeeting',
      {
        inspectionId,
        heldOn: '2025-06-20',
        attendees: [
          { capacity: 'COMMISSION_LEADER', staffId: await newCommissionLeader(hub) },
          { capacity: 'STATIONED_GROUP_HEAD', staffId: await newStaff(hub) },
          { capacity: 'UNIT_PARTY_SECRETARY', personId: secretaryId },
        ],
      },
      '{ reportDueOn }',
    );
    expect(meeting.reportDueOn).toBe('2025-08-20');
    await ok('advanceInspectionRound', { roundId, stage: 'TRANSFER', on: '2025-06-25' });
  });

  it("the unit's plan is returned once, then approved by the commission; the group cannot review it", async () => {
    const { ok } = steps();
    const plan = await ok(
      'submitRectificationPlan',
      {
        inspectionId,
        submittedOn: '2025-07-10',
        summary: '区农业农村局巡察整改方案',
        items: [
          { description: '全面清理惠农补贴发放台账', responsiblePersonId: directorId, deadline: '2025-08-31', findingId },
          { description: '追回违规发放的补贴资金', responsiblePersonId: secretaryId, deadline: '2025-09-30', findingId },
        ],
      },
      '{ id status items { id description } }',
    );
    planId = plan.id;
    items = plan.items;
    const byGroup = await hub.query(ReviewRectificationPlanAttemptDocument, { input: { planId, decision: 'APPROVED', reviewedOn: '2025-07-12' } }, group());
    expect(codesOf(byGroup)).toContain('FORBIDDEN');
    const leader = inspectionSteps(hub, { role: 'leader' });
    await leader.ok('reviewRectificationPlan', { planId, decision: 'RETURNED', reviewedOn: '2025-07-14', reasons: '追回资金无具体时限和责任人' });
    const resubmitted = await ok(
      'submitRectificationPlan',
      {
        inspectionId,
        submittedOn: '2025-07-18',
        summary: '区农业农村局巡察整改方案（修改稿）',
        items: [
          { description: '全面清理惠农补贴发放台账', responsiblePersonId: directorId, deadline: '2025-08-31', findingId },
          { description: '追回违规发放的补贴资金 31.2 万元', responsiblePersonId: secretaryId, deadline: '2025-09-30', findingId },
        ],
      },
      '{ id items { id description } }',
    );
    items = resubmitted.items;
    const approved = await leader.ok('reviewRectificationPlan', { planId, decision: 'APPROVED', reviewedOn: '2025-07-22' }, '{ status reviews { decision } }');
    expect(approved).toEqual({ status: 'APPROVED', reviews: [{ decision: 'RETURNED' }, { decision: 'APPROVED' }] });
    await ok('advanceInspectionRound', { roundId, stage: 'RECTIFICATION', on: '2025-07-23' });
  });

  it('the items progress; the overseeing group notes its supervision on them, another group may not', async () => {
    const { ok } = steps();
    const [ledger, recovery] = [items[0]!, items[1]!];
    await ok('recordRectificationProgress', { itemId: ledger.id, reportedOn: '2025-08-28', note: '台账已补齐', completed: true });
    await ok('recordRectificationProgress', {
      itemId: recovery.id,
      reportedOn: '2025-09-15',
      note: '已追回 4.5 万元',
      completed: false,
      fundsRecovered: '45000.00',
    });

    const ADD = AddRectificationSupervisionNoteDocument;
    const first = await mutateOk(
      hub,
      'addRectificationSupervisionNote',
      ADD,
      { input: { rectificationItemId: recovery.id, groupId, unitCode, notedOn: '2025-09-01', note: '督促追回资金，进度明显滞后' } },
      group(),
    );
    expect(first.note).toMatchObject({ notedOn: '2025-09-01', rectificationItem: { id: recovery.id } });
    await mutateOk(
      hub,
      'addRectificationSupervisionNote',
      ADD,
      { input: { rectificationItemId: recovery.id, groupId, unitCode, notedOn: '2025-10-08', note: '逾期未完成，建议启动问责' } },
      group(),
    );
    const foreign = await hub.query(
      ADD,
      { input: { rectificationItemId: recovery.id, groupId, unitCode, notedOn: '2025-10-08', note: '越权记录' } },
      as('stationed_officer', '整改监督', { stationedGroupIds: [otherGroupId] }),
    );
    expect(codesOf(foreign)).toContain('FORBIDDEN');

    // On 10-01 the recovery item is overdue and open: rectification has failed there.
    const overdue = await read(hub, UnitOverdueRectificationItemsDocument, { code: unitCode, asOf: '2025-10-01' }, team());
    expect(overdue.unit?.overdueRectificationItems).toEqual([{ id: recovery.id }]);
    await ok('advanceInspectionRound', { roundId, stage: 'FOLLOW_UP', on: '2025-10-09' });
    expect(
      await ok(
        'recordFollowUp',
        { inspectionId, conductedOn: '2025-10-15', conclusion: 'PARTIALLY_RECTIFIED', notes: '违规发放补贴尚未全部追回' },
        '{ conclusion openItems }',
      ),
    ).toEqual({ conclusion: 'PARTIALLY_RECTIFIED', openItems: 1 });
  });

  it('discipline holds the responsible cadre accountable for the failed item; the group and the team may not decide it', async () => {
    const recovery = items[1]!;
    const input: RecordAccountabilityDecisionInput = {
      rectificationItemId: recovery.id,
      unitCode,
      personId: secretaryId,
      decidedOn: '2025-10-20',
      measure: '诫勉谈话',
      reason: '巡察整改事项逾期未完成，追回资金不到位',
    };
    const MUTATION = RecordAccountabilityDecisionAttemptDocument;
    for (const caller of [group(), team()]) {
      const refused = await hub.query(MUTATION, { input }, caller);
      expect(codesOf(refused)).toContain('FORBIDDEN');
    }
    const decision = await run(
      hub,
      'recordAccountabilityDecision',
      'decision',
      input,
      as('conduct_officer', '整改问责'),
      'rectificationItemId unit { code } person { name } measure',
    );
    expect(decision).toEqual({ rectificationItemId: recovery.id, unit: { code: unitCode }, person: { name: '钱书记' }, measure: '诫勉谈话' });
  });

  it("shows it all from the unit: items, the group's notes and discipline's accountability decision", async () => {
    const [ledger, recovery] = [items[0]!, items[1]!];
    const VIEW = UnitRectificationOverviewDocument;
    const expected = {
      rectificationStatus: { planStatus: 'APPROVED', reportDueOn: '2025-08-20', itemsTotal: 2, itemsCompleted: 1, followUpConclusion: 'PARTIALLY_RECTIFIED' },
      inspections: {
        edges: [
          {
            node: {
              rectificationPlan: {
                status: 'APPROVED',
                items: [
                  {
                    id: ledger.id,
                    description: '全面清理惠农补贴发放台账',
                    status: 'COMPLETED',
                    overdue: false,
                    responsiblePerson: { name: '吴科长' },
                    supervisionNotes: [],
                    accountabilityDecisions: [],
                  },
                  {
                    id: recovery.id,
                    description: '追回违规发放的补贴资金 31.2 万元',
                    status: expect.not.stringMatching(/^COMPLETED$/),
                    overdue: true,
                    responsiblePerson: { name: '钱书记' },
                    supervisionNotes: [
                      { notedOn: '2025-09-01', note: '督促追回资金，进度明显滞后', group: { name: '派驻第七纪检组' } },
                      { notedOn: '2025-10-08', note: '逾期未完成，建议启动问责', group: { name: '派驻第七纪检组' } },
                    ],
                    accountabilityDecisions: [
                      { decidedOn: '2025-10-20', measure: '诫勉谈话', reason: '巡察整改事项逾期未完成，追回资金不到位', person: { name: '钱书记' } },
                    ],
                  },
                ],
              },
            },
          },
        ],
      },
    };
    for (const caller of [as('leader', '整改情况调度'), team()]) {
      const data = await read(hub, VIEW, { code: unitCode, asOf: '2025-10-20' }, caller);
      expect(data.unit).toEqual(expected);
    }

    // The overseeing group follows the rectification it supervises: items and its notes.
    const GROUP_VIEW = UnitRectificationNotesDocument;
    const asGroup = await read(hub, GROUP_VIEW, { code: unitCode }, group());
    expect(nodes(asGroup.unit?.inspections)[0]?.rectificationPlan?.items?.map((i) => i.supervisionNotes?.length)).toEqual([0, 2]);
    // Another group, and analysts, see none of it.
    for (const caller of [as('stationed_officer', '整改监督', { stationedGroupIds: [otherGroupId] }), as('analyst', '统计')]) {
      const refused = await hub.query(GROUP_VIEW, { code: unitCode }, caller);
      expect(codesOf(refused)).toContain('FORBIDDEN');
      expect(JSON.stringify(refused)).not.toContain('追回资金');
    }
  });
});
