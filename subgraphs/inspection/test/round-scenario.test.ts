import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../../../test/support/connections.ts';
import { randomUnitCode, seed } from '../../../test/support/seed.ts';
import { type DirectQueryOptions, startSubgraph } from '../../../test/support/subgraph.ts';
import {
  ClueTransferContentDocument,
  ClueTransferFindingDocument,
  type FeedbackMeetingAttendeeInput,
  FindingPersonsDocument,
  FindingReadAuditDocument,
  FindingsCountDocument,
  type InspectionStage,
  InspectionBriefingsDocument,
  InspectionStatisticsYearsDocument,
  OverdueRectificationItemsDocument,
  OverdueTransfersDocument,
  type RecordBriefingInput,
  RecordBriefingDocument,
  RecordClueTransferFeedbackDocument,
  RoundPreparationDocument,
  RoundStageDocument,
  RoundStaffMembershipsDocument,
  UnitActiveTeamsDocument,
  UnitFollowUpDocument,
  UnitOverdueItemsDocument,
  UnitReportOverdueDocument,
} from './operations/generated.ts';
import { type Inspection, inspectionSteps, mutationDocument, newDepartment, type PreparedRound, prepareRound } from './steps.ts';

/**
 * 第九轮巡察, walked from preparation to 回头看 on inspection alone against PostgreSQL, with the
 * refusals a real round meets on the way. The steps build on each other, in order. The staff,
 * persons, office and stationed group the round names are other bodies' records, answered by the
 * reference-check stand-in as their owners' lookups would answer them.
 */
