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
  // The units' inspections first, once (a materialized CTE: a handful of rows, by the unit index), and
  // their findings (by the finding's inspection index); every branch then follows keys from them.
  // Without the first, the prepared statement's generic plan guessed the date windows' selectivity and
  // scanned the inspections once per feedback meeting; without the second, it started the transfer
  // branches from every clue transfer in the date window and looked up each one's finding (at ×100,
  // 490 buffer reads instead of 100; 0.5 against 0.7 ms of the server's CPU).
  const result = await sql<InspectionSignalRow & { registeredOn: string | null }>`
    with unit_inspection as materialized (
      select i.id, i.unit_code from inspection i where i.unit_code in (${codes}) and i.voided_at is null
    ),
    unit_finding as materialized (
      select f.id, i.unit_code from unit_inspection i join finding f on f.inspection_id = i.id
       where f.inspection_id = any (array(select id from unit_inspection)) and f.voided_at is null
    ),
    unit_transfer as materialized (
      select ct.id, f.unit_code, ct.transferred_on, ct.feedback_due_on, ct.feedback_received_on, ct.registered_on
        from unit_finding f join clue_transfer ct on ct.finding_id = f.id
       where ct.finding_id = any (array(select id from unit_finding)) and ct.voided_at is null
    )
    select 'RECTIFICATION_OVERDUE' as kind, i.unit_code, ri.id::text as record_id, ri.deadline as due_on, null::text as category, null::date as registered_on
      from unit_inspection i
      join rectification_plan rp on rp.inspection_id = i.id
      join rectification_item ri on ri.plan_id = rp.id
     where rp.inspection_id = any (array(select id from unit_inspection))
       and ri.deadline >= cast(${since} as date)
       and ri.deadline < cast(${asOf} as date)
       and exists (select 1 from rectification_plan_submission s where s.plan_id = rp.id and s.submitted_on <= cast(${asOf} as date))
       and (ri.completed_on is null or ri.completed_on > cast(${asOf} as date))
       and ri.voided_at is null and rp.voided_at is null
    union all
    select 'TRANSFER_FEEDBACK_OVERDUE', ct.unit_code, ct.id::text, ct.feedback_due_on, null, null
      from unit_transfer ct
     where ct.transferred_on >= cast(${since} as date)
       and ct.transferred_on <= cast(${asOf} as date)
       and ct.feedback_due_on < cast(${asOf} as date)
       and (ct.feedback_received_on is null or ct.feedback_received_on > cast(${asOf} as date))
    union all
    select 'TRANSFER_NOT_REGISTERED', ct.unit_code, ct.id::text, ct.transferred_on, null, ct.registered_on
      from unit_transfer ct
     where ct.transferred_on >= cast(${since} as date)
       and ct.transferred_on < cast(${asOf} as date)
       and (ct.registered_on is null or ct.registered_on > cast(${asOf} as date))
    union all
    select 'REPORT_OVERDUE_NO_PLAN', i.unit_code, i.id::text, fm.report_due_on, null, null
      from unit_inspection i
      join feedback_meeting fm on fm.inspection_id = i.id
     where fm.inspection_id = any (array(select id from unit_inspection))
       and fm.held_on <= cast(${asOf} as date)
       and fm.report_due_on >= cast(${since} as date)
       and fm.report_due_on < cast(${asOf} as date)
       and fm.voided_at is null
       and not exists (
         select 1 from rectification_plan rp join rectification_plan_submission s on s.plan_id = rp.id
          where rp.inspection_id = i.id and rp.voided_at is null and s.submitted_on <= cast(${asOf} as date))
    union all
    -- A category recorded in at least two of the unit's inspections: its findings' first and last
    -- inspection differ (one pass over the unit's findings in the window, not a count per finding).
    select 'REPEATED_FINDING', repeated.unit_code, repeated.record_id, repeated.recorded_on, repeated.category, null
      from (
        select i.unit_code, f.id::text as record_id, f.recorded_on, f.category::text as category,
               min(f.inspection_id::text) over unit_category as first_inspection, max(f.inspection_id::text) over unit_category as last_inspection
          from unit_inspection i
          join finding f on f.inspection_id = i.id
         where f.inspection_id = any (array(select id from unit_inspection))
           and f.recorded_on >= cast(${since} as date)
           and f.recorded_on <= cast(${asOf} as date)
           and f.voided_at is null
        window unit_category as (partition by i.unit_code, f.category)) repeated
     where repeated.first_inspection <> repeated.last_inspection
    order by 1, 2, 5, 4, 3`.execute(db);
  // A transfer not registered counts once past the working-day limit; its due day replaces the transfer day.
  return result.rows.flatMap((row) => {
    if (row.kind !== 'TRANSFER_NOT_REGISTERED') return [row];
    if (!isRegistrationOverdue({ transferredOn: row.dueOn, registeredOn: row.registeredOn }, asOf)) return [];
    return [{ ...row, dueOn: registrationDueOn(row.dueOn) }];
  });
}
