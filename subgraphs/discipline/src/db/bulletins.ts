import { DATE_ID_KEY, keysetPage, type PageWindow } from '@hub/core';
import { type Expression, type ExpressionBuilder, type Insertable, type Kysely, type SqlBool, sql } from 'kysely';
import type { BulletinReach, BulletinRecipientRef } from '../domain/bulletins.ts';
import type {
  Bulletin,
  BulletinFigure,
  Department,
  DepartmentKind,
  BulletinKind,
  BulletinMaterial,
  BulletinRecipientTable,
  DisciplineDatabase,
  PetitionCategory,
  PetitionChannel,
  SanctionType,
} from './database.ts';

type Db = Kysely<DisciplineDatabase>;

export interface NewBulletin {
  /** Set only by the demo loader, for its fixed ids. */
  id?: string;
  kind: BulletinKind;
  title: string;
  periodStart: string;
  periodEnd: string;
  issuedOn: string;
  issuerBody: Bulletin['issuerBody'];
  issuerDepartmentId: string | null;
  issuedByStaffId: string | null;
  body: string;
  figures: BulletinFigure[];
  materials: BulletinMaterial[];
  externalRecipients: string[];
}

export async function insertBulletin(db: Db, row: NewBulletin, recipients: readonly BulletinRecipientRef[]): Promise<Bulletin> {
  const inserted = await db
    .insertInto('bulletin')
    .values({ ...row, figures: JSON.stringify(row.figures), materials: JSON.stringify(row.materials) })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (recipients.length > 0) {
    const rows: Insertable<BulletinRecipientTable>[] = recipients.map((r) => ({ bulletinId: inserted.id, kind: r.kind, targetId: r.targetId }));
    await db.insertInto('bulletinRecipient').values(rows).execute();
  }
  return inserted;
}

/** The first department of a kind (by name), for a bulletin a leader issues in the office's name. */
export async function findFirstDepartmentOfKind(db: Db, kind: DepartmentKind): Promise<Department | undefined> {
  return db.selectFrom('department').selectAll().where('kind', '=', kind).orderBy('name').orderBy('id').limit(1).executeTakeFirst();
}

export async function findRecipientsByBulletinIds(db: Db, ids: readonly string[]): Promise<(BulletinRecipientRef & { bulletinId: string })[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('bulletinRecipient')
    .select(['bulletinId', 'kind', 'targetId'])
    .where('bulletinId', 'in', ids)
    .orderBy('kind')
    .orderBy('targetId')
    .execute();
}

export interface BulletinFilter {
  kind?: BulletinKind | null | undefined;
  /** Bulletins whose period overlaps this year. */
  year?: number | null | undefined;
}

/** The bulletins a reach opens: issued by the viewer's body or sent to one of them (leaders: all). */
function readable(eb: ExpressionBuilder<DisciplineDatabase, 'bulletin'>, reach: BulletinReach): Expression<SqlBool> {
  if (reach.all) return sql<SqlBool>`true`;
  const issued: Expression<SqlBool>[] = [];
  if (reach.inspectionOfficeCadre) issued.push(eb('bulletin.issuerBody', '=', 'INSPECTION_OFFICE'));
  if (reach.departmentIds.length > 0) issued.push(eb('bulletin.issuerDepartmentId', 'in', reach.departmentIds));
  const anyRecipient =
    reach.departmentIds.length + reach.stationedGroupIds.length + reach.inspectionTeamIds.length > 0 ||
    reach.inspectionOffice ||
    reach.anyDepartment ||
    reach.allStationedGroups;
  if (anyRecipient) {
    issued.push(
      eb.exists(
        eb
          .selectFrom('bulletinRecipient as r')
          .select(sql`1`.as('one'))
          .whereRef('r.bulletinId', '=', 'bulletin.id')
          .where((inner) => {
            const sent: Expression<SqlBool>[] = [];
            const targeted = (kind: 'DEPARTMENT' | 'STATIONED_GROUP' | 'INSPECTION_TEAM', ids: string[]) => {
              if (ids.length > 0) sent.push(inner.and([inner('r.kind', '=', kind), inner('r.targetId', 'in', ids)]));
            };
            targeted('DEPARTMENT', reach.departmentIds);
            targeted('STATIONED_GROUP', reach.stationedGroupIds);
            targeted('INSPECTION_TEAM', reach.inspectionTeamIds);
            if (reach.inspectionOffice) sent.push(inner('r.kind', '=', 'INSPECTION_OFFICE'));
            if (reach.anyDepartment) sent.push(inner('r.kind', '=', 'ALL_DEPARTMENTS'));
            if (reach.allStationedGroups) sent.push(inner('r.kind', '=', 'ALL_STATIONED_GROUPS'));
            return inner.or(sent);
          }),
      ),
    );
  }
  return issued.length > 0 ? eb.or(issued) : sql<SqlBool>`false`;
}

