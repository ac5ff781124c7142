import type { Database } from '@hub/core';
import {
  ALL_UNITS,
  COMMISSION_DEPARTMENTS,
  COMMISSION_LEADERS,
  demoId,
  ELDERLY_CARE_STORY,
  NINTH_ROUND_TEAM_ONE_STAFF,
  PERSONS,
  STAFF,
  STATIONED_GROUPS,
  UNITS,
} from '@hub/demo';
import type { Kysely } from 'kysely';
import type { InspectionDatabase, Stage } from './db/database.ts';
import { insertUnits } from './db/units.ts';
import { rectificationReportDue, transferFeedbackDue } from './deadlines.ts';

/** Loads the demo district's unit registry and its 2020 round (第九轮); loading twice changes nothing. */
export async function loadDemoData({ db }: Database<InspectionDatabase>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    // Parents first: the registry refers to them.
    const ordered = [...ALL_UNITS].sort((a, b) => Number(a.parentCode !== null) - Number(b.parentCode !== null));
    await insertUnits(
      tx,
      ordered.map(({ code, name, kind, level, township, parentCode }) => ({ code, name, kind, level, township, parentCode })),
    );
    await loadDemoRound(tx);
  });
}

const id = (kind: string, name: string) => demoId(`inspection-${kind}`, name);

/** The n-th cadre of a unit in the demo district (its party secretary first). */
const personAt = (unitCode: string, n: number) => PERSONS.filter((p) => p.unitCode === unitCode)[n]!.id;

/**
 * 2020 年第九轮巡察: one team inspecting 东湖镇 and its 柳营村, now in rectification. Every row has
 * a stable id (or key), so a second load inserts nothing.
 */
