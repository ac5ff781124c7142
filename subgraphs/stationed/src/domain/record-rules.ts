/**
 * The rules of this body applied to records already stored (the demo district, a seed, an import):
 * each record is put to the same domain checks its input would meet today, so that nothing the hub
 * holds breaks a rule the hub enforces. Plain functions over rows; voided records are left out.
 */
import { checkNotInFuture, UserErrors, liveRows, type Violation } from '@hub/core';
import type { StationedRuleFacts } from '../db/rule-facts.ts';
import { checkDeploymentPeriod, checkOneDeploymentAtATime } from './assignments.ts';
import { checkOverseenOn, type CoveragePeriod, overlappingCoverage } from './coverage.ts';
import { checkMembershipEnd, overlappingLeaders } from './groups.ts';
import { checkStoredIssue } from './issues.ts';

export function stationedViolations(facts: StationedRuleFacts, today: string): Violation[] {
  const violations: Violation[] = [];
  const check = (record: string, id: string, rule: (problems: UserErrors) => void) => {
    const problems = new UserErrors();
    rule(problems);
    for (const e of problems.errors) violations.push({ body: 'stationed', record, id, field: e.field.slice(1).join('.'), message: e.message });
  };

  // Coverage: one group at a time per unit, each period ending after it starts.
  const coverageOf = new Map<string, CoveragePeriod[]>();
  for (const c of facts.coverage) coverageOf.set(c.unitCode, [...(coverageOf.get(c.unitCode) ?? []), c]);
  for (const [unitCode, history] of coverageOf) {
    check('GroupCoverage', unitCode, (p) => {
      for (const c of history)
        p.check(c.endOn === null || c.endOn > c.startOn, 'BAD_USER_INPUT', ['input', 'endOn'], '结束日期须晚于起始日期 — endOn must be after startOn');
      for (const [a, b] of overlappingCoverage(history))
        p.add('CONFLICT', ['input', 'startOn'], `单位同时由两个派驻纪检组监督（${a.startOn}、${b.startOn} 起） — two groups oversee the unit at the same time`);
    });
  }

  // Membership: one sitting leader per group; each membership ends after it starts.
  for (const group of liveRows(facts.groups)) {
    const members = facts.members.filter((m) => m.groupId === group.id);
    check('StationedGroup', group.id, (p) => {
      for (const m of members.filter((m) => m.endOn !== null)) checkMembershipEnd(p, m, m.endOn!);
      for (const [a, b] of overlappingLeaders(members))
        p.add('CONFLICT', ['input', 'members'], `同时有两名组长（${a.startOn}、${b.startOn} 起） — two leaders sit at the same time`);
    });
  }

  // Records about a unit: dated not in the future, on a day the group oversaw the unit.
  const overseen = (record: string, row: { id: string; groupId: string; unitCode: string }, day: string, field: string) =>
    check(record, row.id, (p) => {
      checkNotInFuture(p, day, ['input', field], today);
      checkOverseenOn(p, coverageOf.get(row.unitCode) ?? [], row.groupId, day);
    });
  for (const a of liveRows(facts.activities)) overseen('SupervisionActivity', a, a.heldOn, 'heldOn');
  for (const e of liveRows(facts.entries)) overseen('IntegrityFileEntry', e, e.recordedOn, 'recordedOn');
  for (const n of liveRows(facts.notes)) overseen('RectificationSupervisionNote', n, n.notedOn, 'notedOn');

  // Issues: state and dates agree with the record (OPEN → ESCALATED → RESOLVED).
  const escalations = liveRows(facts.escalations);
  for (const issue of liveRows(facts.issues)) {
    const escalation = escalations.find((e) => e.issueId === issue.id);
    check('SupervisionIssue', issue.id, (p) => checkStoredIssue(p, issue, escalation?.escalatedOn ?? null, today));
  }

  // Deployments: a period, one at a time per staff member.
  const assignments = liveRows(facts.assignments);
  for (const [i, a] of assignments.entries()) {
    check('StaffAssignment', a.id, (p) => {
      checkDeploymentPeriod(p, a);
      const earlier = assignments
        .slice(0, i)
        .find((o) => o.staffId === a.staffId && o.startOn < a.endOn && o.endOn > a.startOn && (o.startOn < a.startOn || o.id < a.id));
      checkOneDeploymentAtATime(p, earlier);
    });
  }
  return violations;
}
