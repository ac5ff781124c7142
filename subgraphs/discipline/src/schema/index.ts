import { toSubgraphSchema } from '@hub/core';
import { builder } from '../builder.ts';
import './petition.ts';
import './unit.ts';

builder.queryType({ description: '纪律监察子图查询 — Queries of the discipline and supervision subgraph.' });

export const schema = toSubgraphSchema(builder);
