import { addAuditLogQuery, addOutboxStatusQuery, toSubgraphSchema } from '@hub/core';
import { builder } from '../builder.ts';
import { readDisciplineOutbox } from '../policy.ts';
import type { Context } from '../context.ts';
import './reference.ts';
import './petition.ts';
import './unit.ts';
import './clue.ts';
import './case.ts';
import './links.ts';
import './statistics.ts';
import './extras.ts';
import './bulletin.ts';
import './staff-pool.ts';
import './signals.ts';
import './deadlines.ts';
import './corrections.ts';
import './references.ts';

builder.queryType({ description: '纪律监察子图查询 — Queries of the discipline and supervision subgraph.' });
builder.mutationType({
  description: '纪律监察子图变更 — Mutations of the discipline and supervision subgraph: each one transaction, refused with field-level errors.',
});

addAuditLogQuery(builder, 'disciplineAuditLog', (ctx) => (ctx as Context).db);
addOutboxStatusQuery(builder, 'disciplineOutbox', (ctx) => (ctx as Context).db, readDisciplineOutbox);

export const schema = toSubgraphSchema(builder);
