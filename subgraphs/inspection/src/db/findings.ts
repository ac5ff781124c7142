import { countParentRows, DATE_ID_KEY, findParentPages, keysetPage } from '@hub/core';
import { type Insertable, type Kysely, sql } from 'kysely';
import type { PageWindow } from '@hub/core';
import type {
  ClueTransfer,
  ClueTransferTable,
  ConsultationTable,
  EscalationHandlingTable,
  Finding,
  FindingCategory,
  FindingTable,
  InspectionDatabase,
  ReceiverKind,
} from './database.ts';
import { countOf } from './keys.ts';

type Db = Kysely<InspectionDatabase>;

// ─── Findings ───────────────────────────────────────────────────────────────────────────────────

export interface FindingFilter {
  roundId?: string | null | undefined;
  inspectionId?: string | null | undefined;
  unitCode?: string | null | undefined;
  category?: FindingCategory | null | undefined;
  recordedFrom?: string | null | undefined;
  recordedTo?: string | null | undefined;
  /** `like` pattern (see core `searchPattern`) matched against the description and the unit's name. */
  textPattern?: string | null | undefined;
}

function filteredFindings(db: Db, filter: FindingFilter) {
  let query = db.selectFrom('finding').innerJoin('inspection', 'inspection.id', 'finding.inspectionId');
  if (filter.roundId) query = query.where('inspection.roundId', '=', filter.roundId);
  if (filter.inspectionId) query = query.where('finding.inspectionId', '=', filter.inspectionId);
  if (filter.unitCode) query = query.where('inspection.unitCode', '=', filter.unitCode);
  if (filter.category) query = query.where('finding.category', '=', filter.category);
  if (filter.recordedFrom) query = query.where('finding.recordedOn', '>=', filter.recordedFrom);
  if (filter.recordedTo) query = query.where('finding.recordedOn', '<=', filter.recordedTo);
  if (filter.textPattern) {
    const pattern = filter.textPattern;
    query = query.where((eb) =>
      eb.or([
        eb('finding.description', 'ilike', pattern),
        eb.exists(eb.selectFrom('unit').select('unit.code').whereRef('unit.code', '=', 'inspection.unitCode').where('unit.name', 'ilike', pattern)),
      ]),
    );
  }
  return query;
}

/** Findings, latest first; page key "recordedOn|id". */
export async function listFindings(db: Db, filter: FindingFilter, window: PageWindow): Promise<Finding[]> {
  return keysetPage(filteredFindings(db, filter).selectAll('finding'), window, {
    columns: ['finding.recorded_on', 'finding.id'],
    keys: DATE_ID_KEY,
    order: 'desc',
  }).execute();
}

export const countFindings = (db: Db, filter: FindingFilter) => countOf(filteredFindings(db, filter));

export async function insertFinding(db: Db, finding: Insertable<FindingTable>, personIds: string[]): Promise<string> {
  const row = await db.insertInto('finding').values(finding).returning('id').executeTakeFirstOrThrow();
  if (personIds.length > 0)
    await db
      .insertInto('findingPerson')
      .values(personIds.map((personId) => ({ findingId: row.id, personId })))
      .execute();
  return row.id;
}

/** A finding with its inspection's round stage and unit level, locking the round. */
export async function findFindingInRound(db: Db, id: string) {
  return db
    .selectFrom('finding')
    .innerJoin('inspection', 'inspection.id', 'finding.inspectionId')
    .innerJoin('inspectionRound', 'inspectionRound.id', 'inspection.roundId')
    .innerJoin('unit', 'unit.code', 'inspection.unitCode')
    .select(['finding.id', 'finding.inspectionId', 'finding.recordedOn', 'inspection.unitCode', 'inspectionRound.stage', 'unit.level as unitLevel'])
    .where('finding.id', '=', id)
    .forUpdate('inspectionRound')
    .executeTakeFirst();
}

// ─── Consultations ──────────────────────────────────────────────────────────────────────────────

