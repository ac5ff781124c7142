import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDepartment } from '../../subgraphs/discipline/src/db/reference.ts';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { seedDisciplineBasics } from '../support/seed-discipline.ts';
import { newCommissionLeader, newPerson, newStaff, randomUnitCode, seed } from '../support/seed.ts';
import { inspectionSteps, prepareRound } from '../support/seed-inspection.ts';
import {
  AmendRectificationItemDocument,
  AssignClueDocument,
  RegisterClueDocument,
  type RegisterClueInput,
  RegisterStaffDocument,
  RoundRecusalExceptionsDocument,
  StartSpecialInspectionDocument,
  type StartSpecialInspectionInput,
  YearInspectionRoundsDocument,
} from '../operations/generated.ts';

/**
 * Issue 17's reproductions, tried through the gateway as a new user would: each one is refused with
 * a field error (Chinese, then English), or — for recusal and concurrent service — accepted only with
 * the exception or the reason recorded.
 */
let hub: Hub;
let steps: ReturnType<typeof inspectionSteps>;
let leaderSteps: ReturnType<typeof inspectionSteps>;
const township = randomUnitCode();
const village = randomUnitCode();
const finance = randomUnitCode();
const otherVillage = randomUnitCode();

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() });
  steps = inspectionSteps(hub);
  leaderSteps = inspectionSteps(hub, { role: 'leader' });
  await seed(hub).units([
    { code: township, name: '中共东湖镇委员会', kind: 'TOWNSHIP_PARTY_COMMITTEE', level: 'TOWNSHIP', township: '东湖镇' },
    { code: finance, name: '区财政局党组', kind: 'DEPARTMENT_PARTY_GROUP', level: 'DISTRICT' },
  ]);
  await seed(hub).units([
    { code: village, name: '东湖镇双桥村党总支', kind: 'VILLAGE', level: 'VILLAGE', township: '东湖镇', parentCode: township },
    { code: otherVillage, name: '西湖镇柳营村党总支', kind: 'VILLAGE', level: 'VILLAGE', township: '西湖镇' },
  ]);
});
afterAll(() => hub?.stop());

const bilingual = (message: string) => expect(message).toMatch(/^[^a-zA-Z]*[\u4e00-\u9fff].* — .*[a-zA-Z]/);

