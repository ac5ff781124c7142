import type { HubBuilder } from './builder.ts';
import { DEADLINE_RULES, type Deadline, type DeadlineRuleId } from './deadlines.ts';

/** 到期事项 — one step owed on a record, as a subgraph reports it in "what is due". */
export interface DueItem {
  deadline: Deadline;
  recordType: string;
  recordId: string;
  unitCode: string | null;
  /** 责任部门 — the office that owes the step. */
  owner: string;
  owningBody: 'DISCIPLINE' | 'INSPECTION' | 'STATIONED';
  doneOn: string | null;
  overdue: boolean;
}

const ruleValues = Object.fromEntries(Object.values(DEADLINE_RULES).map((r) => [r.id, { description: `${r.title}（依据：${r.source}）` }])) as Record<
  DeadlineRuleId,
  { description: string }
>;

/**
 * Registers the shared deadline types (identical in every subgraph that reports deadlines, hence
 * shareable): `DeadlineRule`, `Deadline`, `DeadlineBody` and `DueItem`.
 */
export function addDeadlineTypes(builder: HubBuilder) {
  const rule = builder.enumType('DeadlineRule', {
    description: '法定期限规则（见 packages/core/src/deadlines.ts） — A statutory time limit, one rule of the deadline engine.',
    values: ruleValues,
  });
  const body = builder.enumType('DeadlineBody', {
    description: '期限所属机构 — The body whose record owes the step.',
    values: {
      DISCIPLINE: { description: '纪律监督、监察监督（区纪委监委机关） — Discipline and supervisory supervision.' },
      INSPECTION: { description: '巡察监督（巡察办、巡察组） — Inspection tours.' },
      STATIONED: { description: '派驻监督（派驻纪检组） — Stationed supervision.' },
    } as const,
  });
  const deadline = builder.objectRef<Deadline>('Deadline').implement({
    description: '期限 — A deadline computed by the deadline engine; never null for a record with a start date.',
    shareable: true,
    fields: (t) => ({
      rule: t.field({ type: rule, description: '规则 — Rule.', resolve: (d) => d.rule }),
      title: t.string({ description: '规则名称 — What is owed and within what period.', resolve: (d) => DEADLINE_RULES[d.rule].title }),
      source: t.string({ description: '依据 — The provision that sets the limit.', resolve: (d) => DEADLINE_RULES[d.rule].source }),
      startOn: t.field({ type: 'Date', description: '起算日（不计入期间，另有规定的除外） — Day the period runs from.', resolve: (d) => d.startOn }),
      dueOn: t.field({ type: 'Date', description: '期限届满日 — Last day to do it.', resolve: (d) => d.dueOn }),
      provisional: t.boolean({
        description:
          '是否暂定（所涉年度节假日安排未载入，按周一至周五计算） — Whether the date is provisional: a year it counts through has no loaded holiday notice, so Monday–Friday was used.',
        resolve: (d) => d.provisional,
      }),
      provisionalReason: t.string({ nullable: true, description: '暂定原因 — Why it is provisional; null when final.', resolve: (d) => d.provisionalReason }),
    }),
  });
  const dueItem = builder.objectRef<DueItem>('DueItem').implement({
    description: '到期事项 — One step owed on a record: due soon or overdue as of the date asked.',
    shareable: true,
    fields: (t) => ({
      deadline: t.field({ type: deadline, description: '期限 — The deadline.', resolve: (i) => i.deadline }),
      recordType: t.string({
        description: '记录类型（Petition、Clue、Case、Detention、Sanction、ClueTransfer、Inspection） — Type of the record that owes the step.',
        resolve: (i) => i.recordType,
      }),
      recordId: t.id({ description: '记录编号 — Id of the record.', resolve: (i) => i.recordId }),
      unitCode: t.field({ type: 'UnitCode', nullable: true, description: '涉及单位 — Unit concerned, if any.', resolve: (i) => i.unitCode }),
      owner: t.string({ description: '责任部门 — Office that owes the step.', resolve: (i) => i.owner }),
      owningBody: t.field({ type: body, description: '所属机构 — Body that owns the record.', resolve: (i) => i.owningBody }),
      doneOn: t.field({
        type: 'Date',
        nullable: true,
        description: '完成日期（截至查询日；未完成为空） — Day the step was done, if done by the as-of date.',
        resolve: (i) => i.doneOn,
      }),
      overdue: t.boolean({
        description: '截至查询日是否逾期 — Whether, as of the date asked, the due day passed without the step, or it was done late.',
        resolve: (i) => i.overdue,
      }),
    }),
  });
  return { DeadlineRef: deadline, DueItemRef: dueItem, DeadlineRuleEnum: rule };
}