export async function insertConsultation(db: Db, consultation: Insertable<ConsultationTable>): Promise<string> {
  const row = await db.insertInto('consultation').values(consultation).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function latestConsultation(db: Db, findingId: string) {
  return db.selectFrom('consultation').selectAll().where('findingId', '=', findingId).orderBy('heldOn', 'desc').orderBy('createdAt', 'desc').executeTakeFirst();
}

// ─── Clue transfers ─────────────────────────────────────────────────────────────────────────────

export interface TransferFilter {
  roundId?: string | null | undefined;
  unitCode?: string | null | undefined;
  receiverKind?: ReceiverKind | null | undefined;
  receiverId?: string | null | undefined;
  priority?: boolean | null | undefined;
  escalated?: boolean | null | undefined;
  awaitingFeedback?: boolean | null | undefined;
  /** Feedback due before this date and not received by it. */
  overdueAsOf?: string | null | undefined;
}

function filteredTransfers(db: Db, filter: TransferFilter) {
  let query = db
    .selectFrom('clueTransfer')
    .innerJoin('finding', 'finding.id', 'clueTransfer.findingId')
    .innerJoin('inspection', 'inspection.id', 'finding.inspectionId');
  if (filter.roundId) query = query.where('inspection.roundId', '=', filter.roundId);
  if (filter.unitCode) query = query.where('inspection.unitCode', '=', filter.unitCode);
  if (filter.receiverKind) query = query.where('clueTransfer.receiverKind', '=', filter.receiverKind);
  if (filter.receiverId) query = query.where('clueTransfer.receiverId', '=', filter.receiverId);
  if (filter.priority != null) query = query.where('clueTransfer.priority', '=', filter.priority);
  if (filter.escalated != null) query = query.where('clueTransfer.escalated', '=', filter.escalated);
  if (filter.awaitingFeedback != null) {
    query = query.where('clueTransfer.feedbackReceivedOn', filter.awaitingFeedback ? 'is' : 'is not', null);
  }
  if (filter.overdueAsOf) {
    const asOf = filter.overdueAsOf;
    query = query
      .where('clueTransfer.voidedAt', 'is', null)
      .where('clueTransfer.feedbackDueOn', '<', asOf)
      .where((eb) => eb.or([eb('clueTransfer.feedbackReceivedOn', 'is', null), eb('clueTransfer.feedbackReceivedOn', '>', asOf)]));
  }
  return query;
}

/** Transfers ordered by feedback due date (oldest due first); page key "feedbackDueOn|id". */
export async function listTransfers(db: Db, filter: TransferFilter, window: PageWindow): Promise<ClueTransfer[]> {
  return keysetPage(filteredTransfers(db, filter).selectAll('clueTransfer'), window, {
    columns: ['clue_transfer.feedback_due_on', 'clue_transfer.id'],
    keys: DATE_ID_KEY,
    order: 'asc',
  }).execute();
}

export const countTransfers = (db: Db, filter: TransferFilter) => countOf(filteredTransfers(db, filter));

export async function insertTransfer(db: Db, transfer: Insertable<ClueTransferTable>): Promise<string> {
  const row = await db.insertInto('clueTransfer').values(transfer).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findTransferForUpdate(db: Db, id: string): Promise<ClueTransfer | undefined> {
  return db.selectFrom('clueTransfer').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function recordTransferFeedback(db: Db, id: string, receivedOn: string, summary: string): Promise<void> {
  await db.updateTable('clueTransfer').set({ feedbackReceivedOn: receivedOn, feedbackSummary: summary }).where('id', '=', id).execute();
}

/** Records the day discipline registered the transferred clue (the earliest, if told twice). */
export async function recordTransferRegistration(db: Db, id: string, registeredOn: string): Promise<void> {
  await db
    .updateTable('clueTransfer')
    .set({ registeredOn })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('registeredOn', 'is', null), eb('registeredOn', '>', registeredOn)]))
    .execute();
}

export async function transferExistsForFinding(db: Db, findingId: string): Promise<boolean> {
  const row = await db.selectFrom('clueTransfer').select(sql<number>`1`.as('one')).where('findingId', '=', findingId).executeTakeFirst();
  return row !== undefined;
}

// ─── Escalations handled ────────────────────────────────────────────────────────────────────────