describe('dates and order', () => {
  it('refuses a 2021 round dated in 2023, and it does not count in the 2021 statistics', async () => {
    const before = (await hub.query(YearInspectionRoundsDocument, { year: 2021 })).data?.statistics?.inspectionRounds;
    expect(before).toEqual(expect.any(Number));
    const result = await steps.step('createInspectionRound', { year: 2021, number: 1, theme: '跨年轮次', startOn: '2023-03-01', endOn: '2023-06-30' });
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'startOn'] }),
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'endOn'] }),
    ]);
    for (const e of result.errors) bilingual(e.message);
    expect((await hub.query(YearInspectionRoundsDocument, { year: 2021 })).data?.statistics?.inspectionRounds).toBe(before);
  });

  it("refuses a briefing dated before the round's preparation started, and a round started in the future", async () => {
    const round = await prepareRound(hub, { unitCodes: [otherVillage], year: 2021, number: 2, startOn: '2021-03-01' });
    const early = await steps.step('recordBriefing', {
      inspectionId: round.inspections[otherVillage],
      body: 'STATIONED_GROUP',
      stationedGroupId: round.stationedGroupId,
      briefedByStaffId: randomUUID(),
      briefedOn: '2020-01-06',
      content: '提前一年的通报',
    });
    expect(early.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'briefedOn'] })]);
    expect(early.errors[0]!.message).toMatch(/巡前准备开始日期/);
    const future = await steps.step('createInspectionRound', { year: 2099, number: 1, theme: '未来轮次', startOn: '2099-03-01' });
    expect(future.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'startOn'] })]);
  });

  it('refuses entry before a briefing, a finding dated in the future, and feedback begun before the last finding', async () => {
    const code = randomUnitCode();
    await seed(hub).units([{ code, name: '测试村', kind: 'VILLAGE', level: 'VILLAGE', township: '南湖镇' }]);
    const round = await prepareRound(hub, { unitCodes: [code], year: 2022, number: 1, startOn: '2022-03-01' });
    // prepareRound briefs on 03-01: entering on 02-28 would put the briefings after entry (and before the last stage).
    const beforeBriefing = await steps.step('advanceInspectionRound', { roundId: round.roundId, stage: 'ENTRY', on: '2022-02-28' });
    expect(beforeBriefing.errors.map((e) => e.field)).toContainEqual(['input', 'on']);
    await steps.ok('advanceInspectionRound', { roundId: round.roundId, stage: 'ENTRY', on: '2022-03-10' });
    const future = await steps.step('recordFinding', {
      inspectionId: round.inspections[code],
      category: 'OTHER',
      description: '未来的问题',
      recordedOn: '2031-03-21',
    });
    expect(future.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'recordedOn'] })]);
    bilingual(future.errors[0]!.message);
    await steps.ok('recordFinding', { inspectionId: round.inspections[code], category: 'OTHER', description: '问题', recordedOn: '2022-04-20' });
    await steps.ok('advanceInspectionRound', { roundId: round.roundId, stage: 'FACT_FINDING', on: '2022-03-15' });
    await steps.ok('advanceInspectionRound', { roundId: round.roundId, stage: 'REPORTING', on: '2022-04-01' });
    const feedback = await steps.step('advanceInspectionRound', { roundId: round.roundId, stage: 'FEEDBACK', on: '2022-04-10' });
    expect(feedback.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'on'] })]);
    expect(feedback.errors[0]!.message).toMatch(/发现问题/);
  });

  it('refuses rectification progress dated before the resubmitted plan was approved', async () => {
    const code = randomUnitCode();
    await seed(hub).units([{ code, name: '整改村', kind: 'VILLAGE', level: 'VILLAGE', township: '北湖镇' }]);
    const round = await prepareRound(hub, { unitCodes: [code], year: 2021, number: 3, startOn: '2021-03-01' });
    const inspectionId = round.inspections[code]!;
    const advance = (stage: string, on: string) => steps.ok('advanceInspectionRound', { roundId: round.roundId, stage, on });
    await advance('ENTRY', '2021-03-10');
    await advance('FACT_FINDING', '2021-03-15');
    await advance('REPORTING', '2021-04-15');
    await advance('FEEDBACK', '2021-05-10');
    // A clerk of the petition office is no commission leader (委领导): refused at the time of the write.
    const clerkAsLeader = await steps.step('holdFeedbackMeeting', {
      inspectionId,
      heldOn: '2021-05-12',
      attendees: [{ capacity: 'COMMISSION_LEADER', staffId: await newStaff(hub) }],
    });
    expect(clerkAsLeader.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'attendees', '0', 'staffId'] })]);
    bilingual(clerkAsLeader.errors[0]!.message);
    await steps.ok('holdFeedbackMeeting', {
      inspectionId,
      heldOn: '2021-05-12',
      attendees: [{ capacity: 'COMMISSION_LEADER', staffId: await newCommissionLeader(hub) }],
    });
    const plan = await steps.ok('submitRectificationPlan', {
      inspectionId,
      submittedOn: '2021-06-01',
      summary: '初稿',
      items: [{ description: '建章立制', responsiblePersonId: await newPerson(hub), deadline: '2021-09-30' }],
    });
    await leaderSteps.ok('reviewRectificationPlan', { planId: plan.id, decision: 'RETURNED', reviewedOn: '2021-06-10', reasons: '措施不具体' });
    const resubmittedTooEarly = await steps.step('submitRectificationPlan', {
      inspectionId,
      submittedOn: '2021-06-05',
      summary: '修改稿',
      items: [{ description: '建章立制', responsiblePersonId: await newPerson(hub), deadline: '2021-09-30' }],
    });
    expect(resubmittedTooEarly.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'submittedOn'] })]);
    const resubmitted = await steps.ok(
      'submitRectificationPlan',
      {
        inspectionId,
        submittedOn: '2021-06-25',
        summary: '修改稿',
        items: [{ description: '建章立制', responsiblePersonId: await newPerson(hub), deadline: '2021-09-30' }],
      },
      '{ items { id } }',
    );
    await leaderSteps.ok('reviewRectificationPlan', { planId: plan.id, decision: 'APPROVED', reviewedOn: '2021-06-28' });
    const early = await steps.step('recordRectificationProgress', {
      itemId: resubmitted.items[0].id,
      reportedOn: '2021-06-20',
      note: '已建立制度',
      completed: false,
    });
    expect(early.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'reportedOn'] })]);
    expect(early.errors[0]!.message).toContain('2021-06-28');
    expect(
      (await steps.step('recordRectificationProgress', { itemId: resubmitted.items[0].id, reportedOn: '2021-07-01', note: '已建立制度', completed: false }))
        .errors,
    ).toEqual([]);
    // An amended deadline, like a new one, is not before the (re)submission.
    const amend = await hub.query(
      AmendRectificationItemDocument,
      { input: { id: resubmitted.items[0].id, deadline: '2021-06-01', correctionReason: '时限填错' } },
      { as: { role: 'inspection_officer' } },
    );
    expect(amend.data?.amendRectificationItem?.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'deadline'] })]);
  });
});

