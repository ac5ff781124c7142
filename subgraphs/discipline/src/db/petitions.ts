import type { Kysely } from 'kysely';
import { DATE_ID_KEY, keysetPage, pageKey, type PageWindow } from '@hub/core';
import type { DisciplineDatabase, NewPetition, Petition, PetitionCategory, PetitionReporter } from './database.ts';

type Db = Kysely<DisciplineDatabase>;

export interface PetitionCount {
  unitCode: string;
  year: number;
  category: PetitionCategory;
  count: number;
}

export async function insertPetitions(db: Db, petitions: NewPetition[]): Promise<void> {
  if (petitions.length === 0) return;
  await db
    .insertInto('petition')
    .values(petitions)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export interface PetitionFilter {
  unitCode?: string | null | undefined;
  personId?: string | null | undefined;
  named?: boolean | null | undefined;
  outOfJurisdiction?: boolean | null | undefined;
  category?: PetitionCategory | null | undefined;
  receivedFrom?: string | null | undefined;
  receivedTo?: string | null | undefined;
  /** `like` pattern (see core `searchPattern`) matched against the summary and the subjects' names. */
  textPattern?: string | null | undefined;
}

function filteredPetitions(db: Db, filter: PetitionFilter) {
  let query = db.selectFrom('petition');
  if (filter.unitCode) query = query.where('subjectUnitCode', '=', filter.unitCode);
  if (filter.personId) {
    const personId = filter.personId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('petitionSubject')
          .select('petitionSubject.petitionId')
          .whereRef('petitionSubject.petitionId', '=', 'petition.id')
          .where('petitionSubject.personId', '=', personId),
      ),
    );
  }
  if (filter.named != null) query = query.where('named', '=', filter.named);
  if (filter.outOfJurisdiction != null) query = query.where('outOfJurisdiction', '=', filter.outOfJurisdiction);
  if (filter.category) query = query.where('category', '=', filter.category);
  if (filter.receivedFrom) query = query.where('receivedOn', '>=', filter.receivedFrom);
  if (filter.receivedTo) query = query.where('receivedOn', '<=', filter.receivedTo);
  if (filter.textPattern) {
    const pattern = filter.textPattern;
    query = query.where((eb) =>
      eb.or([
        eb('petition.summary', 'ilike', pattern),
        eb.exists(
          eb
            .selectFrom('petitionSubject')
            .innerJoin('person', 'person.id', 'petitionSubject.personId')
            .select('petitionSubject.petitionId')
            .whereRef('petitionSubject.petitionId', '=', 'petition.id')
            .where('person.name', 'ilike', pattern),
        ),
      ]),
    );
  }
  return query;
}

/** Petitions newest first; the page key is "receivedOn|id". */
export async function listPetitions(db: Db, filter: PetitionFilter, window: PageWindow): Promise<Petition[]> {
  return keysetPage(filteredPetitions(db, filter).selectAll(), window, { columns: ['receivedOn', 'id'], keys: DATE_ID_KEY, order: 'desc' }).execute();
}

export async function countPetitions(db: Db, filter: PetitionFilter): Promise<number> {
  const row = await filteredPetitions(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export const petitionKey = (petition: Petition) => pageKey(petition.receivedOn, petition.id);

export async function insertPetition(db: Db, petition: NewPetition): Promise<Petition> {
  return db.insertInto('petition').values(petition).returningAll().executeTakeFirstOrThrow();
}

export async function findPetitionsByIds(db: Db, ids: readonly string[]): Promise<Petition[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('petition').selectAll().where('id', 'in', ids).execute();
}

/** Locks the petition row for a state change inside a transaction. */
export async function findPetitionForUpdate(db: Db, id: string): Promise<Petition | undefined> {
  return db.selectFrom('petition').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertPetitionReporter(db: Db, reporter: PetitionReporter): Promise<void> {
  await db.insertInto('petitionReporter').values(reporter).execute();
}

export async function findReportersByPetitionIds(db: Db, ids: readonly string[]): Promise<PetitionReporter[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('petitionReporter').selectAll().where('petitionId', 'in', ids).execute();
}

export async function insertPetitionSubjects(db: Db, petitionId: string, personIds: readonly string[]): Promise<void> {
  if (personIds.length === 0) return;
  await db
    .insertInto('petitionSubject')
    .values(personIds.map((personId) => ({ petitionId, personId })))
    .execute();
}

export async function findPetitionSubjects(db: Db, petitionIds: readonly string[]): Promise<{ petitionId: string; personId: string }[]> {
  if (petitionIds.length === 0) return [];
  return db.selectFrom('petitionSubject').selectAll().where('petitionId', 'in', petitionIds).orderBy('petitionId').orderBy('personId').execute();
}

export async function updatePetition(db: Db, id: string, changes: { forwardedOn?: string; forwardedTo?: string; acknowledgedOn?: string }): Promise<void> {
  await db.updateTable('petition').set(changes).where('id', '=', id).execute();
}
