import { addAuditLogQuery, toSubgraphSchema } from '@hub/core';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import './petition.ts';
import './unit.ts';

builder.queryType({ description: '纪律监察子图查询 — Queries of the discipline and supervision subgraph.' });

addAuditLogQuery(builder, 'disciplineAuditLog', (ctx) => (ctx as Context).db);

export const schema = toSubgraphSchema(builder);