export async function insertEscalationHandling(db: Db, handling: Insertable<EscalationHandlingTable>): Promise<void> {
  await db.insertInto('escalationHandling').values(handling).execute();
}

/** The day of the round's last finding (null when it has none). */
export async function latestFindingDateOfRound(db: Db, roundId: string): Promise<string | null> {
  const row = await db
    .selectFrom('finding')
    .innerJoin('inspection', 'inspection.id', 'finding.inspectionId')
    .select((eb) => eb.fn.max('finding.recordedOn').as('latest'))
    .where('inspection.roundId', '=', roundId)
    .executeTakeFirst();
  return (row?.latest as string | null | undefined) ?? null;
}

/** Findings of the round whose latest consultation concluded to transfer them and that are not transferred. */
export async function findingsAwaitingTransfer(db: Db, roundId: string): Promise<{ findingId: string; unitCode: string }[]> {
  const rows = await db
    .selectFrom('finding')
    .innerJoin('inspection', 'inspection.id', 'finding.inspectionId')
    .select(['finding.id as findingId', 'inspection.unitCode'])
    .select((eb) =>
      eb
        .selectFrom('consultation')
        .select('consultation.conclusion')
        .whereRef('consultation.findingId', '=', 'finding.id')
        .orderBy('consultation.heldOn', 'desc')
        .orderBy('consultation.createdAt', 'desc')
        .limit(1)
        .as('latestConclusion'),
    )
    .where('inspection.roundId', '=', roundId)
    .where('finding.voidedAt', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('clueTransfer').select('clueTransfer.id').whereRef('clueTransfer.findingId', '=', 'finding.id'))))
    .execute();
  return rows.filter((r) => r.latestConclusion === 'TRANSFER_AS_CLUE').map((r) => ({ findingId: r.findingId, unitCode: r.unitCode }));
}

/** The inspection a finding belongs to (null when there is no such finding). */
export async function findFindingInspectionId(db: Db, findingId: string): Promise<string | null> {
  return (await db.selectFrom('finding').select('inspectionId').where('id', '=', findingId).executeTakeFirst())?.inspectionId ?? null;
}

export async function escalationHandlingExists(db: Db, escalationId: string): Promise<boolean> {
  return (await db.selectFrom('escalationHandling').select('escalationId').where('escalationId', '=', escalationId).executeTakeFirst()) !== undefined;
}

const FINDING_PAGE_ORDER = { columns: ['recordedOn', 'id'], keys: DATE_ID_KEY, order: 'desc' } as const;

const findingsOfUnits = (db: Db, unitCodes: readonly string[]) =>
  db
    .selectFrom('finding')
    .innerJoin('inspection', 'inspection.id', 'finding.inspectionId')
    .selectAll('finding')
    .select('inspection.unitCode')
    .where('inspection.unitCode', 'in', unitCodes);

const findingsOfPersons = (db: Db, personIds: readonly string[]) =>
  db
    .selectFrom('findingPerson')
    .innerJoin('finding', 'finding.id', 'findingPerson.findingId')
    .selectAll('finding')
    .select('findingPerson.personId')
    .where('findingPerson.personId', 'in', personIds);

/** A page of the findings of each unit's inspections, latest first, in one statement for all units. */
export function findFindingPagesByUnits(db: Db, unitCodes: readonly string[], window: PageWindow): Promise<(Finding & { unitCode: string })[]> {
  return findParentPages(db, findingsOfUnits(db, unitCodes), window, { parent: 'unitCode', ...FINDING_PAGE_ORDER });
}

export function countFindingsByUnits(db: Db, unitCodes: readonly string[]) {
  return countParentRows(db, findingsOfUnits(db, unitCodes), 'unitCode');
}

/** A page of the findings naming each person, latest first, in one statement for all persons. */
export function findFindingPagesByPersons(db: Db, personIds: readonly string[], window: PageWindow): Promise<(Finding & { personId: string })[]> {
  return findParentPages(db, findingsOfPersons(db, personIds), window, { parent: 'personId', ...FINDING_PAGE_ORDER });
}

export function countFindingsByPersons(db: Db, personIds: readonly string[]) {
  return countParentRows(db, findingsOfPersons(db, personIds), 'personId');
}
