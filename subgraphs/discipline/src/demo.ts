import { type Database, addDays } from '@hub/core';
import {
  ALLOWANCE_INSPECTION,
  CASEWORK_2020,
  type DemoClue,
  demoId,
  ELDERLY_CARE_STORY,
  COMMISSION_DEPARTMENTS,
  COMMISSION_LEADERS,
  PERSONS,
  PETITIONS,
  STAFF,
  UNITS,
  ZONES,
} from '@hub/demo';
import type { Kysely, Transaction } from 'kysely';
import { PETITION_CATEGORIES, type DisciplineDatabase, type PetitionCategory, type SanctionType } from './db/database.ts';
import { insertPetitions } from './db/petitions.ts';
import { insertReferenceRows } from './db/reference.ts';
import { caseFiguresInPeriod, countPetitionsInPeriod, insertBulletin, type NewBulletin } from './db/bulletins.ts';
import { type BulletinRecipientRef, caseStatusFigures, fourWindsFigures, petitionAnalysisFigures } from './domain/bulletins.ts';

function category(value: string): PetitionCategory {
  if (!(PETITION_CATEGORIES as readonly string[]).includes(value)) throw new Error(`demo petition has unknown category ${value}`);
  return value as PetitionCategory;
}

const office = COMMISSION_DEPARTMENTS.find((d) => d.name === '办公室')!;

/**
 * Loads discipline's share of the demo district (@hub/demo): the commission's departments, the staff
 * pool of all four forces (commission leaders included), the east and west collaboration zones, the
 * cadres who may become subjects, and petitions. Loading twice changes nothing.
 */
export async function loadDemoData({ db }: Database<DisciplineDatabase>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await insertReferenceRows(tx, {
      departments: COMMISSION_DEPARTMENTS.map(({ id, name, kind }) => ({ id, name, kind })),
      staff: [
        ...COMMISSION_LEADERS.map(({ id, name }) => ({ id, name, homeBody: 'DISCIPLINE' as const, departmentId: office.id, commissionLeader: true })),
        ...STAFF.map(({ id, name, homeBody, departmentId }) => ({ id, name, homeBody, departmentId, commissionLeader: false })),
      ],
      zones: ZONES.map((zone) => ({ id: zone.id, name: zone.name, leaderStaffId: COMMISSION_LEADERS.find((l) => l.name === zone.leaderName)!.id })),
      zoneMembers: ZONES.flatMap((zone) => zone.memberStaffIds.map((staffId) => ({ zoneId: zone.id, staffId }))),
      zoneTownships: ZONES.flatMap((zone) => zone.townships.map((township) => ({ zoneId: zone.id, township }))),
      persons: PERSONS.map(({ id, name, unitCode, post, rankLevel, partyMember }) => ({ id, name, unitCode, post, rankLevel, partyMember })),
    });
    await insertPetitions(
      tx,
      [...PETITIONS, ...CASEWORK_2020.petitions].map((p) => ({ ...p, category: category(p.category) })),
    );
    await insertCasework2020(tx);
    await insertElderlyCareStory(tx);
    await insertBulletinsAndAccountability(tx);
  });
}

