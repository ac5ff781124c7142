import { builder } from '../builder.ts';

/**
 * Entities other subgraphs define, to which inspection contributes fields: `Person` and `Staff`
 * (discipline), `Escalation` (stationed). Inspection stores their ids only.
 */
export const PersonRef = builder.externalRef('Person', builder.selection<{ id: string }>('id'), (ref) => ref);
PersonRef.implement({
  description: '人员（被监督对象） — A person (cadre) who may be the subject of supervision; defined by discipline.',
  fields: (t) => ({ id: t.exposeID('id', { description: '编号 — Person id (key).' }) }),
});

export const StaffRef = builder.externalRef('Staff', builder.selection<{ id: string }>('id'), (ref) => ref);
StaffRef.implement({
  description: '纪检监察工作人员 — A member of the supervision staff pool; defined by discipline.',
  fields: (t) => ({ id: t.exposeID('id', { description: '编号 — Staff id (key).' }) }),
});

export const EscalationRef = builder.externalRef('Escalation', builder.selection<{ id: string }>('id'), (ref) => ref);
EscalationRef.implement({
  description: '派驻组移交巡察的问题 — An issue a stationed group escalated to inspection; defined by stationed.',
  fields: (t) => ({ id: t.exposeID('id', { description: '编号 — Escalation id (key).' }) }),
});

export const YearStatisticsRef = builder.externalRef('YearStatistics', builder.selection<{ year: number }>('year'), (ref) => ({ year: Number(ref.year) }));
YearStatisticsRef.implement({
  description: '年度统计 — Counts of one year; every subgraph contributes its own fields.',
  fields: (t) => ({ year: t.exposeInt('year', { description: '年度 — Year (key).' }) }),
});