describe('role-bearing participants', () => {
  it('refuses 信访室 as the handling department of a clue, at registration and at assignment', async () => {
    const { office, cadre } = await seedDisciplineBasics(hub, village);
    const petitionOffice = await insertDepartment(hub.discipline.database.db, { name: `信访室-${randomUUID().slice(0, 6)}`, kind: 'PETITION_OFFICE' });
    const REGISTER = RegisterClueDocument;
    const input = (departmentId: string): RegisterClueInput => ({
      source: 'OTHER',
      subjectUnitCode: village,
      subjectPersonIds: [cadre.id],
      summary: '反映村干部违规发放补贴',
      receivedOn: '2025-03-10',
      handler: { departmentId },
    });
    const refused = await hub.query(REGISTER, { input: input(petitionOffice.id) }, { as: { role: 'case_manager' } });
    expect(refused.data?.registerClue?.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'handler', 'departmentId'] })]);
    bilingual(refused.data?.registerClue?.errors[0]?.message ?? '');
    const accepted = await hub.query(REGISTER, { input: input(office.id) }, { as: { role: 'case_manager' } });
    expect(accepted.data?.registerClue?.errors).toEqual([]);
    const clueId = accepted.data?.registerClue?.clue?.id;
    if (!clueId) throw new Error('registerClue: no clue');
    const ASSIGN = AssignClueDocument;
    const reassigned = await hub.query(ASSIGN, { input: { clueId, handler: { departmentId: petitionOffice.id } } }, { as: { role: 'case_manager' } });
    expect(reassigned.data?.assignClue?.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'handler', 'departmentId'] })]);
  });
});

