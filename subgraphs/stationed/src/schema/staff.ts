import { builder } from '../builder.ts';

/** `Staff` (the supervision staff pool) is defined by the discipline subgraph; key `id`. */
export const StaffRef = builder.externalRef('Staff', builder.selection<{ id: string }>('id'), (ref) => ref);

StaffRef.implement({
  description: '工作人员（监督力量人员库） — A member of the supervision staff pool.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Staff id (key).' }),
  }),
});

/** `Person` (cadres who are subjects) is defined by the discipline subgraph; key `id`. */
export const PersonRef = builder.externalRef('Person', builder.selection<{ id: string }>('id'), (ref) => ref);

PersonRef.implement({
  description: '人员（领导干部等监督对象） — A person who is a subject of supervision.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Person id (key).' }),
  }),
});
