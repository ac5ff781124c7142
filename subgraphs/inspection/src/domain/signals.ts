/**
 * The rules behind inspection's signals that need more than SQL: plain functions, no database.
 */
import { OFFICIAL_CALENDAR_YEARS, WorkingCalendar } from '@hub/core';

/**
 * 移交线索登记时限（工作日） — a transferred clue should be registered (受理登记) by the receiving body
 * within this many working days of the transfer. No provision the hub holds (DESIGN §7, the deadline
 * table in @hub/core) sets this limit, so it is a signal threshold, not a statutory deadline: 15
 * working days, the limit within which the commission must tell a named reporter whether a report was
 * accepted (《纪检监察机关处理检举控告工作规则》, PETITION_ACKNOWLEDGE) — a clue handed over by an
 * inspection team should not wait longer to be accepted than a citizen's report does.
 */
export const TRANSFER_REGISTRATION_WORKING_DAYS = 15;

/**
 * The working-day calendar inspection counts with: the official years built into @hub/core. Discipline
 * owns the calendar table (a leader may load a newer notice there); a year not built in is counted
 * Monday–Friday, as the deadline engine does for any year not loaded.
 */
const CALENDAR = new WorkingCalendar(OFFICIAL_CALENDAR_YEARS);

/** The last day a transferred clue may be registered without a signal. */
export function registrationDueOn(transferredOn: string, calendar: WorkingCalendar = CALENDAR): string {
  return calendar.addWorkingDays(transferredOn, TRANSFER_REGISTRATION_WORKING_DAYS).date;
}

/**
 * 移交线索逾期未登记: made on or before `asOf`, not registered by `asOf`, and more than
 * TRANSFER_REGISTRATION_WORKING_DAYS working days old on `asOf` (the due day itself is still in time).
 */
export function isRegistrationOverdue(
  transfer: { transferredOn: string; registeredOn: string | null },
  asOf: string,
  calendar: WorkingCalendar = CALENDAR,
): boolean {
  if (transfer.transferredOn > asOf) return false;
  if (transfer.registeredOn !== null && transfer.registeredOn <= asOf) return false;
  return registrationDueOn(transfer.transferredOn, calendar) < asOf;
}