function filteredBulletins(db: Db, filter: BulletinFilter, reach: BulletinReach) {
  let query = db.selectFrom('bulletin').where((eb) => readable(eb, reach));
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.year) query = query.where('periodStart', '<=', `${filter.year}-12-31`).where('periodEnd', '>=', `${filter.year}-01-01`);
  return query;
}

export async function listBulletins(db: Db, filter: BulletinFilter, reach: BulletinReach, window: PageWindow): Promise<Bulletin[]> {
  return keysetPage(filteredBulletins(db, filter, reach).selectAll('bulletin'), window, {
    columns: ['bulletin.issued_on', 'bulletin.id'],
    keys: DATE_ID_KEY,
    order: 'desc',
  }).execute();
}

export async function countBulletins(db: Db, filter: BulletinFilter, reach: BulletinReach): Promise<number> {
  const row = await filteredBulletins(db, filter, reach)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findBulletinsByIds(db: Db, ids: readonly string[]): Promise<Bulletin[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('bulletin').selectAll().where('id', 'in', ids).execute();
}

/**
 * 阅知记录 — who read a bulletin, from the audit log (the read is recorded there once per request,
 * hash-chained): each reader with the time of the first read.
 */
export async function findBulletinReaders(
  db: Db,
  bulletinIds: readonly string[],
): Promise<{ bulletinId: string; staffId: string; roles: string[]; firstReadAt: Date }[]> {
  if (bulletinIds.length === 0) return [];
  const result = await sql<{ bulletinId: string; staffId: string; roles: string[]; firstReadAt: Date }>`
    select distinct on (record_id, staff_id) record_id as bulletin_id, staff_id, roles, at as first_read_at
    from audit_log
    where record_type = 'Bulletin' and action = 'READ' and record_id in (${sql.join(bulletinIds)})
    order by record_id, staff_id, id`.execute(db);
  return result.rows.sort((a, b) => a.firstReadAt.getTime() - b.firstReadAt.getTime() || a.staffId.localeCompare(b.staffId));
}

// ─── Figures generated from the records of the period ───────────────────────────────────────────

export interface PeriodCounts<K extends string> {
  key: K;
  count: number;
}

/** Petitions received in the period (voided ones left out), by channel and by category. */
export async function countPetitionsInPeriod(
  db: Db,
  from: string,
  to: string,
): Promise<{ channels: PeriodCounts<PetitionChannel>[]; categories: PeriodCounts<PetitionCategory>[]; named: number; total: number }> {
  const base = db.selectFrom('petition').where('receivedOn', '>=', from).where('receivedOn', '<=', to).where('voidedAt', 'is', null);
  const [channels, categories, totals] = await Promise.all([
    base
      .select((eb) => ['channel as key', eb.fn.countAll<number>().as('count')])
      .groupBy('channel')
      .orderBy('channel')
      .execute(),
    base
      .select((eb) => ['category as key', eb.fn.countAll<number>().as('count')])
      .groupBy('category')
      .orderBy('category')
      .execute(),
    base.select((eb) => [eb.fn.countAll<number>().as('total'), sql<number>`count(*) filter (where named)::int`.as('named')]).executeTakeFirstOrThrow(),
  ]);
  return { channels, categories, named: Number(totals.named), total: Number(totals.total) };
}

/** Cases filed, closed and transferred in the period; sanctions decided by type; losses recovered. */
export async function caseFiguresInPeriod(
  db: Db,
  from: string,
  to: string,
): Promise<{ filed: number; closed: number; transferred: number; sanctions: PeriodCounts<SanctionType>[]; personsSanctioned: number; recovered: string }> {
  const within = (column: string) => sql<number>`count(*) filter (where ${sql.ref(column)} between ${from}::date and ${to}::date)::int`;
  const [cases, sanctions, persons, recovered] = await Promise.all([
    db
      .selectFrom('disciplineCase')
      .select([within('filed_on').as('filed'), within('closed_on').as('closed'), within('transferred_to_procuratorate_on').as('transferred')])
      .where('voidedAt', 'is', null)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('sanction')
      .select((eb) => ['type as key', eb.fn.countAll<number>().as('count')])
      .where('decidedOn', '>=', from)
      .where('decidedOn', '<=', to)
      .where('voidedAt', 'is', null)
      .groupBy('type')
      .orderBy('type')
      .execute(),
    db
      .selectFrom('sanction')
      .select(sql<number>`count(distinct person_id)::int`.as('count'))
      .where('decidedOn', '>=', from)
      .where('decidedOn', '<=', to)
      .where('voidedAt', 'is', null)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('lossRecovery')
      .select(sql<string>`coalesce(sum(amount), 0)::numeric(14,2)::text`.as('total'))
      .where('recoveredOn', '>=', from)
      .where('recoveredOn', '<=', to)
      .where('voidedAt', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    filed: Number(cases.filed),
    closed: Number(cases.closed),
    transferred: Number(cases.transferred),
    sanctions,
    personsSanctioned: Number(persons.count),
    recovered: recovered.total,
  };
}
