import { type Database, addDays } from '@hub/core';
import { ALLOWANCE_INSPECTION, CASEWORK_2020, type DemoClue, demoId, ELDERLY_CARE_STORY, COMMISSION_DEPARTMENTS, COMMISSION_LEADERS, PERSONS, PETITIONS, STAFF, UNITS, ZONES } from '@hub/demo';
import type { Kysely, Transaction } from 'kysely';
import { PETITION_CATEGORIES, type DisciplineDatabase, type PetitionCategory, type SanctionType } from './db/database.ts';
import { insertPetitions } from './db/petitions.ts';
import { insertReferenceRows } from './db/reference.ts';

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
    await insertPetitions(tx, [...PETITIONS, ...CASEWORK_2020.petitions].map((p) => ({ ...p, category: category(p.category) })));
    await insertCasework2020(tx);
    await insertElderlyCareStory(tx);
    await insertBulletinsAndAccountability(tx);
  });
}

/** 定期通报 of 2020–2021 and the accountability decision for 柳营村's refund item (第九轮整改). */
async function insertBulletinsAndAccountability(tx: Transaction<DisciplineDatabase>): Promise<void> {
  await insertNew(
    tx,
    'bulletin',
    [
      { id: demoId('bulletin', '2020-four-winds'), kind: 'FOUR_WINDS_ANALYSIS', title: '2020年第四季度全区“四风”问题分析通报', periodStart: '2020-10-01', periodEnd: '2020-12-31', issuedOn: '2021-01-15', recipients: ['各镇（街道）党（工）委', '区直各单位党组（党委）'] },
      { id: demoId('bulletin', '2021-h1-petitions'), kind: 'PETITION_ANALYSIS', title: '2021年上半年信访举报情况分析通报', periodStart: '2021-01-01', periodEnd: '2021-06-30', issuedOn: '2021-07-20', recipients: ['区委', '各派驻纪检组'] },
      { id: demoId('bulletin', '2021-cases'), kind: 'CASE_STATUS', title: '2021年全区审查调查工作情况通报', periodStart: '2021-01-01', periodEnd: '2021-12-31', issuedOn: '2022-01-20', recipients: ['区委', '区纪委监委各部门'] },
    ],
    ['id'],
  );
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
  await insertNew(tx, 'clueSubject', [story.directorId, story.accountantId].map((personId) => ({ clueId: story.clue.id, personId })), ['clue_id', 'person_id']);
  await insertNew(tx, 'disciplineCase', [{ ...story.case, clueId: story.clue.id, personId: story.directorId, status: 'CLOSED', transferredToProcuratorateOn: null }], ['id']);
  await insertNew(tx, 'lossRecovery', [{ id: story.recovery.id, caseId: story.case.id, recoveredOn: story.recovery.recoveredOn, amount: story.recovery.amount }], ['id']);
  await insertNew(tx, 'sanction', [{ id: story.sanction.id, caseId: story.case.id, personId: story.directorId, type: story.sanction.type as SanctionType, fourForm: story.sanction.fourForm, decidedOn: story.sanction.decidedOn, announcedOn: story.sanction.announcedOn }], ['id']);
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
    await db.insertInto(table).values(rows.slice(i, i + 500)).onConflict((oc: any) => oc.columns(key).doNothing()).execute();
  }
}

/**
 * The district's 2020 casework (@hub/demo CASEWORK_2020): 616 clues disposed, 164 cases filed, 153
 * persons sanctioned, one detention, one transfer to the procuratorate, ¥4,408,700.00 recovered; and
 * the joint special inspection of irregular allowances (¥2,315,000.00 returned).
 */
async function insertCasework2020(tx: Transaction<DisciplineDatabase>): Promise<void> {
  const work = CASEWORK_2020;
  await insertNew(tx, 'petitionReporter', work.reporters.map((r) => ({ petitionId: r.petitionId, name: r.name, contact: r.contact, idNumber: null, address: null })), ['petition_id']);
  await insertNew(
    tx,
    'clue',
    work.clues.map(demoClueRow),
    ['id'],
  );
  await insertNew(tx, 'clueSubject', work.clues.flatMap((c) => c.subjectPersonIds.map((personId) => ({ clueId: c.id, personId }))), ['clue_id', 'person_id']);
  await insertNew(tx, 'disciplineCase', work.cases.map((c) => ({ ...c })), ['id']);
  await insertNew(tx, 'detention', [{ ...work.detention, extendedMonths: null, extendedOn: null }], ['id']);
  await insertNew(tx, 'lossRecovery', work.recoveries.map((r) => ({ ...r })), ['id']);
  await insertNew(tx, 'sanction', work.sanctions.map((s) => ({ ...s, type: s.type as SanctionType })), ['id']);
  const special = ALLOWANCE_INSPECTION;
  await insertNew(tx, 'specialInspection', [{ id: special.id, theme: special.theme, startedOn: special.startedOn, endedOn: special.endedOn }], ['id']);
  await insertNew(tx, 'specialInspectionTeam', special.teams.map((t) => ({ id: t.id, specialInspectionId: special.id, name: t.name, staffIds: t.staffIds })), ['id']);
  await insertNew(tx, 'specialInspectionCheck', special.checks.map((c) => ({ ...c, specialInspectionId: special.id })), ['id']);
}
