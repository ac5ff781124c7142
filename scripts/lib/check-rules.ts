import type { Kysely } from 'kysely';
import type { DisciplineDatabase } from '../../subgraphs/discipline/src/db/database.ts';
import { addDays, describeAssignmentOverlaps, type StoredEngagement, unexplainedCrossBodyOverlaps, UserErrors, type Violation } from '@hub/core';
import { type DisciplineRuleFacts, loadRuleFacts as disciplineFacts } from '../../subgraphs/discipline/src/db/rule-facts.ts';
import { disciplineViolations } from '../../subgraphs/discipline/src/domain/record-rules.ts';
import type { InspectionDatabase } from '../../subgraphs/inspection/src/db/database.ts';
import { type InspectionRuleFacts, loadRuleFacts as inspectionFacts } from '../../subgraphs/inspection/src/db/rule-facts.ts';
import { checkCommissionLeaders } from '../../subgraphs/inspection/src/domain/rectification.ts';
import { inspectionViolations } from '../../subgraphs/inspection/src/domain/record-rules.ts';
import { type CoveragePeriod, checkBriefingGroupOversees } from '../../subgraphs/inspection/src/domain/round.ts';
import type { StationedDatabase } from '../../subgraphs/stationed/src/db/database.ts';
import { loadRuleFacts as stationedFacts, type StationedRuleFacts } from '../../subgraphs/stationed/src/db/rule-facts.ts';
import { stationedViolations } from '../../subgraphs/stationed/src/domain/record-rules.ts';

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
  const stationed = await stationedFacts(dbs.stationed);
  const coverage = await dbs.stationed.selectFrom('groupCoverage').select(['groupId', 'unitCode', 'startOn', 'endOn']).execute();
  const engagements = storedEngagements(inspection, discipline, stationed);
  return [
    ...inspectionViolations(inspection, today),
    // A special inspection's concurrent marks may explain another body's assignments.
    ...disciplineViolations(
      discipline,
      today,
      engagements.filter((e) => e.body !== 'discipline'),
    ),
    ...stationedViolations(stationed, today),
    ...crossBodyViolations(inspection, discipline),
    ...overlapViolations(engagements),
    ...briefingGroupViolations(inspection, coverage),
  ];
}

/**
 * 同期任务 across bodies: a staff member's assignments that two bodies record for the same days
 * (inspection team service, stationed deployments and loans, special-inspection teams), neither
 * marked concurrent with a reason. Named on the later-starting record.
 */
function overlapViolations(engagements: readonly LocatedEngagement[]): Violation[] {
  return unexplainedCrossBodyOverlaps(engagements).map(([earlier, later]) => {
    const at = later as LocatedEngagement;
    const words = describeAssignmentOverlaps([{ engagement: earlier, from: null, to: null }]);
    return {
      body: at.body,
      record: at.record,
      id: at.id,
      field: 'staffId',
      message: `该人员同期另有任务而未注明兼任理由：${words.zh} — the staff member has another engagement at the same time without a concurrent reason: ${words.en}`,
    };
  });
}

type LocatedEngagement = StoredEngagement & { record: string; id: string };

/** Each body's stored assignments of staff as engagements, with the record that holds each. */
function storedEngagements(inspection: InspectionRuleFacts, discipline: DisciplineRuleFacts, stationed: StationedRuleFacts): LocatedEngagement[] {
  const rounds = new Map(inspection.rounds.filter((r) => r.voidedAt == null).map((r) => [r.id, r]));
  const teams = new Map(inspection.teams.map((t) => [t.id, t]));
  const engagements: LocatedEngagement[] = [];
  for (const m of inspection.members) {
    const round = rounds.get(teams.get(m.teamId)?.roundId ?? '');
    if (!round) continue;
    const roundEnd = round.endOn ? addDays(round.endOn, 1) : null;
    const endOn = m.removedOn == null ? roundEnd : roundEnd !== null && roundEnd < m.removedOn ? roundEnd : m.removedOn;
    const e = { staffId: m.staffId, kind: 'INSPECTION_TEAM' as const, referenceId: m.teamId, inspectionTeamId: m.teamId, startOn: round.startOn, endOn };
    engagements.push({ ...e, body: 'inspection', concurrent: m.concurrentReason != null, record: 'InspectionTeam', id: m.teamId });
  }
  const specials = new Map(discipline.specialInspections.filter((s) => s.voidedAt == null).map((s) => [s.id, s]));
  for (const team of discipline.teams) {
    const si = specials.get(team.specialInspectionId);
    if (!si) continue;
    for (const staffId of team.staffIds) {
      const concurrent = discipline.concurrency.some((c) => c.specialInspectionId === si.id && c.staffId === staffId);
      const e = {
        staffId,
        kind: 'SPECIAL_INSPECTION' as const,
        referenceId: team.id,
        inspectionTeamId: null,
        startOn: si.startedOn,
        endOn: si.endedOn ? addDays(si.endedOn, 1) : null,
      };
      engagements.push({ ...e, body: 'discipline', concurrent, record: 'SpecialInspection', id: si.id });
    }
  }
  for (const a of stationed.assignments.filter((a) => a.voidedAt == null)) {
    const kind = a.kind === 'INSPECTION_TEAM' ? ('INSPECTION_LOAN' as const) : ('STATIONED_WORK' as const);
    const e = { staffId: a.staffId, kind, referenceId: a.id, inspectionTeamId: a.inspectionTeamId, startOn: a.startOn, endOn: a.endOn };
    engagements.push({ ...e, body: 'stationed', concurrent: a.concurrentReason != null, record: 'StaffAssignment', id: a.id });
  }
  return engagements;
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
