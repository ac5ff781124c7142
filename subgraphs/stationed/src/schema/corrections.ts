import { addCorrections, notInFuture, refuse } from '@hub/core';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { StaffAssignmentRef } from './assignment.ts';
import { EscalationRef } from './escalation.ts';
import { IntegrityFileEntryRef } from './integrity.ts';
import { RectificationNoteRef } from './rectification.ts';
import { StationedGroupRef } from './stationed-group.ts';
import { SupervisionActivityRef, SupervisionIssueRef } from './supervision.ts';
import { findGroupByName } from '../db/groups.ts';

/**
 * 更正 — which records of the stationed body can be amended and voided, their descriptive fields,
 * and who may correct them: the group that made them (who may create them), and leaders. The
 * mechanism is `addCorrections` in core.
 */
const { declare } = addCorrections(builder);

/** The group's own members (stationed officers in its scope), and leaders. */
function groupWriter(row: { groupId: string | null }, ctx: Context) {
  const { roles, scopes } = ctx.viewer;
  if (roles.includes('leader')) return;
  if (roles.includes('stationed_officer') && row.groupId != null && scopes.stationedGroupIds.includes(row.groupId)) return;
  throw new GraphQLError("无权更正本组以外的记录 — not authorized to correct another group's record", { extensions: { code: 'FORBIDDEN' } });
}

const GROUP_WRITERS = ['leader', 'stationed_officer'] as const;
const pastDate = (field: string) => (value: string, _row: unknown, ctx: Context) => notInFuture(value, ['input', field], ctx.today);

declare({
  typeName: 'SupervisionActivity',
  what: '日常监督活动',
  ref: SupervisionActivityRef,
  table: 'supervisionActivity',
  payloadField: 'activity',
  load: (id, ctx: Context) => ctx.loaders.activityById.load(id),
  writeRoles: [...GROUP_WRITERS],
  mayWrite: groupWriter,
  fields: { notes: { kind: 'text', description: '情况记录 — Notes.' }, heldOn: { kind: 'date', description: '日期 — Date held.', check: pastDate('heldOn') } },
});
declare({
  typeName: 'SupervisionIssue',
  what: '监督发现问题',
  ref: SupervisionIssueRef,
  table: 'supervisionIssue',
  payloadField: 'issue',
  load: (id, ctx: Context) => ctx.loaders.issueById.load(id),
  writeRoles: [...GROUP_WRITERS],
  mayWrite: groupWriter,
  fields: { description: { kind: 'text', description: '问题描述 — Description.' } },
});
declare({
  typeName: 'Escalation',
  what: '移交巡察问题',
  ref: EscalationRef,
  table: 'escalation',
  payloadField: 'escalation',
  load: (id, ctx: Context) => ctx.loaders.escalationById.load(id),
  writeRoles: [...GROUP_WRITERS],
  mayWrite: groupWriter,
  fields: {
    summary: { kind: 'text', description: '移交内容 — What is handed over.' },
    reason: { kind: 'text', description: '移交理由 — Why daily supervision could not move it.' },
  },
});
declare({
  typeName: 'IntegrityFileEntry',
  what: '廉政档案条目',
  ref: IntegrityFileEntryRef,
  table: 'integrityFileEntry',
  payloadField: 'entry',
  load: (id, ctx: Context) => ctx.loaders.integrityEntryById.load(id),
  writeRoles: [...GROUP_WRITERS],
  mayWrite: groupWriter,
  fields: {
    summary: { kind: 'text', description: '内容摘要 — Summary.' },
    recordedOn: { kind: 'date', description: '记录日期 — Date.', check: pastDate('recordedOn') },
  },
});
declare({
  typeName: 'RectificationSupervisionNote',
  what: '整改监督记录',
  ref: RectificationNoteRef,
  table: 'rectificationSupervisionNote',
  payloadField: 'note',
  load: (id, ctx: Context) => ctx.loaders.rectificationNoteById.load(id),
  writeRoles: [...GROUP_WRITERS],
  mayWrite: groupWriter,
  fields: { note: { kind: 'text', description: '监督意见 — Note.' } },
});
declare({
  typeName: 'StaffAssignment',
  what: '人员调配',
  ref: StaffAssignmentRef,
  table: 'staffAssignment',
  payloadField: 'assignment',
  load: (id, ctx: Context) => ctx.loaders.assignmentById.load(id),
  writeRoles: ['leader'],
  fields: { note: { kind: 'optionalText', description: '备注 — Note.' } },
});
declare({
  typeName: 'StationedGroup',
  what: '派驻纪检组',
  ref: StationedGroupRef,
  table: 'stationedGroup',
  payloadField: 'group',
  load: (id, ctx: Context) => ctx.loaders.groupById.load(id),
  writeRoles: ['leader'],
  fields: {
    name: {
      kind: 'text',
      description: '名称 — Name.',
      check: async (value: string, row: { id: string }, _ctx: Context, tx) => {
        const other = await findGroupByName(tx, value);
        if (other && other.id !== row.id) refuse('ALREADY_EXISTS', ['input', 'name'], '同名派驻纪检组已存在 — a group of this name exists');
        return value;
      },
    },
  },
});
