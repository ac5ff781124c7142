import { builder } from '../builder.ts';

/** `Staff` (the supervision staff pool) is defined by the discipline subgraph; key `id`. */
export const StaffRef = builder.externalRef('Staff', builder.selection<{ id: string }>('id'), (ref) => ref);

StaffRef.implement({
  description: '工作人员（监督力量人员库） — A member of the supervision staff pool.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Staff id (key).' }),
  }),
});
