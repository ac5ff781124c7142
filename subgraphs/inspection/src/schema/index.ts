import { addAuditLogQuery, addOutboxStatusQuery, toSubgraphSchema } from '@hub/core';
import { builder } from '../builder.ts';
import { readInspectionOutbox } from '../policy.ts';
import type { Context } from '../context.ts';
import './unit.ts';
import './unit-mutations.ts';
import './external.ts';
import './round.ts';
import './briefing.ts';
import './finding.ts';
import './rectification.ts';
import './contributions.ts';
import './staff-pool.ts';
import './signals.ts';
import './due.ts';
import './corrections.ts';
import './references.ts';
import './events.ts';

builder.mutationType({ description: '巡察子图变更 — Mutations of the inspection subgraph.' });
builder.queryType({ description: '巡察子图查询 — Queries of the inspection subgraph.' });

addAuditLogQuery(builder, 'inspectionAuditLog', (ctx) => (ctx as Context).db);
addOutboxStatusQuery(builder, 'inspectionOutbox', (ctx) => (ctx as Context).db, readInspectionOutbox);

// Unit.overseeingStationedGroupId is @external (stationed resolves it) for the @requires of the
// unit's record fields; the builder does not record directives given by name, so they are listed.
export const schema = toSubgraphSchema(builder, { federationDirectives: ['@extends', '@external', '@key', '@requires', '@shareable'] });
