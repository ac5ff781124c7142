import { addAuditLogQuery, toSubgraphSchema } from '@hub/core';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import './unit.ts';
import './staff.ts';
import './stationed-group.ts';
import './group-mutations.ts';
import './supervision.ts';
import './escalation.ts';
import './integrity.ts';
import './rectification.ts';
import './assignment.ts';
import './staff-pool.ts';
import './statistics.ts';
import './signals.ts';
import './corrections.ts';
import './references.ts';
import './events.ts';

builder.queryType({ description: '派驻监督子图查询 — Queries of the stationed-supervision subgraph.' });
builder.mutationType({ description: '派驻监督子图变更 — Mutations of the stationed-supervision subgraph.' });

addAuditLogQuery(builder, 'stationedAuditLog', (ctx) => (ctx as Context).db);

export const schema = toSubgraphSchema(builder);
