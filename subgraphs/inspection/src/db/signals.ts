import { type Kysely, sql } from 'kysely';
import type { InspectionDatabase } from './database.ts';
import { isRegistrationOverdue, registrationDueOn } from '../domain/signals.ts';

type Db = Kysely<InspectionDatabase>;

/** One record an inspection signal rests on. */
export interface InspectionSignalRow {
  kind: 'RECTIFICATION_OVERDUE' | 'TRANSFER_FEEDBACK_OVERDUE' | 'TRANSFER_NOT_REGISTERED' | 'REPORT_OVERDUE_NO_PLAN' | 'REPEATED_FINDING';
  unitCode: string;
  /** A rectification item, a clue transfer, an inspection (report overdue) or a finding (repeated). */
  recordId: string;
  /**
   * The deadline that passed (item deadline, transfer feedback due date, report due date); for a
   * repeated finding, the day it was recorded; for a transfer not registered, the day it was made
   * (the working-day due date is computed from it in the domain layer: SQL has no calendar).
   */
  dueOn: string;
  /** Transfers not registered: the day discipline registered the clue, if it did (after `asOf`). */
  registeredOn?: string | null;
  /** Repeated findings: their category (the signal is one per category). */
  category: string | null;
}

/**
 * The records behind units' inspection signals, in one statement for many units. Nothing recorded
 * after `asOf` counts, and every window is [since, asOf]:
 * - items of a plan submitted by `asOf`, whose deadline fell in the window and that were not
 *   completed by `asOf`;
 * - clue transfers made in the window whose 3-month feedback was due before `asOf` and had not come;
 * - clue transfers made in the window and not registered by discipline by `asOf` (candidates: the
 *   caller keeps those past the working-day limit, `isRegistrationOverdue`);
 * - inspections whose feedback meeting was held by `asOf`, whose rectification report fell due in
 *   the window, and for which no plan at all had been submitted by `asOf`;
 * - findings recorded in the window in a category the unit had in at least two inspections.
 * Voided records leave signals.
 */
export async function findInspectionSignalRows(db: Db, unitCodes: readonly string[], since: string, asOf: string): Promise<InspectionSignalRow[]> {
  if (unitCodes.length === 0) return [];
  const codes = sql.join(unitCodes.map((code) => sql`${code}`));
  const result = await sql<InspectionSignalRow & { registeredOn: string | null }>`
    select 'RECTIFICATION_OVERDUE' as kind, i.unit_code, ri.id::text as record_id, ri.deadline as due_on, null::text as category, null::date as registered_on
      from rectification_item ri
      join rectification_plan rp on rp.id = ri.plan_id
      join inspection i on i.id = rp.inspection_id
     where i.unit_code in (${codes})
       and ri.deadline >= cast(${since} as date)
       and ri.deadline < cast(${asOf} as date)
       and exists (select 1 from rectification_plan_submission s where s.plan_id = rp.id and s.submitted_on <= cast(${asOf} as date))
       and (ri.completed_on is null or ri.completed_on > cast(${asOf} as date))
       and ri.voided_at is null and rp.voided_at is null and i.voided_at is null
    union all
    select 'TRANSFER_FEEDBACK_OVERDUE', i.unit_code, ct.id::text, ct.feedback_due_on, null, null
      from clue_transfer ct
      join finding f on f.id = ct.finding_id
      join inspection i on i.id = f.inspection_id
     where i.unit_code in (${codes})
       and ct.transferred_on >= cast(${since} as date)
       and ct.transferred_on <= cast(${asOf} as date)
       and ct.feedback_due_on < cast(${asOf} as date)
       and (ct.feedback_received_on is null or ct.feedback_received_on > cast(${asOf} as date))
       and ct.voided_at is null and f.voided_at is null and i.voided_at is null
    union all
    select 'TRANSFER_NOT_REGISTERED', i.unit_code, ct.id::text, ct.transferred_on, null, ct.registered_on
      from clue_transfer ct
      join finding f on f.id = ct.finding_id
      join inspection i on i.id = f.inspection_id
     where i.unit_code in (${codes})
       and ct.transferred_on >= cast(${since} as date)
       and ct.transferred_on < cast(${asOf} as date)
       and (ct.registered_on is null or ct.registered_on > cast(${asOf} as date))
       and ct.voided_at is null and f.voided_at is null and i.voided_at is null
    union all
    select 'REPORT_OVERDUE_NO_PLAN', i.unit_code, i.id::text, fm.report_due_on, null, null
      from feedback_meeting fm
      join inspection i on i.id = fm.inspection_id
     where i.unit_code in (${codes})
       and fm.held_on <= cast(${asOf} as date)
       and fm.report_due_on >= cast(${since} as date)
       and fm.report_due_on < cast(${asOf} as date)
       and fm.voided_at is null and i.voided_at is null
       and not exists (
         select 1 from rectification_plan rp join rectification_plan_submission s on s.plan_id = rp.id
          where rp.inspection_id = i.id and rp.voided_at is null and s.submitted_on <= cast(${asOf} as date))
    union all
    select 'REPEATED_FINDING', i.unit_code, f.id::text, f.recorded_on, f.category::text, null
      from finding f
      join inspection i on i.id = f.inspection_id
     where i.unit_code in (${codes})
       and f.recorded_on >= cast(${since} as date)
       and f.recorded_on <= cast(${asOf} as date)
       and f.voided_at is null and i.voided_at is null
       and (select count(distinct f2.inspection_id) from finding f2 join inspection i2 on i2.id = f2.inspection_id
             where i2.unit_code = i.unit_code and f2.category = f.category
               and f2.recorded_on >= cast(${since} as date) and f2.recorded_on <= cast(${asOf} as date)
               and f2.voided_at is null and i2.voided_at is null) >= 2
    order by 1, 2, 5, 4, 3`.execute(db);
  // A transfer not registered counts once past the working-day limit; its due day replaces the transfer day.
  return result.rows.flatMap((row) => {
    if (row.kind !== 'TRANSFER_NOT_REGISTERED') return [row];
    if (!isRegistrationOverdue({ transferredOn: row.dueOn, registeredOn: row.registeredOn }, asOf)) return [];
    return [{ ...row, dueOn: registrationDueOn(row.dueOn) }];
  });
}
