import { type RawBuilder, sql } from 'kysely';

/**
 * Which stationed records a list may return to a viewer (DESIGN §6): everything for leaders,
 * else records of the viewer's groups and of the units those groups oversee on `today`.
 */
export type RecordVisibility = { all: true } | { all: false; groupIds: string[]; today: string; inspectionTeamIds: string[] };

/** SQL condition on a table with `group_id` and `unit_code` columns (optionally aliased). */
export function visibleTo(visibility: RecordVisibility, alias?: string): RawBuilder<boolean> {
  if (visibility.all) return sql<boolean>`true`;
  if (visibility.groupIds.length === 0) return sql<boolean>`false`;
  const column = (name: string) => sql.ref(alias ? `${alias}.${name}` : name);
  const ids = sql.join(visibility.groupIds);
  return sql<boolean>`(${column('groupId')} in (${ids}) or ${column('unitCode')} in (
    select gc.unit_code from group_coverage gc
    where gc.group_id in (${ids}) and gc.start_on <= ${visibility.today} and (gc.end_on is null or gc.end_on > ${visibility.today})))`;
}
