/**
 * The rules of this body applied to records already stored (the demo district, a seed, an import):
 * each record is put to the same domain checks its input would meet today, so that nothing the hub
 * holds breaks a rule the hub enforces. Plain functions over rows; voided records are left out.
 */
import { addDays, UserErrors, liveRows, type Violation } from '@hub/core';
import { type Stage, STAGES } from '../db/database.ts';
import type { InspectionRuleFacts } from '../db/rule-facts.ts';
import { checkConsultationDate, checkFindingDate, checkTransferDate, checkTransferFeedbackDate } from './findings.ts';
import { checkFollowUp as checkFollowUpRecord, checkMeetingDate, checkPlanReview, checkProgressDate } from './rectification.ts';
import { concurrentServices, needsHomeUnit, recusalGrounds, type RegistryUnit } from './recusal.ts';
import { checkBriefingDate, checkEntry, checkFeedback, checkFollowUp, checkRoundDates, checkTransfer } from './round.ts';

const latest = (dates: readonly string[]) => dates.reduce<string | null>((max, d) => (max === null || d > max ? d : max), null);

export function inspectionViolations(facts: InspectionRuleFacts, today: string): Violation[] {
  const violations: Violation[] = [];
  const check = (record: string, id: string, rule: (problems: UserErrors) => void) => {
    const problems = new UserErrors();
    rule(problems);
    for (const e of problems.errors) violations.push({ body: 'inspection', record, id, field: e.field.slice(1).join('.'), message: e.message });
  };
  const rounds = liveRows(facts.rounds);
  const inspections = liveRows(facts.inspections);
  const stagesOf = new Map<string, Partial<Record<Stage, string>>>();
  for (const c of facts.stageChanges) stagesOf.set(c.roundId, { ...stagesOf.get(c.roundId), [c.stage]: c.enteredOn });
  const roundOfInspection = new Map(inspections.map((i) => [i.id, i.roundId]));
  const stagesOfInspection = (inspectionId: string) => stagesOf.get(roundOfInspection.get(inspectionId) ?? '') ?? {};
  const unitsOfRound = (roundId: string) =>
    inspections.filter((i) => i.roundId === roundId).map((i) => ({ inspectionId: i.id, unitCode: i.unitCode, teamId: i.teamId }));
  const findings = liveRows(facts.findings);
  const findingById = new Map(findings.map((f) => [f.id, f]));
  const members = facts.members.filter((m) => m.removedOn == null);

  for (const round of rounds) {
    check('InspectionRound', round.id, (p) => checkRoundDates(p, round, today));
    const stages = stagesOf.get(round.id) ?? {};
    // Each stage entered on a day not in the future and not before the one before it.
    const reached = STAGES.filter((s) => stages[s] !== undefined);
    check('InspectionRound', round.id, (p) => {
      reached.forEach((stage, i) => {
        const on = stages[stage]!;
        p.check(on <= today, 'BAD_USER_INPUT', ['input', `stageHistory.${stage}`], `阶段日期晚于今天 — ${stage} entered in the future`);
        if (i > 0)
          p.check(
            on >= stages[reached[i - 1]!]!,
            'BAD_USER_INPUT',
            ['input', `stageHistory.${stage}`],
            `阶段日期早于上一阶段 — ${stage} entered before the stage before it`,
          );
        p.check(STAGES.indexOf(stage) === i, 'INVALID_TRANSITION', ['input', `stageHistory.${stage}`], `跳过了阶段 — a stage before ${stage} was skipped`);
      });
      p.check(
        stages.PREPARATION === round.startOn,
        'BAD_USER_INPUT',
        ['input', 'stageHistory.PREPARATION'],
        "巡前准备开始日期应为轮次开始日期 — preparation starts on the round's start",
      );
    });
    const units = unitsOfRound(round.id);
    const ids = new Set(units.map((u) => u.inspectionId));
    if (stages.ENTRY) {
      const teams = new Map<string, { leaders: number; members: number }>();
      for (const m of members) {
        const c = teams.get(m.teamId) ?? { leaders: 0, members: 0 };
        teams.set(m.teamId, { leaders: c.leaders + (m.role === 'LEADER' ? 1 : 0), members: c.members + 1 });
      }
      check('InspectionRound', round.id, (p) =>
        checkEntry(
          p,
          stages.ENTRY!,
          units,
          teams,
          liveRows(facts.briefings).filter((b) => ids.has(b.inspectionId)),
        ),
      );
    }
    if (stages.FEEDBACK)
      check('InspectionRound', round.id, (p) =>
        checkFeedback(p, stages.FEEDBACK!, latest(findings.filter((f) => ids.has(f.inspectionId)).map((f) => f.recordedOn))),
      );
    if (stages.TRANSFER)
      check('InspectionRound', round.id, (p) =>
        checkTransfer(
          p,
          stages.TRANSFER!,
          units,
          new Map(
            liveRows(facts.meetings)
              .filter((m) => ids.has(m.inspectionId))
              .map((m) => [m.inspectionId, m.heldOn]),
          ),
        ),
      );
    if (stages.FOLLOW_UP) {
      const approved = new Set(
        liveRows(facts.plans)
          .filter((pl) => pl.status === 'APPROVED')
          .map((pl) => pl.inspectionId),
      );
      check('InspectionRound', round.id, (p) =>
        checkFollowUp(
          p,
          units,
          approved,
          facts.withoutPlan.filter((w) => ids.has(w.inspectionId)),
        ),
      );
    }
  }

  for (const b of liveRows(facts.briefings)) {
    const stages = stagesOfInspection(b.inspectionId);
    check('Briefing', b.id, (p) =>
      checkBriefingDate(p, b.briefedOn, { preparationStartedOn: stages.PREPARATION ?? b.briefedOn, entryOn: stages.ENTRY ?? null }, today),
    );
  }
  for (const f of findings) {
    const stages = stagesOfInspection(f.inspectionId);
    check('Finding', f.id, (p) => checkFindingDate(p, f.recordedOn, { entryOn: stages.ENTRY ?? null, feedbackOn: stages.FEEDBACK ?? null }, today));
  }
  const consultations = liveRows(facts.consultations);
  for (const c of consultations) {
    const finding = findingById.get(c.findingId);
    if (finding) check('Consultation', c.id, (p) => checkConsultationDate(p, c.heldOn, finding.recordedOn, today));
  }
  for (const t of liveRows(facts.transfers)) {
    const finding = findingById.get(t.findingId);
    if (!finding) continue;
    const consulted = latest(consultations.filter((c) => c.findingId === t.findingId && c.heldOn <= t.transferredOn).map((c) => c.heldOn));
    check('ClueTransfer', t.id, (p) => checkTransferDate(p, t.transferredOn, { recordedOn: finding.recordedOn, latestConsultationOn: consulted }, today));
    if (t.feedbackReceivedOn) check('ClueTransfer', t.id, (p) => checkTransferFeedbackDate(p, t.feedbackReceivedOn!, t.transferredOn, today));
  }
  const meetingOf = new Map(liveRows(facts.meetings).map((m) => [m.inspectionId, m]));
  for (const m of meetingOf.values())
    check('FeedbackMeeting', m.id, (p) => checkMeetingDate(p, m.heldOn, stagesOfInspection(m.inspectionId).FEEDBACK ?? null, today));

  for (const plan of liveRows(facts.plans)) {
    const meeting = meetingOf.get(plan.inspectionId);
    // Submissions and reviews in the order they were recorded: each review after the submission before it.
    const events = [
      ...facts.submissions.filter((s) => s.planId === plan.id).map((s) => ({ kind: 'submission' as const, on: s.submittedOn, at: s.createdAt, id: s.id })),
      ...facts.reviews.filter((r) => r.planId === plan.id).map((r) => ({ kind: r.decision, on: r.reviewedOn, at: r.createdAt, id: r.id })),
    ].sort((a, b) => a.at.getTime() - b.at.getTime() || a.on.localeCompare(b.on));
    let previous: string | null = meeting?.heldOn ?? null;
    check('RectificationPlan', plan.id, (p) => {
      p.check(meeting !== undefined, 'INVALID_TRANSITION', ['input', 'inspectionId'], '整改方案早于反馈会 — a plan without a feedback meeting');
      for (const e of events) {
        if (e.kind === 'submission') {
          p.check(e.on <= today, 'BAD_USER_INPUT', ['input', 'submittedOn'], '报送日期晚于今天 — submitted in the future');
          if (previous)
            p.check(
              e.on >= previous,
              'BAD_USER_INPUT',
              ['input', 'submittedOn'],
              `报送日期早于反馈会或退回日期（${previous}） — submitted before the meeting or the return`,
            );
        } else if (previous) checkPlanReview(p, e.on, previous, today);
        previous = e.on;
      }
    });
    const approvedOn = latest(facts.reviews.filter((r) => r.planId === plan.id && r.decision === 'APPROVED').map((r) => r.reviewedOn));
    for (const item of liveRows(facts.items).filter((i) => i.planId === plan.id)) {
      const reports = liveRows(facts.progress)
        .filter((r) => r.itemId === item.id)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      let before: string | null = null;
      for (const r of reports) {
        check('RectificationProgress', r.id, (p) => checkProgressDate(p, r.reportedOn, { approvedOn, previousReportOn: before }, today));
        before = r.reportedOn;
      }
      check('RectificationItem', item.id, (p) =>
        p.check(
          reports.length === 0 || approvedOn !== null,
          'INVALID_TRANSITION',
          ['input', 'itemId'],
          '方案未审核通过即报告进展 — progress on a plan not approved',
        ),
      );
    }
  }

  for (const f of liveRows(facts.followUps)) {
    const plan = liveRows(facts.plans).find((pl) => pl.inspectionId === f.inspectionId);
    const openItems = plan ? liveRows(facts.items).filter((i) => i.planId === plan.id && i.status !== 'COMPLETED').length : 0;
    check('InspectionFollowUp', f.id, (p) =>
      checkFollowUpRecord(
        p,
        f,
        {
          followUpOn: stagesOfInspection(f.inspectionId).FOLLOW_UP ?? null,
          planApproved: plan?.status === 'APPROVED',
          withoutPlanReason: facts.withoutPlan.find((w) => w.inspectionId === f.inspectionId)?.reason ?? null,
          openItems,
        },
        today,
      ),
    );
  }

  // Team members: home unit known where recusal needs it, no unexcepted recusal, no unexplained concurrent service.
  const registry = new Map<string, RegistryUnit>(facts.units.map((u) => [u.code, u]));
  const roundById = new Map(rounds.map((r) => [r.id, r]));
  const teamById = new Map(liveRows(facts.teams).map((t) => [t.id, t]));
  const serviceOf = (m: (typeof facts.members)[number]) => {
    const round = roundById.get(teamById.get(m.teamId)?.roundId ?? '');
    if (!round) return null;
    const roundEnd = round.endOn ? addDays(round.endOn, 1) : null;
    const endOn = m.removedOn == null ? roundEnd : roundEnd !== null && roundEnd < m.removedOn ? roundEnd : m.removedOn;
    return { teamId: m.teamId, startOn: round.startOn, endOn };
  };
  for (const m of members) {
    const id = `${m.teamId}/${m.staffId}`;
    check('InspectionTeamMember', id, (p) => {
      p.check(
        !needsHomeUnit(m.homeBodyKind) || m.homeUnitCode !== null,
        'BAD_USER_INPUT',
        ['input', 'homeUnitCode'],
        '所在单位未知 — the home unit of a lent member is not known',
      );
      for (const unit of inspections.filter((i) => i.teamId === m.teamId)) {
        const grounds = recusalGrounds(m, unit.unitCode, registry);
        const excepted = facts.exceptions.some((e) => e.teamId === m.teamId && e.staffId === m.staffId && e.unitCode === unit.unitCode);
        p.check(
          grounds.length === 0 || excepted,
          'CONFLICT',
          ['input', 'homeUnitCode'],
          `应当回避的巡察对象 ${unit.unitCode}（${grounds.join(', ')}） — recusal ground without an approved exception`,
        );
      }
      const service = serviceOf(m);
      if (service && m.concurrentReason === null) {
        const mine = facts.members
          .filter((o) => o.staffId === m.staffId && o.teamId !== m.teamId)
          .map(serviceOf)
          .filter((s) => s !== null);
        // The later of two concurrent services carries the reason.
        const earlier = concurrentServices(service, mine).filter(
          (o) => o.startOn < service.startOn || (o.startOn === service.startOn && o.teamId < service.teamId),
        );
        p.check(earlier.length === 0, 'CONFLICT', ['input', 'staffId'], '同期在两个巡察组而未注明兼任理由 — on two teams at once without a reason');
      }
    });
  }
  return violations;
}