/** 定期通报 of 2020–2021 and the accountability decision for 柳营村's refund item (第九轮整改). */
async function insertBulletinsAndAccountability(tx: Transaction<DisciplineDatabase>): Promise<void> {
  const dept = (name: string) => COMMISSION_DEPARTMENTS.find((d) => d.name === name)!.id;
  const h1 = await countPetitionsInPeriod(tx, '2021-01-01', '2021-06-30');
  const q4 = await countPetitionsInPeriod(tx, '2020-10-01', '2020-12-31');
  const cases2021 = await caseFiguresInPeriod(tx, '2021-01-01', '2021-12-31');
  const bulletins: (NewBulletin & { id: string; recipients: BulletinRecipientRef[] })[] = [
    {
      id: demoId('bulletin', '2020-four-winds'),
      kind: 'FOUR_WINDS_ANALYSIS',
      title: '2020年第四季度全区“四风”问题分析通报',
      periodStart: '2020-10-01',
      periodEnd: '2020-12-31',
      issuedOn: '2021-01-15',
      issuerBody: 'CONDUCT_SUPERVISION',
      issuerDepartmentId: dept('党风政风监督室'),
      issuedByStaffId: null,
      body: '第四季度全区共受理反映“四风”问题信访举报，形式主义、官僚主义问题突出，集中在镇村重复填报表格、迎检材料过多。请各派驻纪检组、巡察机构在日常监督和巡察中予以关注。',
      figures: fourWindsFigures(q4),
      materials: [],
      externalRecipients: ['各镇（街道）党（工）委', '区直各单位党组（党委）'],
      recipients: [
        { kind: 'ALL_STATIONED_GROUPS', targetId: null },
        { kind: 'INSPECTION_OFFICE', targetId: null },
      ],
    },
    {
      id: demoId('bulletin', '2021-h1-petitions'),
      kind: 'PETITION_ANALYSIS',
      title: '2021年上半年信访举报情况分析通报',
      periodStart: '2021-01-01',
      periodEnd: '2021-06-30',
      issuedOn: '2021-07-20',
      issuerBody: 'PETITION_OFFICE',
      issuerDepartmentId: dept('信访室'),
      issuedByStaffId: null,
      body: '上半年全区信访举报总体平稳，反映基层干部优亲厚友、公车私用等问题仍有发生。附各渠道、各类别数量。',
      figures: petitionAnalysisFigures(h1),
      materials: [],
      externalRecipients: ['区委'],
      recipients: [
        { kind: 'ALL_STATIONED_GROUPS', targetId: null },
        { kind: 'INSPECTION_OFFICE', targetId: null },
        ...['第一纪检监察室', '第二纪检监察室', '第三纪检监察室', '第四纪检监察室'].map((name) => ({ kind: 'DEPARTMENT' as const, targetId: dept(name) })),
      ],
    },
    {
      id: demoId('bulletin', '2021-cases'),
      kind: 'CASE_STATUS',
      title: '2021年全区审查调查工作情况通报',
      periodStart: '2021-01-01',
      periodEnd: '2021-12-31',
      issuedOn: '2022-01-20',
      issuerBody: 'CASE_MANAGEMENT',
      issuerDepartmentId: dept('案件监督管理室'),
      issuedByStaffId: null,
      body: '2021年全区纪检监察机关立案审查调查情况及处分、挽回经济损失情况见所附数字。',
      figures: caseStatusFigures(cases2021),
      materials: [],
      externalRecipients: ['区委'],
      recipients: [{ kind: 'ALL_DEPARTMENTS', targetId: null }],
    },
    {
      id: demoId('bulletin', '2020-inspection-report'),
      kind: 'INSPECTION_REPORT',
      title: '区委第九轮巡察情况报备材料（区委书记专题会）',
      periodStart: '2020-09-01',
      periodEnd: '2020-12-31',
      issuedOn: '2021-01-08',
      issuerBody: 'INSPECTION_OFFICE',
      issuerDepartmentId: null,
      issuedByStaffId: null,
      body: '区委书记专题会听取第九轮巡察情况汇报。东湖镇养老服务中心资金管理问题已作为问题线索移交区纪委监委。现将报备材料提供给区纪委监委有关部门和派驻纪检组，供日常监督参考。',
      figures: [
        { key: 'inspection.units', label: '巡察单位', count: 2, amount: null, unit: '个' },
        { key: 'inspection.findings', label: '发现问题', count: 3, amount: null, unit: '个' },
        { key: 'inspection.transfers', label: '移交问题线索', count: 2, amount: null, unit: '件' },
      ],
      materials: [{ title: '区委书记专题会听取巡察情况汇报报备材料', reference: '云巡办〔2021〕1号', heldBy: '区委巡察办' }],
      externalRecipients: [],
      recipients: [
        { kind: 'ALL_DEPARTMENTS', targetId: null },
        { kind: 'ALL_STATIONED_GROUPS', targetId: null },
      ],
    },
  ];
  for (const { id, recipients, ...row } of bulletins) {
    const exists = await tx.selectFrom('bulletin').select('id').where('id', '=', id).executeTakeFirst();
    if (exists) continue;
    const inserted = await insertBulletin(tx, { ...row, id } as NewBulletin, recipients);
    if (inserted.id !== id) throw new Error('demo bulletin id not kept');
  }
  const liuying = UNITS.liuying.code;
  await insertNew(
    tx,
    'accountabilityDecision',
    [
      {
        id: demoId('accountability', '2021-liuying-refund'),
        rectificationItemId: demoId('inspection-item', 'liuying-refund'),
        unitCode: liuying,
        personId: PERSONS.filter((p) => p.unitCode === liuying)[0]!.id,
        decidedOn: '2021-06-10',
        measure: '诫勉谈话',
        reason: '巡察反馈的违规收取费用问题逾期未清退到位',
      },
    ],
    ['id'],
  );
}

/** The clue 第二纪检监察室 registered from the inspection transfer about the elderly-care centre, and its handling. */
async function insertElderlyCareStory(tx: Transaction<DisciplineDatabase>): Promise<void> {
  const story = ELDERLY_CARE_STORY;
  await insertNew(
    tx,
    'clue',
    [
      {
        id: story.clue.id,
        source: 'INSPECTION_TRANSFER',
        petitionId: null,
        clueTransferId: story.transfer.id,
        sourceReference: '区委第九轮巡察移交',
        subjectUnitCode: story.centre.code,
        summary: story.clue.summary,
        receivedOn: story.clue.receivedOn,
        priority: true,
        handlerKind: 'DEPARTMENT',
        handlerDepartmentId: story.transfer.receiverDepartmentId,
        handlerStationedGroupId: null,
        handlerZoneId: null,
        disposalMethod: 'PRELIMINARY_VERIFICATION',
        disposedOn: story.clue.disposedOn,
        disposedByStaffId: story.clue.disposedByStaffId,
        resultReport: story.clue.resultReport,
        resultReportedOn: story.clue.resultReportedOn,
      },
    ],
    ['id'],
  );
  await insertNew(
    tx,
    'clueSubject',
    [story.directorId, story.accountantId].map((personId) => ({ clueId: story.clue.id, personId })),
    ['clue_id', 'person_id'],
  );
  await insertNew(
    tx,
    'disciplineCase',
    [{ ...story.case, clueId: story.clue.id, personId: story.directorId, status: 'CLOSED', transferredToProcuratorateOn: null }],
    ['id'],
  );
  await insertNew(
    tx,
    'lossRecovery',
    [{ id: story.recovery.id, caseId: story.case.id, recoveredOn: story.recovery.recoveredOn, amount: story.recovery.amount }],
    ['id'],
  );
  await insertNew(
    tx,
    'sanction',
    [
      {
        id: story.sanction.id,
        caseId: story.case.id,
        personId: story.directorId,
        type: story.sanction.type as SanctionType,
        fourForm: story.sanction.fourForm,
        decidedOn: story.sanction.decidedOn,
        announcedOn: story.sanction.announcedOn,
      },
    ],
    ['id'],
  );
}

