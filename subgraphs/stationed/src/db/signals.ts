import { type Kysely, sql } from 'kysely';
import type { StationedDatabase } from './database.ts';

type Db = Kysely<StationedDatabase>;

/** One record a stationed signal rests on. */
export interface StationedSignalRow {
  kind: 'LONG_OPEN_ISSUES' | 'ESCALATED_TO_INSPECTION';
  unitCode: string;
  recordId: string;
  /** When the issue was found, or when it was escalated. */
  onDate: string;
}

/**
 * The records behind units' stationed signals, in one statement for many units: issues found on or
 * after `since` still open on `asOf` and at least `openDays` days old then, and escalations to
 * inspection made between `since` and `asOf`. Voided records leave signals.
 */
export async function findStationedSignalRows(
  db: Db,
  unitCodes: readonly string[],
  since: string,
  asOf: string,
  openDays: number,
): Promise<StationedSignalRow[]> {
  if (unitCodes.length === 0) return [];
  const codes = sql.join(unitCodes.map((code) => sql`${code}`));
  const result = await sql<StationedSignalRow>`
    select 'LONG_OPEN_ISSUES' as kind, si.unit_code, si.id::text as record_id, si.found_on as on_date
      from supervision_issue si
     where si.unit_code in (${codes})
       and si.found_on >= cast(${since} as date)
       and si.found_on <= cast(${asOf} as date) - cast(${openDays} as integer)
       and si.status <> 'ESCALATED'
       and (si.resolved_on is null or si.resolved_on > cast(${asOf} as date))
       and si.voided_at is null
    union all
    select 'ESCALATED_TO_INSPECTION', e.unit_code, e.id::text, e.escalated_on
      from escalation e
     where e.unit_code in (${codes})
       and e.escalated_on >= cast(${since} as date) and e.escalated_on <= cast(${asOf} as date)
       and e.voided_at is null
    order by 1, 2, 4, 3`.execute(db);
  return result.rows;
}
