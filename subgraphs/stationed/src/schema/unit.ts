import { builder } from '../builder.ts';

/** `Unit` is defined by the inspection subgraph; stationed adds what its groups know. */
export const UnitRef = builder.externalRef('Unit', builder.selection<{ code: string }>('code'), (ref) => ref);

UnitRef.implement({
  description: '单位（巡察对象） — A unit, keyed by its 统一社会信用代码.',
  fields: (t) => ({
    code: t.expose('code', { type: 'UnitCode', description: '统一社会信用代码 — Unified social credit code (key).' }),
  }),
});