async function loadDemoRound(db: Kysely<InspectionDatabase>): Promise<void> {
  const roundId = id('round', '2020-9');
  const teamId = id('team', '2020-9-1');
  await db
    .insertInto('inspectionRound')
    .values({ id: roundId, year: 2020, number: 9, theme: '聚焦群众身边不正之风和腐败问题', startOn: '2020-09-01', endOn: '2020-12-31', stage: 'RECTIFICATION' })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const stages: [Stage, string][] = [
    ['PREPARATION', '2020-09-01'],
    ['ENTRY', '2020-09-10'],
    ['FACT_FINDING', '2020-09-15'],
    ['REPORTING', '2020-10-20'],
    ['FEEDBACK', '2020-11-20'],
    ['TRANSFER', '2020-12-31'],
    ['RECTIFICATION', '2021-03-01'],
  ];
  await db
    .insertInto('inspectionRoundStageChange')
    .values(stages.map(([stage, enteredOn]) => ({ roundId, stage, enteredOn, recordedBy: 'demo' })))
    .onConflict((oc) => oc.columns(['roundId', 'stage']).doNothing())
    .execute();
  await db
    .insertInto('inspectionTeam')
    .values({ id: teamId, roundId, name: '第一巡察组' })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const group = STATIONED_GROUPS[0]!;
  const staffFor: Record<string, string> = NINTH_ROUND_TEAM_ONE_STAFF;
  const members = [
    { name: '组长', role: 'LEADER', homeBodyKind: 'INSPECTION_OFFICE', homeBodyId: null, homeBodyName: '区委巡察办' },
    {
      name: '副组长',
      role: 'DEPUTY_LEADER',
      homeBodyKind: 'COMMISSION_DEPARTMENT',
      homeBodyId: demoId('department', '第二纪检监察室'),
      homeBodyName: '第二纪检监察室',
    },
    { name: '组员一', role: 'MEMBER', homeBodyKind: 'STATIONED_GROUP', homeBodyId: group.id, homeBodyName: group.name },
    { name: '组员二', role: 'MEMBER', homeBodyKind: 'INSPECTION_OFFICE', homeBodyId: null, homeBodyName: '区委巡察办' },
    { name: '组员三', role: 'MEMBER', homeBodyKind: 'OTHER_UNIT', homeBodyId: null, homeBodyName: '区教育体育局' },
  ] as const;
  await db
    .insertInto('inspectionTeamMember')
    .values(
      members.map((m) => ({
        teamId,
        staffId: staffFor[m.name]!,
        role: m.role,
        homeBodyKind: m.homeBodyKind,
        homeBodyId: m.homeBodyId,
        homeBodyName: m.homeBodyName,
        homeUnitCode: m.homeBodyKind === 'OTHER_UNIT' ? UNITS.education.code : null,
      })),
    )
    .onConflict((oc) => oc.columns(['teamId', 'staffId']).doNothing())
    .execute();

  const donghu = id('inspection', '2020-9-donghu');
  const liuying = id('inspection', '2020-9-liuying');
  await db
    .insertInto('inspection')
    .values([
      { id: donghu, roundId, teamId, unitCode: UNITS.donghu.code },
      { id: liuying, roundId, teamId, unitCode: UNITS.liuying.code },
    ])
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const headOf = (name: string) => STAFF.find((s) => s.departmentId === COMMISSION_DEPARTMENTS.find((d) => d.name === name)!.id && s.title === '主任')!.id;
  const briefer = { PETITION_OFFICE: headOf('信访室'), CONDUCT_OFFICE: headOf('党风政风监督室'), CASE_MANAGEMENT_OFFICE: headOf('案件监督管理室') };
  const briefings = [
    ['PETITION_OFFICE', '近三年信访举报 3 件，涉及公务用餐饮酒、重复填报'],
    ['CONDUCT_OFFICE', '2019 年专项检查发现公车管理不规范'],
    ['CASE_MANAGEMENT_OFFICE', '问题线索处置情况：谈话函询 1 件、予以了结 1 件'],
  ] as const;
  await db
    .insertInto('briefing')
    .values(
      [donghu, liuying].flatMap((inspectionId) =>
        briefings.map(([body, content]) => ({
          id: id('briefing', `${inspectionId}-${body}`),
          inspectionId,
          body,
          stationedGroupId: null,
          briefedByStaffId: briefer[body],
          briefedOn: '2020-09-05',
          content,
        })),
      ),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();

  const funds = id('finding', 'liuying-funds');
  const formalism = id('finding', 'donghu-formalism');
  await db
    .insertInto('finding')
    .values([
      {
        id: funds,
        inspectionId: liuying,
        category: 'FUNDS_MANAGEMENT',
        description: '村集体资金违规发放津补贴',
        amountInvolved: '186000.00',
        recordedOn: '2020-09-25',
      },
      {
        id: formalism,
        inspectionId: donghu,
        category: 'FORMALISM_BUREAUCRATISM',
        description: '镇村重复填报表格、迎检材料过多',
        amountInvolved: null,
        recordedOn: '2020-09-28',
      },
    ])
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('findingPerson')
    .values({ findingId: funds, personId: personAt(UNITS.liuying.code, 0) })
    .onConflict((oc) => oc.columns(['findingId', 'personId']).doNothing())
    .execute();
  await db
    .insertInto('clueTransfer')
    .values({
      id: id('transfer', 'liuying-funds'),
      findingId: funds,
      transferredOn: '2020-11-30',
      receiverKind: 'DEPARTMENT',
      receiverId: demoId('department', '第二纪检监察室'),
      priority: true,
      escalated: true,
      feedbackDueOn: transferFeedbackDue('2020-11-30'),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();

  for (const [inspectionId, heldOn] of [
    [donghu, '2020-11-25'],
    [liuying, '2020-12-31'],
  ] as const) {
    const meetingId = id('meeting', inspectionId);
    await db
      .insertInto('feedbackMeeting')
      .values({ id: meetingId, inspectionId, heldOn, reportDueOn: rectificationReportDue(heldOn) })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await db
      .insertInto('feedbackMeetingAttendee')
      .values([
        { meetingId, position: 0, capacity: 'COMMISSION_LEADER', staffId: COMMISSION_LEADERS[1].id, personId: null },
        { meetingId, position: 1, capacity: 'TEAM_LEADER', staffId: staffFor.组长!, personId: null },
      ])
      .onConflict((oc) => oc.columns(['meetingId', 'position']).doNothing())
      .execute();
  }

  const planId = id('plan', liuying);
  await db
    .insertInto('rectificationPlan')
    .values({ id: planId, inspectionId: liuying, submittedOn: '2021-01-20', summary: '柳营村巡察整改方案', status: 'APPROVED' })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('rectificationPlanSubmission')
    .values({ id: id('submission', planId), planId, submittedOn: '2021-01-20', summary: '柳营村巡察整改方案' })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('rectificationPlanReview')
    .values({ id: id('review', planId), planId, decision: 'APPROVED', reviewedOn: '2021-01-28', reasons: null, reviewedBy: 'demo' })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const refund = id('item', 'liuying-refund');
  await db
    .insertInto('rectificationItem')
    .values([
      {
        id: refund,
        planId,
        findingId: funds,
        description: '清退违规发放的津补贴',
        responsiblePersonId: personAt(UNITS.liuying.code, 0),
        deadline: '2021-03-31',
        status: 'COMPLETED',
        completedOn: '2021-03-25',
      },
      {
        id: id('item', 'liuying-openness'),
        planId,
        findingId: null,
        description: '健全村务公开制度',
        responsiblePersonId: personAt(UNITS.liuying.code, 1),
        deadline: '2021-04-30',
        status: 'PENDING',
        completedOn: null,
      },
    ])
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('rectificationProgress')
    .values({ id: id('progress', refund), itemId: refund, reportedOn: '2021-03-25', note: '已全部清退', completes: true, fundsRecovered: '186000.00' })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();

  await loadElderlyCareStory(db, donghu);
}

/**
 * The township's elderly-care service centre (@hub/demo ELDERLY_CARE_STORY): the finding, the
 * consultation with 案件审理室 and 第二纪检监察室 that concluded to transfer it, the transfer, and the
 * feedback discipline sent back.
 */
async function loadElderlyCareStory(db: Kysely<InspectionDatabase>, donghuInspectionId: string): Promise<void> {
  const story = ELDERLY_CARE_STORY;
  await db
    .insertInto('finding')
    .values({
      id: story.finding.id,
      inspectionId: donghuInspectionId,
      category: 'FUNDS_MANAGEMENT',
      description: story.finding.description,
      amountInvolved: story.finding.amountInvolved,
      recordedOn: story.finding.recordedOn,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('findingPerson')
    .values([story.directorId, story.accountantId].map((personId) => ({ findingId: story.finding.id, personId })))
    .onConflict((oc) => oc.columns(['findingId', 'personId']).doNothing())
    .execute();
  await db
    .insertInto('consultation')
    .values({
      id: story.consultation.id,
      findingId: story.finding.id,
      heldOn: story.consultation.heldOn,
      departments: [...story.consultation.departments],
      question: story.consultation.question,
      conclusion: 'TRANSFER_AS_CLUE',
      conclusionNote: story.consultation.conclusionNote,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('clueTransfer')
    .values({
      id: story.transfer.id,
      findingId: story.finding.id,
      transferredOn: story.transfer.transferredOn,
      receiverKind: 'DEPARTMENT',
      receiverId: story.transfer.receiverDepartmentId,
      priority: true,
      escalated: false,
      feedbackDueOn: transferFeedbackDue(story.transfer.transferredOn),
      feedbackReceivedOn: story.transfer.feedbackReceivedOn,
      feedbackSummary: story.transfer.feedbackSummary,
      // Discipline's demo registers the clue from this transfer: the fact its clueRegistered event carries.
      registeredOn: story.clue.receivedOn,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
