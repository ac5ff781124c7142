/**
 * The rules of this body applied to records already stored (the demo district, a seed, an import):
 * each record is put to the same checks its input would meet today. Plain functions over rows;
 * voided records are left out.
 */
import { type StaffEngagement, addDays, checkNotBefore, checkNotInFuture, UserErrors, liveRows, type Violation } from '@hub/core';
import type { DisciplineRuleFacts } from '../db/rule-facts.ts';
import { checkHandlingDepartment } from './clues.ts';
import { checkCheckDate, checkSpecialInspectionStaffing } from './special-inspections.ts';

export function disciplineViolations(facts: DisciplineRuleFacts, today: string, otherBodies: readonly StaffEngagement[] = []): Violation[] {
  const violations: Violation[] = [];
  const check = (record: string, id: string, rule: (problems: UserErrors) => void) => {
    const problems = new UserErrors();
    rule(problems);
    for (const e of problems.errors) violations.push({ body: 'discipline', record, id, field: e.field.slice(1).join('.'), message: e.message });
  };
  const at = (name: string) => ['input', name];

  for (const p of liveRows(facts.petitions)) {
    check('Petition', p.id, (problems) => {
      checkNotInFuture(problems, p.receivedOn, at('receivedOn'), today);
      for (const [name, on] of [
        ['forwardedOn', p.forwardedOn],
        ['acknowledgedOn', p.acknowledgedOn],
      ] as const) {
        checkNotInFuture(problems, on, at(name), today);
        checkNotBefore(problems, on, p.receivedOn, at(name), { zh: '受理日期', en: 'the receipt' });
      }
    });
  }
  const departments = new Map(facts.departments.map((d) => [d.id, d]));
  const petitions = new Map(facts.petitions.map((p) => [p.id, p]));
  const clues = new Map(liveRows(facts.clues).map((c) => [c.id, c]));
  for (const c of clues.values()) {
    check('Clue', c.id, (problems) => {
      const department = c.handlerDepartmentId ? departments.get(c.handlerDepartmentId) : undefined;
      if (department) checkHandlingDepartment(problems, department, c.source, ['input', 'handler', 'departmentId']);
      checkNotInFuture(problems, c.receivedOn, at('receivedOn'), today);
      checkNotBefore(problems, c.receivedOn, c.petitionId ? petitions.get(c.petitionId)?.receivedOn : null, at('receivedOn'), {
        zh: '信访件受理日期',
        en: "the petition's receipt",
      });
      for (const [name, on] of [
        ['escalatedOn', c.escalatedOn],
        ['disposedOn', c.disposedOn],
      ] as const) {
        checkNotInFuture(problems, on, at(name), today);
        checkNotBefore(problems, on, c.receivedOn, at(name), { zh: '受理日期', en: 'the receipt' });
      }
      checkNotInFuture(problems, c.resultReportedOn, at('reportedOn'), today);
      checkNotBefore(problems, c.resultReportedOn, c.disposedOn, at('reportedOn'), { zh: '处置日期', en: 'the disposal' });
    });
  }
  const cases = new Map(liveRows(facts.cases).map((c) => [c.id, c]));
  for (const c of cases.values()) {
    const clue = clues.get(c.clueId);
    check('Case', c.id, (problems) => {
      problems.check(
        clue?.disposalMethod === 'PRELIMINARY_VERIFICATION',
        'INVALID_TRANSITION',
        at('clueId'),
        '只有经初步核实的线索可以立案 — filed from a clue not disposed by preliminary verification',
      );
      const steps = [
        ['filedOn', c.filedOn, clue?.disposedOn, '线索处置日期', "the clue's disposal"],
        ['investigationStartedOn', c.investigationStartedOn, c.filedOn, '立案日期', 'the filing'],
        ['trialStartedOn', c.trialStartedOn, c.investigationStartedOn, '审查调查开始日期', 'the investigation'],
        ['closedOn', c.closedOn, c.trialStartedOn, '审理开始日期', 'the trial'],
        ['transferredOn', c.transferredToProcuratorateOn, c.trialStartedOn, '审理开始日期', 'the trial'],
      ] as const;
      for (const [name, on, earliest, zh, en] of steps) {
        checkNotInFuture(problems, on, at(name), today);
        checkNotBefore(problems, on, earliest, at(name), { zh, en });
      }
    });
  }
  for (const d of facts.detentions) {
    const c = cases.get(d.caseId);
    check('Detention', d.id, (problems) => {
      checkNotInFuture(problems, d.startedOn, at('startedOn'), today);
      checkNotBefore(problems, d.startedOn, c?.investigationStartedOn, at('startedOn'), { zh: '审查调查开始日期', en: 'the investigation' });
      checkNotInFuture(problems, d.endedOn, at('endedOn'), today);
      checkNotBefore(problems, d.endedOn, d.startedOn, at('endedOn'), { zh: '留置开始日期', en: 'the detention' });
      problems.check(d.endedOn === null || d.endedOn <= d.lastDayOn, 'LIMIT_EXCEEDED', at('endedOn'), '留置超过期限 — detention beyond its period');
    });
  }
  for (const r of liveRows(facts.recoveries)) {
    check('LossRecovery', r.id, (problems) => {
      checkNotInFuture(problems, r.recoveredOn, at('recoveredOn'), today);
      checkNotBefore(problems, r.recoveredOn, cases.get(r.caseId)?.filedOn, at('recoveredOn'), { zh: '立案日期', en: 'the filing' });
    });
  }
  for (const s of liveRows(facts.sanctions)) {
    const c = cases.get(s.caseId);
    check('Sanction', s.id, (problems) => {
      problems.check(c?.trialStartedOn != null, 'INVALID_TRANSITION', at('caseId'), '处分早于审理 — a sanction on a case not tried');
      checkNotInFuture(problems, s.decidedOn, at('decidedOn'), today);
      checkNotBefore(problems, s.decidedOn, c?.trialStartedOn, at('decidedOn'), { zh: '审理开始日期', en: 'the trial' });
      checkNotInFuture(problems, s.announcedOn, at('announcedOn'), today);
      checkNotBefore(problems, s.announcedOn, s.decidedOn, at('announcedOn'), { zh: '处分决定日期', en: 'the decision' });
    });
  }
  // Special inspections in the order they started: each one's staff against those started before it.
  const specials = liveRows(facts.specialInspections).sort((a, b) => a.startedOn.localeCompare(b.startedOn) || a.id.localeCompare(b.id));
  for (const [i, si] of specials.entries()) {
    const teams = facts.teams.filter((t) => t.specialInspectionId === si.id).sort((a, b) => a.name.localeCompare(b.name));
    const earlier = specials
      .slice(0, i)
      .flatMap((o) =>
        facts.teams
          .filter((t) => t.specialInspectionId === o.id)
          .flatMap((t) => t.staffIds.map((staffId) => ({ staffId, specialInspectionId: o.id, startOn: o.startedOn, endOn: o.endedOn }))),
      );
    const concurrent = new Map(facts.concurrency.filter((c) => c.specialInspectionId === si.id).map((c) => [c.staffId, c.reason]));
    check('SpecialInspection', si.id, (problems) => {
      checkNotInFuture(problems, si.startedOn, at('startedOn'), today);
      checkSpecialInspectionStaffing(
        problems,
        si.startedOn,
        teams.map((t) => t.staffIds),
        earlier.map((e) => ({ ...e, endOn: e.endOn ? addDays(e.endOn, 1) : null })),
        concurrent,
        otherBodies,
      );
    });
    for (const c of liveRows(facts.checks).filter((c) => c.specialInspectionId === si.id))
      check('SpecialInspectionCheck', c.id, (problems) => checkCheckDate(problems, c.checkedOn, si, today));
  }
  return violations;
}
