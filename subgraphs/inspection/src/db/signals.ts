import { type Kysely, sql } from 'kysely';
import type { InspectionDatabase } from './database.ts';

type Db = Kysely<InspectionDatabase>;

/** One record an inspection signal rests on. */
export interface InspectionSignalRow {
  kind: 'RECTIFICATION_OVERDUE' | 'TRANSFER_FEEDBACK_OVERDUE';
  unitCode: string;
  recordId: string;
  /** The deadline that passed: the item's deadline, or the transfer's feedback due date. */
  dueOn: string;
}

/**
 * The records behind units' inspection signals, in one statement for many units: rectification
 * items past their deadline and not completed on `asOf` (whenever their deadline fell: they are
 * still open), and clue transfers made on or after `since` whose feedback (3 months) was due
 * before `asOf` and had not come by then. Voided records leave signals.
 */
export async function findInspectionSignalRows(db: Db, unitCodes: readonly string[], since: string, asOf: string): Promise<InspectionSignalRow[]> {
  if (unitCodes.length === 0) return [];
  const codes = sql.join(unitCodes.map((code) => sql`${code}`));
  const result = await sql<InspectionSignalRow>`
    select 'RECTIFICATION_OVERDUE' as kind, i.unit_code, ri.id::text as record_id, ri.deadline as due_on
      from rectification_item ri
      join rectification_plan rp on rp.id = ri.plan_id
      join inspection i on i.id = rp.inspection_id
     where i.unit_code in (${codes})
       and ri.deadline < cast(${asOf} as date)
       and (ri.completed_on is null or ri.completed_on > cast(${asOf} as date))
       and ri.voided_at is null and rp.voided_at is null and i.voided_at is null
    union all
    select 'TRANSFER_FEEDBACK_OVERDUE', i.unit_code, ct.id::text, ct.feedback_due_on
      from clue_transfer ct
      join finding f on f.id = ct.finding_id
      join inspection i on i.id = f.inspection_id
     where i.unit_code in (${codes})
       and ct.transferred_on >= cast(${since} as date)
       and ct.feedback_due_on < cast(${asOf} as date)
       and (ct.feedback_received_on is null or ct.feedback_received_on > cast(${asOf} as date))
       and ct.voided_at is null and f.voided_at is null and i.voided_at is null
    order by 1, 2, 4, 3`.execute(db);
  return result.rows;
}
