/**
 * Which deadlines each discipline record owes, as plain functions over rows: the limits and the
 * counting come from the engine in @hub/core (DEADLINE_RULES); nothing here counts a day by hand.
 */
import { type Deadline, DEADLINE_RULES, type DueItem, dueDate, isOverdue, type WorkingCalendar } from '@hub/core';
import type { Petition } from '../db/database.ts';

export interface OwedStep {
  deadline: Deadline;
  doneOn: string | null;
}

/** 转办 / 告知: the steps a petition owes, each with the day it was done (if it was). */
export function petitionSteps(
  p: Pick<Petition, 'receivedOn' | 'named' | 'outOfJurisdiction' | 'forwardedOn' | 'acknowledgedOn'>,
  calendar: WorkingCalendar,
): OwedStep[] {
  const steps: OwedStep[] = [];
  if (p.outOfJurisdiction) steps.push({ deadline: dueDate('PETITION_FORWARD', p.receivedOn, calendar), doneOn: p.forwardedOn });
  if (p.named) steps.push({ deadline: dueDate('PETITION_ACKNOWLEDGE', p.receivedOn, calendar), doneOn: p.acknowledgedOn });
  return steps;
}

/** The detention's last day as it stood on `asOf`: the extension counts once it was decided. */
export function detentionDeadline(d: { startedOn: string; extendedMonths: number | null; extendedOn: string | null }, asOf: string): Deadline {
  const extended = d.extendedOn !== null && d.extendedOn <= asOf ? (d.extendedMonths ?? 0) : 0;
  return dueDate('DETENTION', d.startedOn, null, extended);
}

/** The done day as known on `asOf`: a step done later was still open then. */
export const doneBy = (doneOn: string | null, asOf: string) => (doneOn !== null && doneOn <= asOf ? doneOn : null);

/**
 * A due item when the step was open on `asOf` and falls due by `dueBy` (overdue ones included);
 * null otherwise.
 */
export function dueItem(
  step: OwedStep,
  asOf: string,
  dueBy: string,
  record: Omit<DueItem, 'deadline' | 'doneOn' | 'overdue' | 'owningBody' | 'owner'> & { owner?: string | null },
): DueItem | null {
  if (doneBy(step.doneOn, asOf) !== null || step.deadline.dueOn > dueBy) return null;
  return {
    ...record,
    owner: record.owner ?? DEADLINE_RULES[step.deadline.rule].owner,
    owningBody: 'DISCIPLINE',
    deadline: step.deadline,
    doneOn: null,
    overdue: isOverdue(step.deadline, null, asOf),
  };
}
