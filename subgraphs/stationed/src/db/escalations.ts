import { type Kysely, sql } from 'kysely';
import { countParentRows, DATE_ID_KEY, findParentPages, keysetPage, pageKey, type PageWindow } from '@hub/core';
import type { Escalation, StationedDatabase } from './database.ts';
import { type RecordVisibility, visibleTo } from './visibility.ts';

type Db = Kysely<StationedDatabase>;

export interface EscalationFilter {
  groupId?: string | null | undefined;
  unitCode?: string | null | undefined;
  inspectionRoundId?: string | null | undefined;
  inspectionTeamId?: string | null | undefined;
  escalatedFrom?: string | null | undefined;
  escalatedTo?: string | null | undefined;
}

/** Stationed visibility, plus escalations addressed to the viewer's inspection teams. */
function visibleEscalations(visibility: RecordVisibility) {
  if (visibility.all || visibility.inspectionTeamIds.length === 0) return visibleTo(visibility);
  return sql<boolean>`(${visibleTo(visibility)} or inspection_team_id in (${sql.join(visibility.inspectionTeamIds)}))`;
}

function filtered(db: Db, filter: EscalationFilter, visibility: RecordVisibility) {
  let query = db.selectFrom('escalation').where(visibleEscalations(visibility));
  if (filter.groupId) query = query.where('groupId', '=', filter.groupId);
  if (filter.unitCode) query = query.where('unitCode', '=', filter.unitCode);
  if (filter.inspectionRoundId) query = query.where('inspectionRoundId', '=', filter.inspectionRoundId);
  if (filter.inspectionTeamId) query = query.where('inspectionTeamId', '=', filter.inspectionTeamId);
  if (filter.escalatedFrom) query = query.where('escalatedOn', '>=', filter.escalatedFrom);
  if (filter.escalatedTo) query = query.where('escalatedOn', '<=', filter.escalatedTo);
  return query;
}

export const escalationKey = (e: Escalation) => pageKey(e.escalatedOn, e.id);

/** Escalations newest first; the page key is "escalatedOn|id". */
export async function listEscalations(db: Db, filter: EscalationFilter, visibility: RecordVisibility, window: PageWindow): Promise<Escalation[]> {
  const query = filtered(db, filter, visibility).selectAll();
  return keysetPage(query, window, { columns: ['escalatedOn', 'id'], keys: DATE_ID_KEY, order: 'desc' }).execute();
}

export async function countEscalations(db: Db, filter: EscalationFilter, visibility: RecordVisibility): Promise<number> {
  const row = await filtered(db, filter, visibility)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findEscalationsByIds(db: Db, ids: readonly string[]): Promise<Escalation[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('escalation').selectAll().where('id', 'in', ids).execute();
}

export async function findEscalationsByColumn(db: Db, column: 'issueId' | 'unitCode' | 'groupId', keys: readonly string[]): Promise<Escalation[]> {
  if (keys.length === 0) return [];
  return db.selectFrom('escalation').selectAll().where(column, 'in', keys).orderBy('escalatedOn', 'desc').orderBy('id', 'desc').execute();
}

const escalationsOf = (db: Db, parent: 'unitCode' | 'groupId', keys: readonly string[]) => db.selectFrom('escalation').selectAll().where(parent, 'in', keys);

/** A page of each unit's or group's escalations, newest first, in one statement for all parents. */
export function findEscalationPagesByParents(db: Db, parent: 'unitCode' | 'groupId', keys: readonly string[], window: PageWindow): Promise<Escalation[]> {
  return findParentPages(db, escalationsOf(db, parent, keys), window, { parent, columns: ['escalatedOn', 'id'], keys: DATE_ID_KEY, order: 'desc' });
}

export function countEscalationsByParents(db: Db, parent: 'unitCode' | 'groupId', keys: readonly string[]) {
  return countParentRows(db, escalationsOf(db, parent, keys), parent);
}

export async function insertEscalation(db: Db, escalation: Omit<Escalation, 'createdAt'>): Promise<void> {
  await db.insertInto('escalation').values(escalation).execute();
}
