import type { Kysely } from 'kysely';
import type { DisciplineDatabase } from '../../subgraphs/discipline/src/db/database.ts';
import { UserErrors } from '@hub/core';
import { type DisciplineRuleFacts, loadRuleFacts as disciplineFacts } from '../../subgraphs/discipline/src/db/rule-facts.ts';
import { disciplineViolations } from '../../subgraphs/discipline/src/domain/record-rules.ts';
import type { InspectionDatabase } from '../../subgraphs/inspection/src/db/database.ts';
import { type InspectionRuleFacts, loadRuleFacts as inspectionFacts } from '../../subgraphs/inspection/src/db/rule-facts.ts';
import { checkCommissionLeaders } from '../../subgraphs/inspection/src/domain/rectification.ts';
import { inspectionViolations, type Violation } from '../../subgraphs/inspection/src/domain/record-rules.ts';
import { type CoveragePeriod, checkBriefingGroupOversees } from '../../subgraphs/inspection/src/domain/round.ts';
import type { StationedDatabase } from '../../subgraphs/stationed/src/db/database.ts';

export type { Violation };

/**
 * Puts every stored record of each body to that body's domain rules (the ones its mutations enforce),
 * reading each body's own database. Returns the violations, empty when every record obeys the rules.
 */
export async function checkRules(
  dbs: { inspection: Kysely<InspectionDatabase>; discipline: Kysely<DisciplineDatabase>; stationed: Kysely<StationedDatabase> },
  today: string,
): Promise<Violation[]> {
  const inspection = await inspectionFacts(dbs.inspection);
  const discipline = await disciplineFacts(dbs.discipline);
  const coverage = await dbs.stationed.selectFrom('groupCoverage').select(['groupId', 'unitCode', 'startOn', 'endOn']).execute();
  return [
    ...inspectionViolations(inspection, today),
    ...disciplineViolations(discipline, today),
    ...crossBodyViolations(inspection, discipline),
    ...briefingGroupViolations(inspection, coverage),
  ];
}

/** A stationed group's briefing (巡前通报) is on a unit the group oversaw on the briefing date (stationed's coverage). */
function briefingGroupViolations(inspection: InspectionRuleFacts, coverage: (CoveragePeriod & { groupId: string })[]): Violation[] {
  const unitOf = new Map(inspection.inspections.map((i) => [i.id, i.unitCode] as const));
  const violations: Violation[] = [];
  for (const briefing of inspection.briefings) {
    if (briefing.voidedAt != null || briefing.body !== 'STATIONED_GROUP' || !briefing.stationedGroupId) continue;
    const problems = new UserErrors();
    const unitCode = unitOf.get(briefing.inspectionId) ?? '';
    checkBriefingGroupOversees(
      problems,
      coverage.filter((c) => c.groupId === briefing.stationedGroupId),
      unitCode,
      briefing.briefedOn,
    );
    for (const e of problems.errors)
      violations.push({ body: 'inspection', record: 'Briefing', id: briefing.id, field: e.field.slice(1).join('.'), message: e.message });
  }
  return violations;
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