describe('an inspection round from preparation to follow-up', () => {
  let hub: Inspection;
  const township = randomUnitCode();
  const village = randomUnitCode();
  const auditBureau = randomUnitCode();
  let round: PreparedRound;
  let steps: ReturnType<typeof inspectionSteps>;
  /** Plans are reviewed by the commission (DESIGN §6): here the conduct office. */
  let reviewer: ReturnType<typeof inspectionSteps>;
  const findings = {} as { villageFunds: string; villageDisputed: string; townshipFormalism: string; townshipPersonnel: string };
  const transfers = {} as { village: string; township: string };
  let planId: string;
  let items: { id: string; description: string; deadline: string }[];
  const pool = Array.from({ length: 30 }, () => randomUUID());
  let used = 0;
  /** The next staff member of the pool, registered in discipline before the round starts. */
  const pooled = () => pool[used++]!;
  const office = randomUUID();
  /** A commission leader (委领导) in discipline's staff records, for the feedback meetings. */
  const commissionLeader = randomUUID();
  const personA = randomUUID();
  const personB = randomUUID();

  beforeAll(async () => {
    hub = await startSubgraph('inspection');
    steps = inspectionSteps(hub);
    // The staff, persons and office the round names are records of discipline.
    await seed(hub).staff(pool).commissionLeaders([commissionLeader]).persons([personA, personB]).department(office, '第五纪检监察室');
    reviewer = inspectionSteps(hub, { role: 'conduct_officer' });
    await seed(hub).units([
      { code: township, name: '中共东湖镇委员会', kind: 'TOWNSHIP_PARTY_COMMITTEE', level: 'TOWNSHIP', township: '东湖镇' },
      { code: auditBureau, name: '区审计局党组', kind: 'DEPARTMENT_PARTY_GROUP', level: 'DISTRICT' },
    ]);
    await seed(hub).units([{ code: village, name: '东湖镇柳营村党总支', kind: 'VILLAGE', level: 'VILLAGE', township: '东湖镇', parentCode: township }]);
  });
  afterAll(() => hub?.stop());

  const stageOf = async () => (await hub.query(RoundStageDocument, { id: round.roundId })).data?.inspectionRound?.stage;
  const advance = (stage: InspectionStage, on: string) => steps.step('advanceInspectionRound', { roundId: round.roundId, stage, on });
  const activeTeams = async (code: string) => (await hub.query(UnitActiveTeamsDocument, { code })).data?.unit?.activeInspectionTeamIds;

  it('prepares the round: team of five with borrowed staff, units assigned, briefings recorded', async () => {
    round = await prepareRound(hub, { unitCodes: [village, township], year: 2020, number: 9, startOn: '2020-09-01', memberHomeUnitCode: auditBureau });
    const response = await hub.query(RoundPreparationDocument, { id: round.roundId }, { as: { role: 'inspection_officer' }, purpose: '巡前准备' });
    expect(response.errors).toBeUndefined();
    const r = response.data!.inspectionRound!;
    expect(r).toMatchObject({ name: '第九轮', year: 2020, stage: 'PREPARATION' });
    const members = r.teams![0]!.members!;
    expect(members).toHaveLength(5);
    expect(members.find((m) => m.homeBodyKind === 'STATIONED_GROUP')).toMatchObject({
      homeBodyId: round.stationedGroupId,
      homeBodyName: '派驻第三纪检组',
    });
    expect(members.find((m) => m.homeUnit)).toMatchObject({ homeUnit: { code: auditBureau } });
    expect(r.inspections!.map((i) => i.unit.code).sort()).toEqual([village, township].sort());
    for (const inspection of r.inspections!) {
      expect(inspection.briefingComplete).toBe(true);
      expect(inspection.briefings!.map((b) => b.body).sort()).toEqual(['CASE_MANAGEMENT_OFFICE', 'CONDUCT_OFFICE', 'PETITION_OFFICE', 'STATIONED_GROUP']);
    }
    expect(await activeTeams(village)).toEqual([]);
  });

  it('refuses a duplicate round, a second leader, an eighth member and a second briefing by the same office', async () => {
    const duplicate = await steps.step('createInspectionRound', { year: 2020, number: 9, theme: '重复', startOn: '2020-09-01' });
    expect(duplicate.errors).toEqual([expect.objectContaining({ code: 'ALREADY_EXISTS', field: ['input', 'number'] })]);
    const leader = await steps.step('addInspectionTeamMember', {
      teamId: round.teamId,
      staffId: pooled(),
      role: 'LEADER',
      homeBody: { kind: 'INSPECTION_OFFICE', name: '区委巡察办' },
    });
    expect(leader.errors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'role'] })]);
    for (let i = 0; i < 2; i++) {
      await steps.ok('addInspectionTeamMember', {
        teamId: round.teamId,
        staffId: pooled(),
        role: 'MEMBER',
        homeBody: { kind: 'INSPECTION_OFFICE', name: '区委巡察办' },
      });
    }
    const eighth = await steps.step('addInspectionTeamMember', {
      teamId: round.teamId,
      staffId: pooled(),
      role: 'MEMBER',
      homeBody: { kind: 'INSPECTION_OFFICE', name: '区委巡察办' },
    });
    expect(eighth.errors).toEqual([expect.objectContaining({ code: 'LIMIT_EXCEEDED' })]);
    const again = await steps.step('recordBriefing', {
      inspectionId: round.inspections[village]!,
      body: 'PETITION_OFFICE',
      briefedByStaffId: pooled(),
      briefedOn: '2020-09-02',
      content: '再次通报',
    });
    expect(again.errors).toEqual([expect.objectContaining({ code: 'ALREADY_EXISTS', field: ['input', 'body'] })]);
  });

  it('lets a briefing office or stationed group record its own briefing, and only its own', async () => {
    const next = await steps.ok('createInspectionRound', { year: 2021, number: 1, theme: '提前部署', startOn: '2021-03-01' });
    const team = await steps.ok('createInspectionTeam', { roundId: next.id, name: '第二巡察组' });
    const inspection = await steps.ok('assignInspection', { teamId: team.id, unitCode: township });
    const briefing = (body: RecordBriefingInput['body'], stationedGroupId: string | null = null): RecordBriefingInput => ({
      inspectionId: inspection.id,
      body,
      stationedGroupId,
      briefedByStaffId: pooled(),
      briefedOn: '2021-03-05',
      content: `${body} 通报`,
    });
    const send = (input: RecordBriefingInput, as: DirectQueryOptions) => hub.query(RecordBriefingDocument, { input }, as);
    const petition = await send(briefing('PETITION_OFFICE'), { as: { role: 'petition_officer' } });
    expect(petition.errors).toBeUndefined();
    expect(petition.data?.recordBriefing).toEqual({
      briefing: { id: expect.any(String), body: 'PETITION_OFFICE', content: 'PETITION_OFFICE 通报' },
      errors: [],
    });
    const notItsOwn = await send(briefing('CONDUCT_OFFICE'), { as: { role: 'petition_officer' } });
    expect(notItsOwn.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const group = await send(briefing('STATIONED_GROUP', round.stationedGroupId), {
      as: { role: 'stationed_officer', scopes: { stationedGroupIds: [round.stationedGroupId] } },
    });
    expect(group.data?.recordBriefing?.errors).toEqual([]);
    const otherGroup = await send(briefing('STATIONED_GROUP', randomUUID()), {
      as: { role: 'stationed_officer', scopes: { stationedGroupIds: [round.stationedGroupId] } },
    });
    expect(otherGroup.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const read = await hub.query(InspectionBriefingsDocument, { id: inspection.id }, { as: { role: 'petition_officer' } });
    // The petition office reads the plan (it briefs teams) but not the briefings: those alone are
    // refused, by path, and the rest of the answer stands.
    expect(read.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['FORBIDDEN', ['inspection', 'briefings']]]);
    expect(read.data?.inspection).toEqual({ briefingComplete: false, briefings: null });
  });

  it('enforces recusal both ways: no member from an inspected unit, no unit a member works in', async () => {
    const member = await steps.step('addInspectionTeamMember', {
      teamId: round.teamId,
      staffId: pooled(),
      role: 'MEMBER',
      homeBody: { kind: 'OTHER_UNIT', name: '柳营村' },
      homeUnitCode: village,
    });
    // The village itself (works there) and its township (the parent of the village) are both refused, together.
    expect(member.errors).toEqual([
      expect.objectContaining({ code: 'CONFLICT', field: ['input', 'homeUnitCode'] }),
      expect.objectContaining({ code: 'CONFLICT', field: ['input', 'homeUnitCode'] }),
    ]);
    expect(member.errors[0]!.message).toMatch(/回避/);
    expect(member.errors.map((e) => e.message).join()).toMatch(/上级/);
    const unit = await steps.step('assignInspection', { teamId: round.teamId, unitCode: auditBureau });
    expect(unit.errors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'unitCode'] })]);
    // Nothing was half-written.
    const rows = await hub.database.db.selectFrom('inspection').select('unitCode').where('roundId', '=', round.roundId).execute();
    expect(rows.map((r) => r.unitCode).sort()).toEqual([village, township].sort());
  });

  it('moves forward one stage at a time: no skipping, no going back', async () => {
    const skip = await advance('FACT_FINDING', '2020-09-10');
    expect(skip.errors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION', field: ['input', 'stage'] })]);
    const entry = await advance('ENTRY', '2020-09-10');
    expect(entry.errors).toEqual([]);
    expect(entry.record!.stage).toBe('ENTRY');
    expect(await activeTeams(village)).toEqual([round.teamId]);
    const same = await advance('ENTRY', '2020-09-11');
    expect(same.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION' });
    const backwards = await advance('PREPARATION', '2020-09-11');
    expect(backwards.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION', field: ['input', 'stage'] });
    expect(backwards.errors[0]!.message).toMatch(/只能向前/);
    const earlier = await advance('FACT_FINDING', '2020-09-01');
    expect(earlier.errors[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'on'] });
    expect(await stageOf()).toBe('ENTRY');
    // Team composition is fixed once the team has entered.
    const late = await steps.step('addInspectionTeamMember', {
      teamId: round.teamId,
      staffId: pooled(),
      role: 'MEMBER',
      homeBody: { kind: 'INSPECTION_OFFICE', name: '区委巡察办' },
    });
    expect(late.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('records findings naming persons, and a consultation on a disputed one', async () => {
    const fundsAmount = '4408700.00';
    const f1 = await steps.ok('recordFinding', {
      inspectionId: round.inspections[village]!,
      category: 'FUNDS_MANAGEMENT',
      description: '村集体资金违规发放津补贴',
      amountInvolved: fundsAmount,
      personIds: [personA, personB, personA],
      recordedOn: '2020-09-20',
    });
    expect(f1.amountInvolved).toBe(fundsAmount);
    expect(f1.namedPersons!.map((p) => p.id).sort()).toEqual([personA, personB].sort());
    findings.villageFunds = f1.id;
    const beforeEntry = await steps.step('recordFinding', {
      inspectionId: round.inspections[village]!,
      category: 'OTHER',
      description: '进驻前',
      recordedOn: '2020-09-09',
    });
    expect(beforeEntry.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'recordedOn'] })]);
    findings.villageDisputed = (
      await steps.ok('recordFinding', {
        inspectionId: round.inspections[village]!,
        category: 'EIGHT_PROVISIONS',
        description: '公款吃喝线索',
        personIds: [personA],
        recordedOn: '2020-09-22',
      })
    ).id;
    findings.townshipFormalism = (
      await steps.ok('recordFinding', {
        inspectionId: round.inspections[township]!,
        category: 'FORMALISM_BUREAUCRATISM',
        description: '文山会海',
        recordedOn: '2020-09-25',
      })
    ).id;
    findings.townshipPersonnel = (
      await steps.ok('recordFinding', {
        inspectionId: round.inspections[township]!,
        category: 'PERSONNEL_SELECTION',
        description: '违规提拔',
        personIds: [personB],
        recordedOn: '2020-09-26',
      })
    ).id;

    const consult = await steps.ok('recordConsultation', {
      findingId: findings.villageDisputed,
      heldOn: '2020-09-28',
      departments: ['INSPECTION_OFFICE', 'TRIAL_OFFICE', 'SUPERVISION_OFFICE', 'STATIONED_GROUP'],
      question: '是否构成违反中央八项规定精神问题',
      conclusion: 'ORDER_RECTIFICATION',
    });
    expect(consult.conclusion).toBe('ORDER_RECTIFICATION');
    await advance('FACT_FINDING', '2020-09-15');
    // Consultation concluded against a transfer: the transfer is refused until a new consultation says otherwise.
    const refused = await steps.step('transferClue', {
      findingId: findings.villageDisputed,
      transferredOn: '2020-09-29',
      receiver: { kind: 'DEPARTMENT', id: await newDepartment(hub) },
      priority: false,
    });
    expect(refused.errors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'findingId'] })]);
    await steps.ok('recordConsultation', {
      findingId: findings.villageDisputed,
      heldOn: '2020-10-09',
      departments: ['INSPECTION_OFFICE', 'TRIAL_OFFICE'],
      question: '补充核实后再研判',
      conclusion: 'TRANSFER_AS_CLUE',
      conclusionNote: '作为问题线索移交第二纪检监察室',
    });
  });

  it('refuses a feedback meeting before 反馈 and moving to 移交 before every unit had its meeting', async () => {
    const early = await steps.step('holdFeedbackMeeting', {
      inspectionId: round.inspections[village]!,
      heldOn: '2020-10-01',
      attendees: [{ capacity: 'COMMISSION_LEADER', staffId: commissionLeader }],
    });
    expect(early.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect((await advance('REPORTING', '2020-10-20')).errors).toEqual([]);
    expect((await advance('FEEDBACK', '2020-11-20')).errors).toEqual([]);
    const premature = await advance('TRANSFER', '2020-11-21');
    expect(premature.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(premature.errors[0]!.message).toMatch(/反馈会/);
  });

  it('holds feedback meetings with a commission leader; the report is due 2 calendar months later', async () => {
    const noLeader = await steps.step('holdFeedbackMeeting', {
      inspectionId: round.inspections[village]!,
      heldOn: '2020-12-31',
      attendees: [{ capacity: 'TEAM_LEADER', staffId: round.leaderStaffId }],
    });
    expect(noLeader.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'attendees'] })]);
    const attendees: FeedbackMeetingAttendeeInput[] = [
      { capacity: 'COMMISSION_LEADER', staffId: commissionLeader },
      { capacity: 'STATIONED_GROUP_HEAD', staffId: pooled() },
      { capacity: 'TEAM_LEADER', staffId: round.leaderStaffId },
      { capacity: 'UNIT_PARTY_SECRETARY', personId: personA },
    ];
    const village1 = await steps.ok('holdFeedbackMeeting', { inspectionId: round.inspections[village]!, heldOn: '2020-12-31', attendees });
    expect(village1.reportDueOn).toBe('2021-02-28');
    expect(village1.attendees).toHaveLength(4);
    expect(village1.attendees?.[3]).toEqual({ capacity: 'UNIT_PARTY_SECRETARY', staff: null, person: { id: personA } });
    const town = await steps.ok('holdFeedbackMeeting', { inspectionId: round.inspections[township]!, heldOn: '2020-11-25', attendees });
    expect(town.reportDueOn).toBe('2021-01-25');
    const twice = await steps.step('holdFeedbackMeeting', { inspectionId: round.inspections[township]!, heldOn: '2020-11-26', attendees });
    expect(twice.errors[0]).toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('transfers clues: village-level subjects escalated, feedback due 3 months later with end-of-month clamping', async () => {
    const receiver = { kind: 'DEPARTMENT' as const, id: office };
    const v = await steps.ok('transferClue', { findingId: findings.villageDisputed, transferredOn: '2020-11-30', receiver, priority: true });
    expect(v).toMatchObject({ priority: true, escalated: true, feedbackDueOn: '2021-02-28', receiverKind: 'DEPARTMENT' });
    transfers.village = v.id;
    expect((await advance('TRANSFER', '2020-12-31')).errors).toEqual([]);
    const t = await steps.ok('transferClue', {
      findingId: findings.townshipPersonnel,
      transferredOn: '2020-12-10',
      receiver: { kind: 'STATIONED_GROUP', id: round.stationedGroupId },
      priority: true,
    });
    expect(t).toMatchObject({ escalated: false, feedbackDueOn: '2021-03-10' });
    transfers.township = t.id;
    const again = await steps.step('transferClue', { findingId: findings.townshipPersonnel, transferredOn: '2020-12-11', receiver, priority: true });
    expect(again.errors[0]).toMatchObject({ code: 'ALREADY_EXISTS' });
    const afterTransfer = await steps.step('recordConsultation', {
      findingId: findings.townshipPersonnel,
      heldOn: '2020-12-12',
      departments: ['TRIAL_OFFICE'],
      question: '再议',
      conclusion: 'NOT_SUBSTANTIATED',
    });
    expect(afterTransfer.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('finds transfers overdue as of a date, counting late feedback as overdue until it arrived', async () => {
    const overdue = async (asOf: string) => {
      const response = await hub.query(OverdueTransfersDocument, { asOf });
      expect(response.errors).toBeUndefined();
      const transfers = response.data!.overdueClueTransfers!;
      const ids = transfers.edges.map((e) => {
        expect(e.node!.overdue).toBe(true);
        return e.node!.id;
      });
      expect(transfers.totalCount).toBe(ids.length);
      return ids;
    };
    expect(await overdue('2021-02-28')).toEqual([]);
    expect(await overdue('2021-03-01')).toEqual([transfers.village]);
    expect(await overdue('2021-03-11')).toEqual([transfers.village, transfers.township]);
    const before = await steps.step('recordClueTransferFeedback', { transferId: transfers.village, receivedOn: '2020-11-01', summary: '已初核' });
    expect(before.errors[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'receivedOn'] });
    const feedback = await hub.query(
      RecordClueTransferFeedbackDocument,
      { input: { transferId: transfers.village, receivedOn: '2021-03-05', summary: '已立案审查' } },
      { as: { role: 'case_manager' } },
    );
    expect(feedback.data?.recordClueTransferFeedback?.errors).toEqual([]);
    const twice = await steps.step('recordClueTransferFeedback', { transferId: transfers.village, receivedOn: '2021-03-06', summary: '再次反馈' });
    expect(twice.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await overdue('2021-03-04')).toEqual([transfers.village]);
    expect(await overdue('2021-03-06')).toEqual([]);
    expect(await overdue('2021-03-11')).toEqual([transfers.township]);
  });

  it('lets the receiving body read its transfer, and nobody else outside the inspection side', async () => {
    const asGroup = await hub.query(
      ClueTransferContentDocument,
      { id: transfers.township },
      { as: { role: 'stationed_officer', scopes: { stationedGroupIds: [round.stationedGroupId] } }, purpose: '线索办理' },
    );
    expect(asGroup.errors).toBeUndefined();
    expect(asGroup.data?.clueTransfer).toMatchObject({ id: transfers.township, content: '违规提拔' });
    const otherGroup = await hub.query(
      ClueTransferContentDocument,
      { id: transfers.township },
      { as: { role: 'stationed_officer', scopes: { stationedGroupIds: [randomUUID()] } } },
    );
    expect(otherGroup.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(otherGroup)).not.toContain('违规提拔');
    const groupFinding = await hub.query(
      ClueTransferFindingDocument,
      { id: transfers.township },
      { as: { role: 'stationed_officer', scopes: { stationedGroupIds: [round.stationedGroupId] } } },
    );
    expect(groupFinding.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('reviews the rectification plan: returned with reasons, resubmitted, approved once', async () => {
    const early = await steps.step('submitRectificationPlan', {
      inspectionId: round.inspections[village]!,
      submittedOn: '2020-12-20',
      summary: '整改方案',
      items: [{ description: '清退违规发放的津补贴', responsiblePersonId: personA, deadline: '2021-03-31' }],
    });
    expect(early.errors[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'submittedOn'] });
    const plan = await steps.ok('submitRectificationPlan', {
      inspectionId: round.inspections[village]!,
      submittedOn: '2021-01-20',
      summary: '柳营村整改方案（初稿）',
      items: [{ description: '清退违规发放的津补贴', responsiblePersonId: personA, deadline: '2021-03-31', findingId: findings.villageFunds }],
    });
    expect(plan).toMatchObject({ status: 'SUBMITTED', reportDueOn: '2021-02-28', submittedLate: false });
    planId = plan.id;
    const twice = await steps.step('submitRectificationPlan', {
      inspectionId: round.inspections[village]!,
      submittedOn: '2021-01-21',
      summary: '重复报送',
      items: [{ description: 'x', responsiblePersonId: personA, deadline: '2021-03-31' }],
    });
    expect(twice.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION' });
    const byInspection = await hub.query(
      mutationDocument('reviewRectificationPlan'),
      { input: { planId, decision: 'APPROVED', reviewedOn: '2021-01-25' } },
      { as: { role: 'inspection_officer' } },
    );
    expect(byInspection.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['FORBIDDEN', ['reviewRectificationPlan']]]);
    expect(byInspection.data?.reviewRectificationPlan ?? null).toBeNull();
    const noReasons = await reviewer.step('reviewRectificationPlan', { planId, decision: 'RETURNED', reviewedOn: '2021-01-25' });
    expect(noReasons.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'reasons'] })]);
    const returned = await reviewer.ok('reviewRectificationPlan', {
      planId,
      decision: 'RETURNED',
      reviewedOn: '2021-01-25',
      reasons: '整改措施不具体，缺少时限',
    });
    expect(returned).toMatchObject({ status: 'RETURNED', reviews: [{ decision: 'RETURNED', reasons: '整改措施不具体，缺少时限' }] });
    const approveReturned = await reviewer.step('reviewRectificationPlan', { planId, decision: 'APPROVED', reviewedOn: '2021-01-26' });
    expect(approveReturned.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION' });
    const resubmitted = await steps.ok('submitRectificationPlan', {
      inspectionId: round.inspections[village]!,
      submittedOn: '2021-03-02',
      summary: '柳营村整改方案（修改稿）',
      items: [
        { description: '清退违规发放的津补贴', responsiblePersonId: personA, deadline: '2021-03-31', findingId: findings.villageFunds },
        { description: '健全村务公开制度', responsiblePersonId: personB, deadline: '2021-04-30' },
      ],
    });
    // Resubmitted after the due date (02-28), but first reported in time: not late.
    expect(resubmitted).toMatchObject({ id: planId, status: 'SUBMITTED', submittedOn: '2021-03-02', firstSubmittedOn: '2021-01-20', submittedLate: false });
    expect(resubmitted.submissions).toEqual([
      { submittedOn: '2021-01-20', summary: '柳营村整改方案（初稿）' },
      { submittedOn: '2021-03-02', summary: '柳营村整改方案（修改稿）' },
    ]);
    items = resubmitted.items!;
    expect(items.map((i) => i.deadline)).toEqual(['2021-03-31', '2021-04-30']);
    const progressBeforeApproval = await steps.step('recordRectificationProgress', {
      itemId: items[0]!.id,
      reportedOn: '2021-03-03',
      note: '已部分清退',
      completed: false,
    });
    expect(progressBeforeApproval.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION' });
    const approved = await reviewer.ok('reviewRectificationPlan', { planId, decision: 'APPROVED', reviewedOn: '2021-03-05' });
    expect(approved).toMatchObject({ status: 'APPROVED', reviews: [{ decision: 'RETURNED' }, { decision: 'APPROVED' }] });
    const approvedTwice = await reviewer.step('reviewRectificationPlan', { planId, decision: 'APPROVED', reviewedOn: '2021-03-06' });
    expect(approvedTwice.errors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION', field: ['input', 'planId'] })]);
    expect(approvedTwice.errors[0]!.message).toMatch(/已审核通过/);
    const reviews = await hub.database.db.selectFrom('rectificationPlanReview').select('decision').where('planId', '=', planId).execute();
    expect(reviews).toHaveLength(2);
  });

  it('tracks item progress to completion, with funds recovered; overdue items queryable per unit', async () => {
    expect((await advance('RECTIFICATION', '2021-03-01')).errors).toEqual([]);
    await steps.ok('recordRectificationProgress', {
      itemId: items[0]!.id,
      reportedOn: '2021-03-20',
      note: '已清退 220 万元',
      completed: false,
      fundsRecovered: '2200000.00',
    });
    const done = await steps.ok('recordRectificationProgress', {
      itemId: items[0]!.id,
      reportedOn: '2021-04-05',
      note: '全部清退',
      completed: true,
      fundsRecovered: '2208700',
    });
    expect(done).toMatchObject({ status: 'COMPLETED', completedOn: '2021-04-05' });
    expect(done.progress!.map((p) => p.fundsRecovered)).toEqual(['2200000.00', '2208700.00']);
    const after = await steps.step('recordRectificationProgress', { itemId: items[0]!.id, reportedOn: '2021-04-06', note: '补充', completed: false });
    expect(after.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION' });
    // Progress is reported only after the plan was approved (2021-03-05), and never before the previous report.
    const beforeApproval = await steps.step('recordRectificationProgress', { itemId: items[1]!.id, reportedOn: '2021-03-01', note: 'x', completed: false });
    expect(beforeApproval.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'reportedOn'] })]);
    expect(beforeApproval.errors[0]!.message).toMatch(/审核通过/);
    expect((await steps.step('recordRectificationProgress', { itemId: items[1]!.id, reportedOn: '2021-03-10', note: 'x', completed: false })).errors).toEqual(
      [],
    );
    const older = await steps.step('recordRectificationProgress', { itemId: items[1]!.id, reportedOn: '2021-03-08', note: 'y', completed: false });
    expect(older.errors[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'reportedOn'] });

    const overdueAt = async (asOf: string) =>
      (await hub.query(UnitOverdueItemsDocument, { code: village, asOf })).data?.unit?.overdueRectificationItems?.map((i) => i.description);
    // Item 1 was due 03-31 and completed 04-05: overdue on 04-01, not on 04-05. Item 2 is due 04-30.
    expect(await overdueAt('2021-03-31')).toEqual([]);
    expect(await overdueAt('2021-04-01')).toEqual(['清退违规发放的津补贴']);
    expect(await overdueAt('2021-04-05')).toEqual([]);
    expect(await overdueAt('2021-05-01')).toEqual(['健全村务公开制度']);
    const list = await hub.query(OverdueRectificationItemsDocument, {});
    expect(list.data?.rectificationItems).toEqual({ totalCount: 1, edges: [{ node: { description: '健全村务公开制度', overdue: true } }] });
  });

  it('closes with 回头看: refused before its stage, and "rectified" refused while items are open', async () => {
    const early = await steps.step('recordFollowUp', {
      inspectionId: round.inspections[village]!,
      conductedOn: '2021-06-01',
      conclusion: 'PARTIALLY_RECTIFIED',
      notes: '提前',
    });
    expect(early.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION' });
    // The township never had a plan approved: 回头看 is entered only with the reason recorded.
    const unexplained = await advance('FOLLOW_UP', '2021-06-01');
    expect(unexplained.errors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION', field: ['input', 'withoutApprovedPlan'] })]);
    const entered = await steps.step('advanceInspectionRound', {
      roundId: round.roundId,
      stage: 'FOLLOW_UP',
      on: '2021-06-01',
      withoutApprovedPlan: [{ inspectionId: round.inspections[township]!, reason: '逾期未报送整改方案' }],
    });
    expect(entered.errors).toEqual([]);
    const beyond = await advance('FOLLOW_UP', '2021-06-02');
    expect(beyond.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION' });
    const rectified = await steps.step('recordFollowUp', {
      inspectionId: round.inspections[village]!,
      conductedOn: '2021-06-10',
      conclusion: 'RECTIFIED',
      notes: '整改到位',
    });
    expect(rectified.errors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'conclusion'] })]);
    const partial = await steps.ok('recordFollowUp', {
      inspectionId: round.inspections[village]!,
      conductedOn: '2021-06-10',
      conclusion: 'PARTIALLY_RECTIFIED',
      notes: '村务公开制度仍未建立',
    });
    expect(partial).toEqual({ conclusion: 'PARTIALLY_RECTIFIED', openItems: 1 });
    const partlyWithoutPlan = await steps.step('recordFollowUp', {
      inspectionId: round.inspections[township]!,
      conductedOn: '2021-06-10',
      conclusion: 'PARTIALLY_RECTIFIED',
      notes: '未报送整改方案',
    });
    expect(partlyWithoutPlan.errors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'conclusion'] })]);
    const noPlan = await steps.ok('recordFollowUp', {
      inspectionId: round.inspections[township]!,
      conductedOn: '2021-06-10',
      conclusion: 'NOT_RECTIFIED',
      notes: '未报送整改方案',
    });
    expect(noPlan).toEqual({ conclusion: 'NOT_RECTIFIED', openItems: 0 });
    expect(await activeTeams(village)).toEqual([]);

    const unit = await hub.query(UnitFollowUpDocument, { code: village }, { as: { role: 'leader' }, purpose: '巡察回头看' });
    expect(unit.errors).toBeUndefined();
    expect(unit.data?.unit).toMatchObject({
      inspections: { edges: [{ node: { round: { name: '第九轮', stage: 'FOLLOW_UP' } } }] },
      rectificationStatus: { planStatus: 'APPROVED', reportDueOn: '2021-02-28', itemsTotal: 2, itemsCompleted: 1, followUpConclusion: 'PARTIALLY_RECTIFIED' },
    });
    expect(
      nodes(unit.data?.unit?.inspectionFindings)
        .map((f) => f.category)
        .sort(),
    ).toEqual(['EIGHT_PROVISIONS', 'FUNDS_MANAGEMENT']);
    const reportOverdue = async (code: string, asOf: string) => (await hub.query(UnitReportOverdueDocument, { code, asOf })).data?.unit?.rectificationStatus;
    // The township had its meeting on 2020-11-25 and never reported: overdue from 2021-01-26.
    expect(await reportOverdue(township, '2021-01-25')).toEqual({ reportDueOn: '2021-01-25', reportOverdue: false, planStatus: null });
    expect(await reportOverdue(township, '2021-01-26')).toMatchObject({ reportOverdue: true });
    expect(await reportOverdue(village, '2021-03-01')).toMatchObject({ reportOverdue: false });
    expect(await reportOverdue(village, '2021-01-19')).toMatchObject({ reportOverdue: false });
  });

  it('contributes its part of the year statistics, readable by analysts', async () => {
    const response = await hub.query(InspectionStatisticsYearsDocument, {}, { as: { role: 'analyst' } });
    expect(response.errors).toBeUndefined();
    expect(response.data?.inspectionStatistics).toEqual({
      year: 2020,
      inspectionRounds: 1,
      inspectionUnitsInspected: 2,
      inspectionFindingsByCategory: [
        { category: 'EIGHT_PROVISIONS', count: 1 },
        { category: 'FORMALISM_BUREAUCRATISM', count: 1 },
        { category: 'FUNDS_MANAGEMENT', count: 1 },
        { category: 'PERSONNEL_SELECTION', count: 1 },
      ],
      inspectionCluesTransferred: 2,
      // Every transferred clue is handled with priority (巡察移交线索一律优先办理).
      inspectionCluesTransferredWithPriority: 2,
      inspectionCluesEscalated: 1,
      inspectionRectificationItems: 2,
      inspectionRectificationItemsCompleted: 1,
      inspectionRectificationCompletionRate: 0.5,
    });
    // 2021 has the round deployed in the briefing test (no items yet), and the funds recovered in 2021.
    expect(response.data?.y2021).toEqual({ inspectionRounds: 1, inspectionFundsRecovered: '4408700.00', inspectionRectificationCompletionRate: null });
    const analystFindings = await hub.query(FindingsCountDocument, { first: 1 }, { as: { role: 'analyst' } });
    expect(analystFindings.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('shows a person the findings naming them and a staff member their team, and audits the person-level reads', async () => {
    const response = await hub.query(
      FindingPersonsDocument,
      { id: round.inspections[village]! },
      { as: { role: 'inspection_officer', staffId: 'staff-auditor' }, purpose: '核查涉及人员' },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.inspectionFindings?.totalCount).toBe(2);
    const a = nodes(response.data?.inspectionFindings)
      .flatMap((f) => f.namedPersons ?? [])
      .find((p) => p.id === personA);
    expect(
      nodes(a?.inspectionFindings)
        .map((f) => f.id)
        .sort(),
    ).toEqual([findings.villageFunds, findings.villageDisputed].sort());

    const log = await hub.query(FindingReadAuditDocument, { staffId: 'staff-auditor' });
    expect(log.errors).toBeUndefined();
    const entries = nodes(log.data?.inspectionAuditLog);
    // One entry for the request, naming both findings it read.
    expect(entries).toHaveLength(1);
    expect(entries.flatMap((e) => e.recordIds).sort()).toEqual([findings.villageFunds, findings.villageDisputed].sort());
    expect(entries[0]).toMatchObject({ purpose: '核查涉及人员', roles: ['inspection_officer'] });

    const staff = await hub.query(RoundStaffMembershipsDocument, { id: round.roundId });
    expect(staff.errors).toBeUndefined();
    const leader = staff.data?.inspectionRound?.teams?.[0]?.members?.find((m) => m.role === 'LEADER');
    expect(leader?.staff).toEqual({
      id: round.leaderStaffId,
      inspectionTeamMemberships: [{ role: 'LEADER', homeBodyName: '区委巡察办', team: { name: '第一巡察组', round: { name: '第九轮' } } }],
    });
  });
});
