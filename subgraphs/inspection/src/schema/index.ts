import { toSubgraphSchema } from '@hub/core';
import { builder } from '../builder.ts';
import './unit.ts';

builder.queryType({ description: '巡察子图查询 — Queries of the inspection subgraph.' });

export const schema = toSubgraphSchema(builder);
