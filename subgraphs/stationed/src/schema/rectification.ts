import { references, idOrRefuse, notInFuture, payloadType, refuse, requireText, runMutation, UserErrors, bilingual } from '@hub/core';
import { builder } from '../builder.ts';
import { readRectificationNoteLists, readRectificationNotes, writeForGroup } from '../policy.ts';
import type { Context } from '../context.ts';
import type { RectificationSupervisionNote } from '../db/database.ts';
import { findCoverageHistoryByUnits, findGroupsByIds } from '../db/groups.ts';
import { checkOverseenOn } from '../domain/coverage.ts';
import { insertNote } from '../db/rectification.ts';
import { visibleRecords } from './access.ts';
import { StationedGroupRef } from './stationed-group.ts';
import { UnitRef } from './unit.ts';

/** `RectificationItem` (整改事项) is defined by the inspection subgraph; key `id`. */
export const RectificationItemRef = builder.externalRef('RectificationItem', builder.selection<{ id: string }>('id'), (ref) => ref);

/** Rectification is read by inspection officers and leaders, and by the stationed groups concerned (DESIGN §6). */
const readsAllRectification = (ctx: Context) => ctx.viewer.roles.some((role) => role === 'leader' || role === 'inspection_officer');

export const RectificationNoteRef = builder.objectRef<RectificationSupervisionNote>('RectificationSupervisionNote').implement({
  description: bilingual(
    '整改监督记录',
    "A stationed group's note on how a rectification item of a unit it oversees is going. Visible to leaders,",
    'inspection officers and the groups concerned.',
  ),
  authScopes: readRectificationNotes,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    notedOn: t.expose('notedOn', { type: 'Date', description: '日期 — Day noted.' }),
    note: t.exposeString('note', { description: '监督情况 — What the group observed or urged.' }),
    group: t.field({
      type: StationedGroupRef,
      description: '派驻纪检组 — The group.',
      resolve: async (n, _args, ctx) => (await ctx.loaders.groupById.load(n.groupId))!,
    }),
    unit: t.field({ type: UnitRef, description: '整改单位 — The unit rectifying.', resolve: (n) => ({ code: n.unitCode }) }),
    rectificationItem: t.field({
      type: RectificationItemRef,
      description: '整改事项 — The rectification item.',
      resolve: (n) => ({ id: n.rectificationItemId }),
    }),
  }),
});

RectificationItemRef.implement({
  description: '整改事项 — A rectification item of an inspection (defined by inspection).',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier (key).' }),
    supervisionNotes: t.field({
      type: [RectificationNoteRef],
      description: bilingual(
        '派驻组整改监督记录（旧到新）',
        "Stationed groups' supervision notes on the item, oldest first; leaders and inspection officers see all,",
        "a group its own and its units'.",
      ),
      authScopes: readRectificationNoteLists,
      resolve: async (item, _args, ctx) => {
        const notes = await ctx.loaders.notesByRectificationItem.load(String(item.id));
        return readsAllRectification(ctx) ? notes : visibleRecords(ctx, notes);
      },
    }),
  }),
});

const AddNoteInput = builder.inputType('AddRectificationSupervisionNoteInput', {
  description: '登记整改监督情况 — A note on a rectification item of a unit the group oversees.',
  fields: (t) => ({
    rectificationItemId: t.id({ description: "整改事项编号 — The rectification item (inspection's id)." }),
    groupId: t.id({ description: '派驻纪检组编号 — The group (the caller must be a member).' }),
    unitCode: t.field({ type: 'UnitCode', description: '整改单位 — The unit rectifying; the group must oversee it on the day noted.' }),
    notedOn: t.field({ type: 'Date', description: '日期 — Day noted.' }),
    note: t.string({ description: '监督情况 — What the group observed or urged.' }),
  }),
});

const NotePayload = payloadType(builder, 'RectificationSupervisionNotePayload', {
  field: 'note',
  type: RectificationNoteRef,
  description: '整改监督登记结果 — The note, or why it was refused.',
  load: (id, ctx) => ctx.loaders.rectificationNoteById.load(id),
});

builder.mutationFields((t) => ({
  addRectificationSupervisionNote: t.field({
    type: NotePayload,
    description: "登记整改监督情况 — Note how a unit's rectification item is going (members of the group overseeing the unit).",
    authScopes: writeForGroup,
    args: { input: t.arg({ type: AddNoteInput, required: true, description: '监督记录 — The note.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const itemId = String(input.rectificationItemId).trim();
        if (itemId === '' || itemId.length > 128)
          refuse('BAD_USER_INPUT', ['input', 'rectificationItemId'], '整改事项编号无效 — rectificationItemId is not a valid id');
        const groupId = idOrRefuse(String(input.groupId), ['input', 'groupId'], '派驻纪检组');
        if ((await findGroupsByIds(tx, [groupId])).length === 0) refuse('NOT_FOUND', ['input', 'groupId'], '派驻纪检组不存在 — no such stationed group');
        notInFuture(input.notedOn, ['input', 'notedOn'], ctx.today);
        const overseen = new UserErrors();
        checkOverseenOn(overseen, await findCoverageHistoryByUnits(tx, [input.unitCode]), groupId, input.notedOn);
        overseen.throwIfAny();
        const note = requireText(input.note, ['input', 'note'], '监督情况');
        const check = await references(ctx).add('rectificationItem', ['input', 'rectificationItemId'], itemId).run('addRectificationSupervisionNote');
        if (check.get('rectificationItem', itemId).unitCode !== input.unitCode)
          refuse('CONFLICT', ['input', 'unitCode'], '整改事项不属于该单位 — the rectification item belongs to another unit');
        const id = crypto.randomUUID();
        await insertNote(tx, {
          id,
          rectificationItemId: itemId,
          groupId,
          unitCode: input.unitCode,
          notedOn: input.notedOn,
          note,
          recordedBy: ctx.viewer.staffId,
        });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'RectificationSupervisionNote', recordId: id });
        return id;
      }),
  }),
}));
