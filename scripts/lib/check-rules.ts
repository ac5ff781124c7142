import type { Kysely } from 'kysely';
import type { DisciplineDatabase } from '../../subgraphs/discipline/src/db/database.ts';
import { UserErrors } from '@hub/core';
import { type DisciplineRuleFacts, loadRuleFacts as disciplineFacts } from '../../subgraphs/discipline/src/db/rule-facts.ts';
import { disciplineViolations } from '../../subgraphs/discipline/src/domain/record-rules.ts';
import type { InspectionDatabase } from '../../subgraphs/inspection/src/db/database.ts';
import { type InspectionRuleFacts, loadRuleFacts as inspectionFacts } from '../../subgraphs/inspection/src/db/rule-facts.ts';
import { checkCommissionLeaders } from '../../subgraphs/inspection/src/domain/rectification.ts';
import { inspectionViolations, type Violation } from '../../subgraphs/inspection/src/domain/record-rules.ts';

export type { Violation };

/**
 * Puts every stored record of each body to that body's domain rules (the ones its mutations enforce),
 * reading each body's own database. Returns the violations, empty when every record obeys the rules.
 */
export async function checkRules(dbs: { inspection: Kysely<InspectionDatabase>; discipline: Kysely<DisciplineDatabase> }, today: string): Promise<Violation[]> {
  const inspection = await inspectionFacts(dbs.inspection);
  const discipline = await disciplineFacts(dbs.discipline);
  return [...inspectionViolations(inspection, today), ...disciplineViolations(discipline, today), ...crossBodyViolations(inspection, discipline)];
}

/**
 * Rules whose facts two bodies own (offline, this script may read both): the commission leader at a
 * feedback meeting is a staff member discipline records as a commission leader.
 */
function crossBodyViolations(inspection: InspectionRuleFacts, discipline: DisciplineRuleFacts): Violation[] {
  const leaders = new Set(discipline.staff.filter((s) => s.commissionLeader).map((s) => s.id));
  const violations: Violation[] = [];
  for (const meeting of inspection.meetings.filter((m) => m.voidedAt == null)) {
    const problems = new UserErrors();
    checkCommissionLeaders(
      problems,
      inspection.attendees.filter((a) => a.meetingId === meeting.id),
      (staffId) => leaders.has(staffId),
    );
    for (const e of problems.errors)
      violations.push({ body: 'inspection', record: 'FeedbackMeeting', id: meeting.id, field: e.field.slice(1).join('.'), message: e.message });
  }
  return violations;
}