/** A demo clue (@hub/demo) as a row of the clue table: the handler becomes its kind and one id column. */
export function demoClueRow(c: DemoClue) {
  return {
    id: c.id,
    source: c.source,
    petitionId: c.petitionId,
    clueTransferId: null,
    sourceReference: c.sourceReference,
    subjectUnitCode: c.subjectUnitCode,
    summary: c.summary,
    receivedOn: c.receivedOn,
    priority: c.priority,
    handlerKind: c.handler.kind,
    handlerDepartmentId: c.handler.kind === 'DEPARTMENT' ? c.handler.id : null,
    handlerStationedGroupId: c.handler.kind === 'STATIONED_GROUP' ? c.handler.id : null,
    handlerZoneId: c.handler.kind === 'ZONE' ? c.handler.id : null,
    disposalMethod: c.disposalMethod,
    disposedOn: c.disposedOn,
    disposedByStaffId: c.disposedByStaffId,
    // Petition-sourced clues: the result went back to 信访室 a week after disposal (QUARTERLY_DISPOSAL_REPORT).
    resultReport: c.petitionId ? '处置结果已反馈信访室' : null,
    resultReportedOn: c.petitionId ? addDays(c.disposedOn, 7) : null,
  };
}

/** Inserts rows by primary key, leaving rows that exist alone (the demo is loaded idempotently). */
async function insertNew<T extends keyof DisciplineDatabase>(tx: Transaction<DisciplineDatabase>, table: T, rows: object[], key: string[]): Promise<void> {
  const db = tx as unknown as Kysely<any>;
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 500))
      .onConflict((oc: any) => oc.columns(key).doNothing())
      .execute();
  }
}

/**
 * The district's 2020 casework (@hub/demo CASEWORK_2020): 616 clues disposed, 164 cases filed, 153
 * persons sanctioned, one detention, one transfer to the procuratorate, ¥4,408,700.00 recovered; and
 * the joint special inspection of irregular allowances (¥2,315,000.00 returned).
 */
async function insertCasework2020(tx: Transaction<DisciplineDatabase>): Promise<void> {
  const work = CASEWORK_2020;
  await insertNew(
    tx,
    'petitionReporter',
    work.reporters.map((r) => ({ petitionId: r.petitionId, name: r.name, contact: r.contact, idNumber: null, address: null })),
    ['petition_id'],
  );
  await insertNew(tx, 'clue', work.clues.map(demoClueRow), ['id']);
  await insertNew(
    tx,
    'clueSubject',
    work.clues.flatMap((c) => c.subjectPersonIds.map((personId) => ({ clueId: c.id, personId }))),
    ['clue_id', 'person_id'],
  );
  await insertNew(
    tx,
    'disciplineCase',
    work.cases.map((c) => ({ ...c })),
    ['id'],
  );
  await insertNew(tx, 'detention', [{ ...work.detention, extendedMonths: null, extendedOn: null }], ['id']);
  await insertNew(
    tx,
    'lossRecovery',
    work.recoveries.map((r) => ({ ...r })),
    ['id'],
  );
  await insertNew(
    tx,
    'sanction',
    work.sanctions.map((s) => ({ ...s, type: s.type as SanctionType })),
    ['id'],
  );
  const special = ALLOWANCE_INSPECTION;
  await insertNew(tx, 'specialInspection', [{ id: special.id, theme: special.theme, startedOn: special.startedOn, endedOn: special.endedOn }], ['id']);
  await insertNew(
    tx,
    'specialInspectionTeam',
    special.teams.map((t) => ({ id: t.id, specialInspectionId: special.id, name: t.name, staffIds: t.staffIds })),
    ['id'],
  );
  await insertNew(
    tx,
    'specialInspectionCheck',
    special.checks.map((c) => ({ ...c, specialInspectionId: special.id })),
    ['id'],
  );
  await insertNew(
    tx,
    'specialInspectionConcurrency',
    special.concurrent.map((c) => ({ ...c, specialInspectionId: special.id })),
    ['specialInspectionId', 'staffId'],
  );
}