describe('recusal as the source means it', () => {
  /** A staff member registered in discipline's pool, joining as a member from this home body. */
  const member = async (home: Record<string, unknown>) => ({ staffId: await newStaff(hub), role: 'MEMBER', ...home });

  it('refuses a 东湖镇纪委 member for 双桥村 of 东湖镇, unless a commission leader approves and records an exception', async () => {
    const round = await steps.ok('createInspectionRound', { year: 2024, number: 1, theme: '村级巡察', startOn: '2024-03-01' });
    const team = await steps.ok('createInspectionTeam', { roundId: round.id, name: '第一巡察组' });
    const townshipMember = await member({ homeBody: { kind: 'TOWNSHIP_COMMISSION', name: '东湖镇纪委' }, homeUnitCode: township });
    await steps.ok('addInspectionTeamMember', { teamId: team.id, ...townshipMember });
    const refused = await steps.step('assignInspection', { teamId: team.id, unitCode: village });
    expect(refused.errors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'unitCode'] })]);
    expect(refused.errors[0]!.message).toMatch(/下属单位|乡镇/);
    bilingual(refused.errors[0]!.message);
    // An inspection officer cannot approve an exception; a leader can, and it is recorded.
    const notLeader = await steps.step('assignInspection', {
      teamId: team.id,
      unitCode: village,
      recusalException: { reason: '熟悉村情，组长同意', approvedOn: '2024-03-02' },
    });
    expect(notLeader.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'recusalException'] })]);
    await leaderSteps.ok('assignInspection', {
      teamId: team.id,
      unitCode: village,
      recusalException: { reason: '本镇纪委书记熟悉村情，仅负责资料调阅', approvedOn: '2024-03-02' },
    });
    const read = await hub.query(RoundRecusalExceptionsDocument, { id: round.id }, { as: { role: 'leader' } });
    expect(read.errors).toBeUndefined();
    const recorded = read.data?.inspectionTeam?.teams?.[0]?.members?.find((m) => m.staffId === townshipMember.staffId);
    expect(recorded?.recusalExceptions).toEqual([
      {
        unit: { code: village },
        grounds: ['SUB_UNIT_OF_HOME_UNIT', 'SAME_TOWNSHIP'],
        reason: '本镇纪委书记熟悉村情，仅负责资料调阅',
        approvedOn: '2024-03-02',
      },
    ]);
  });

  it('refuses staff without a home unit code, members from the parent unit, and units where a declared close relative is a cadre', async () => {
    const round = await steps.ok('createInspectionRound', { year: 2024, number: 2, theme: '单位巡察', startOn: '2024-04-01' });
    const team = await steps.ok('createInspectionTeam', { roundId: round.id, name: '第二巡察组' });
    await steps.ok('assignInspection', { teamId: team.id, unitCode: finance });
    const noCode = await steps.step('addInspectionTeamMember', { teamId: team.id, ...(await member({ homeBody: { kind: 'OTHER_UNIT', name: '区财政局' } })) });
    expect(noCode.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'homeUnitCode'] })]);
    bilingual(noCode.errors[0]!.message);
    const fromFinance = await steps.step('addInspectionTeamMember', {
      teamId: team.id,
      ...(await member({ homeBody: { kind: 'OTHER_UNIT', name: '区财政局' }, homeUnitCode: finance })),
    });
    expect(fromFinance.errors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'homeUnitCode'] })]);
    const relative = await steps.step('addInspectionTeamMember', {
      teamId: team.id,
      ...(await member({ homeBody: { kind: 'INSPECTION_OFFICE', name: '区委巡察办' }, closeRelativeUnitCodes: [finance] })),
    });
    expect(relative.errors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'closeRelativeUnitCodes'] })]);
    expect(relative.errors[0]!.message).toMatch(/近亲属/);
    // A village cadre lent to a team that inspects the township above the village: the parent unit.
    const parent = await steps.ok('createInspectionRound', { year: 2024, number: 3, theme: '乡镇巡察', startOn: '2024-05-06' });
    const parentTeam = await steps.ok('createInspectionTeam', { roundId: parent.id, name: '第三巡察组' });
    await steps.ok('assignInspection', { teamId: parentTeam.id, unitCode: township });
    const fromVillage = await steps.step('addInspectionTeamMember', {
      teamId: parentTeam.id,
      ...(await member({ homeBody: { kind: 'OTHER_UNIT', name: '双桥村' }, homeUnitCode: village })),
    });
    expect(fromVillage.errors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'homeUnitCode'] })]);
    expect(fromVillage.errors[0]!.message).toMatch(/上级/);
  });

  it('refuses a staff member on two teams at the same time unless marked concurrent with a reason', async () => {
    const first = await steps.ok('createInspectionRound', { year: 2025, number: 1, theme: '上半年', startOn: '2025-03-01', endOn: '2025-06-30' });
    const second = await steps.ok('createInspectionRound', { year: 2025, number: 2, theme: '专项巡察', startOn: '2025-05-01', endOn: '2025-08-31' });
    const firstTeam = await steps.ok('createInspectionTeam', { roundId: first.id, name: '第一巡察组' });
    const secondTeam = await steps.ok('createInspectionTeam', { roundId: second.id, name: '第一巡察组' });
    const staffId = await newStaff(hub);
    const home = { role: 'MEMBER', homeBody: { kind: 'INSPECTION_OFFICE', name: '区委巡察办' } };
    await steps.ok('addInspectionTeamMember', { teamId: firstTeam.id, staffId, ...home });
    const twice = await steps.step('addInspectionTeamMember', { teamId: secondTeam.id, staffId, ...home });
    expect(twice.errors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'staffId'] })]);
    bilingual(twice.errors[0]!.message);
    const marked = await steps.ok(
      'addInspectionTeamMember',
      { teamId: secondTeam.id, staffId, ...home, concurrent: { reason: '专项巡察需要熟悉资金管理的同志兼任' } },
      '{ members { staffId concurrentReason } }',
    );
    expect(marked.members.find((m: { staffId: string }) => m.staffId === staffId).concurrentReason).toBe('专项巡察需要熟悉资金管理的同志兼任');
  });

  it('refuses the same staff member on two special-inspection teams at once unless marked concurrent', async () => {
    const { officer, office } = await seedDisciplineBasics(hub, village);
    const START = StartSpecialInspectionDocument;
    const start = (input: StartSpecialInspectionInput) => hub.query(START, { input }, { as: { role: 'conduct_officer' } });
    const other = (await hub.query(RegisterStaffDocument, { input: { name: '财政局干部', homeBody: 'FINANCE' } }, { as: { role: 'leader' } })).data
      ?.registerStaff?.staff?.id;
    if (!other) throw new Error('registerStaff: no staff');
    const twoTeams = await start({
      theme: '乱发津补贴专项整治',
      startedOn: '2025-04-01',
      teams: [
        { name: '第一督查组', staffIds: [officer.id, other] },
        { name: '第二督查组', staffIds: [officer.id] },
      ],
    });
    expect(twoTeams.data?.startSpecialInspection?.errors).toEqual([
      expect.objectContaining({ code: 'CONFLICT', field: ['input', 'teams', '0', 'staffIds', '0'] }),
    ]);
    const first = await start({ theme: '乱发津补贴专项整治', startedOn: '2025-04-01', teams: [{ name: '第一督查组', staffIds: [officer.id] }] });
    expect(first.data?.startSpecialInspection?.errors).toEqual([]);
    const overlapping = await start({ theme: '公车管理专项检查', startedOn: '2025-05-01', teams: [{ name: '第一检查组', staffIds: [other, officer.id] }] });
    expect(overlapping.data?.startSpecialInspection?.errors).toEqual([
      expect.objectContaining({ code: 'CONFLICT', field: ['input', 'teams', '0', 'staffIds', '1'] }),
    ]);
    bilingual(overlapping.data?.startSpecialInspection?.errors[0]?.message ?? '');
    const marked = await start({
      theme: '公车管理专项检查',
      startedOn: '2025-05-01',
      teams: [{ name: '第一检查组', staffIds: [other, officer.id] }],
      concurrent: [{ staffId: officer.id, reason: `${office.name}抽调，兼顾两项检查` }],
    });
    expect(marked.data?.startSpecialInspection?.errors).toEqual([]);
    expect(marked.data?.startSpecialInspection?.specialInspection?.concurrentStaff).toEqual([
      { staffId: officer.id, reason: `${office.name}抽调，兼顾两项检查` },
    ]);
  });
});
