import { type Kysely, sql } from 'kysely';
import type { CaseReach } from './cases.ts';
import type { DisciplineDatabase } from './database.ts';

type Db = Kysely<DisciplineDatabase>;

/** A step is open on `asOf` when it was not done by then. */
const openOn = (column: string, asOf: string) => sql<boolean>`(${sql.ref(column)} is null or ${sql.ref(column)} > cast(${asOf} as date))`;

/** Petitions received by `asOf` with a forwarding or acknowledgement step still open on that day. */
export async function findPetitionsWithOpenSteps(db: Db, asOf: string) {
  return db
    .selectFrom('petition')
    .select(['id', 'receivedOn', 'subjectUnitCode', 'named', 'outOfJurisdiction', 'forwardedOn', 'acknowledgedOn'])
    .where('receivedOn', '<=', asOf)
    .where((eb) =>
      eb.or([
        eb.and([eb('outOfJurisdiction', '=', true), openOn('petition.forwarded_on', asOf)]),
        eb.and([eb('named', '=', true), openOn('petition.acknowledged_on', asOf)]),
      ]),
    )
    .orderBy('receivedOn')
    .orderBy('id')
    .execute();
}

function reachWhere(reach: CaseReach) {
  if (reach.all) return sql<boolean>`true`;
  const parts = [
    reach.departmentIds.length > 0 ? sql`clue.handler_department_id in (${sql.join(reach.departmentIds)})` : sql`false`,
    reach.zoneIds.length > 0 ? sql`clue.handler_zone_id in (${sql.join(reach.zoneIds)})` : sql`false`,
    reach.stationedGroupIds.length > 0 ? sql`clue.handler_stationed_group_id in (${sql.join(reach.stationedGroupIds)})` : sql`false`,
  ];
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

/** Petition-sourced clues disposed by `asOf` whose result was not reported back to the petition office by then. */
export async function findDisposedCluesAwaitingReport(db: Db, asOf: string, reach: CaseReach) {
  return db
    .selectFrom('clue')
    .leftJoin('department', 'department.id', 'clue.handlerDepartmentId')
    .select(['clue.id', 'clue.disposedOn', 'clue.resultReportedOn', 'clue.subjectUnitCode', 'department.name as departmentName'])
    .where('clue.petitionId', 'is not', null)
    .where('clue.disposedOn', '<=', asOf)
    .where(openOn('clue.result_reported_on', asOf))
    .where(reachWhere(reach))
    .orderBy('clue.disposedOn')
    .orderBy('clue.id')
    .execute();
}

/** Detentions started by `asOf` and not ended by then, with what the caller may see of their clue. */
export async function findOpenDetentions(db: Db, asOf: string, reach: CaseReach) {
  return db
    .selectFrom('detention')
    .innerJoin('disciplineCase', 'disciplineCase.id', 'detention.caseId')
    .innerJoin('clue', 'clue.id', 'disciplineCase.clueId')
    .leftJoin('department', 'department.id', 'clue.handlerDepartmentId')
    .select([
      'detention.id',
      'detention.caseId',
      'detention.startedOn',
      'detention.extendedMonths',
      'detention.extendedOn',
      'detention.endedOn',
      'clue.subjectUnitCode',
      'department.name as departmentName',
    ])
    .where('detention.startedOn', '<=', asOf)
    .where(openOn('detention.ended_on', asOf))
    .where(reachWhere({ ...reach, trialStages: false }))
    .orderBy('detention.startedOn')
    .orderBy('detention.id')
    .execute();
}

/** Cases accepted for trial by `asOf` and not closed by then (the trial office sees all of them). */
export async function findOpenTrials(db: Db, asOf: string, reach: CaseReach) {
  const trialOffice = !reach.all && reach.trialStages === true;
  return db
    .selectFrom('disciplineCase')
    .innerJoin('clue', 'clue.id', 'disciplineCase.clueId')
    .select(['disciplineCase.id', 'disciplineCase.trialStartedOn', 'disciplineCase.closedOn', 'clue.subjectUnitCode'])
    .where('disciplineCase.trialStartedOn', '<=', asOf)
    .where(openOn('discipline_case.closed_on', asOf))
    .where(trialOffice ? sql<boolean>`true` : reachWhere(reach))
    .orderBy('disciplineCase.trialStartedOn')
    .orderBy('disciplineCase.id')
    .execute();
}

/** Sanctions decided by `asOf` and not announced by then. */
export async function findUnannouncedSanctions(db: Db, asOf: string, reach: CaseReach) {
  const trialOffice = !reach.all && reach.trialStages === true;
  return db
    .selectFrom('sanction')
    .innerJoin('disciplineCase', 'disciplineCase.id', 'sanction.caseId')
    .innerJoin('clue', 'clue.id', 'disciplineCase.clueId')
    .select(['sanction.id', 'sanction.decidedOn', 'sanction.announcedOn', 'clue.subjectUnitCode'])
    .where('sanction.decidedOn', '<=', asOf)
    .where(openOn('sanction.announced_on', asOf))
    .where(trialOffice ? sql<boolean>`true` : reachWhere(reach))
    .orderBy('sanction.decidedOn')
    .orderBy('sanction.id')
    .execute();
}
