import { builder } from '../builder.ts';

/** `Unit` is defined by the inspection subgraph; stationed adds what its groups know. */
export const UnitRef = builder.externalRef('Unit', builder.selection<{ code: string }>('code'), (ref) => ref);
