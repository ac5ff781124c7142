import { isUuid, type StaffEngagement } from '@hub/core';
import { builder } from '../builder.ts';
import { findLiveAssignmentsByStaff } from '../db/assignments.ts';
import { EngagementRef, engagement } from './staff-pool.ts';
import { lookUpStationedReferences } from '../policy.ts';
import { findCoverageOfGroups, findReferencedEscalations, findReferencedGroups } from '../db/references.ts';

/**
 * 引用核验（服务身份） — what another body may ask before it writes a record naming one of ours:
 * whether the stationed group or escalation exists and, for an escalation, to which team and unit it
 * was handed and where its issue stands. Only service identities may ask; each answer is audited.
 */
type EscalationRow = { id: string; groupId: string; unitCode: string; inspectionTeamId: string | null; status: string };
type CoverageRow = { unitCode: string; startOn: string; endOn: string | null };
type GroupRow = { id: string; coverage: CoverageRow[] };
type Lookup = { stationedGroups: GroupRow[]; escalations: EscalationRow[]; staffEngagements: StaffEngagement[] };

const ReferencedCoverage = builder.objectRef<CoverageRow>('StationedReferencedCoverage').implement({
  description: '派驻组监督单位的期间（引用核验） — A period in which the group oversaw a unit (checked by another body before a write).',
  fields: (t) => ({
    unitCode: t.exposeString('unitCode', { description: '单位 — Unit.' }),
    startOn: t.exposeString('startOn', { description: '起始日 — First day.' }),
    endOn: t.exposeString('endOn', { nullable: true, description: '终止日（不含；空为至今） — Day it ended (exclusive; null while it lasts).' }),
  }),
});

const ReferencedGroup = builder.objectRef<GroupRow>('StationedReferencedGroup').implement({
  description: '存在的派驻纪检组（引用核验） — A stationed group that exists, with the units it oversees and oversaw.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Id.' }),
    coverage: t.field({
      type: [ReferencedCoverage],
      description: '监督的单位及期间（含历史） — Units the group oversees or oversaw, with the periods.',
      resolve: (g) => g.coverage,
    }),
  }),
});
const ReferencedEscalation = builder.objectRef<EscalationRow>('StationedReferencedEscalation').implement({
  description: '移交巡察事项（引用核验） — An escalation: its group, unit, team and the status of its issue.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Id.' }),
    groupId: t.exposeID('groupId', { description: '移交的派驻组 — Group that escalated.' }),
    unitCode: t.exposeString('unitCode', { description: '单位 — Unit.' }),
    inspectionTeamId: t.exposeID('inspectionTeamId', { nullable: true, description: '移交的巡察组 — Team it was handed to.' }),
    status: t.exposeString('status', { description: '问题状态 — Status of the escalated issue.' }),
  }),
});

const StationedReferences = builder.objectRef<Lookup>('StationedReferences').implement({
  description: '派驻方记录核验结果 — Which of the asked stationed records exist, with their state.',
  fields: (t) => ({
    stationedGroups: t.field({ type: [ReferencedGroup], description: '存在的派驻组 — Groups that exist.', resolve: (r) => r.stationedGroups }),
    escalations: t.field({ type: [ReferencedEscalation], description: '存在的移交事项 — Escalations that exist.', resolve: (r) => r.escalations }),
    staffEngagements: t.field({
      type: [EngagementRef],
      description: '所问人员在本机关的任务期间（重叠核验） — Engagements this body records for the asked staff, for an overlap check.',
      resolve: (r) => r.staffEngagements,
    }),
  }),
});

const bounded = (list: readonly string[] | null | undefined) => [...new Set(list ?? [])].slice(0, 100);

builder.queryField('stationedReferences', (t) =>
  t.field({
    type: StationedReferences,
    nullable: true,
    description: '引用核验（仅服务身份） — Existence and state of stationed records another body is about to name (service identities only).',
    authScopes: lookUpStationedReferences,
    args: {
      stationedGroupIds: t.arg.stringList({ required: false, description: '待核验的派驻组编号（最多 100） — Group ids to check (at most 100).' }),
      escalationIds: t.arg.stringList({ required: false, description: '待核验的移交事项编号 — Escalation ids to check.' }),
      engagementStaffIds: t.arg.stringList({
        required: false,
        description: '待比对任务期间的工作人员编号（最多 100） — Staff whose engagements this body records are asked, for an overlap check (at most 100).',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const engagementStaffIds = [
        ...new Set(
          bounded(args.engagementStaffIds)
            .filter(isUuid)
            .map((id) => id.toLowerCase()),
        ),
      ];
      const [stationedGroups, escalations, assignments] = await Promise.all([
        findReferencedGroups(ctx.db, bounded(args.stationedGroupIds)),
        findReferencedEscalations(ctx.db, bounded(args.escalationIds)),
        findLiveAssignmentsByStaff(ctx.db, engagementStaffIds),
      ]);
      const coverage = await findCoverageOfGroups(
        ctx.db,
        stationedGroups.map((g) => g.id),
      );
      for (const id of engagementStaffIds) ctx.audit.read('StaffEngagements', id);
      for (const r of stationedGroups) ctx.audit.read('StationedGroup', r.id);
      for (const r of escalations) ctx.audit.read('Escalation', r.id);
      return {
        stationedGroups: stationedGroups.map((g) => ({
          id: g.id,
          coverage: coverage.filter((c) => c.groupId === g.id).map(({ unitCode, startOn, endOn }) => ({ unitCode, startOn, endOn })),
        })),
        escalations,
        staffEngagements: assignments.map(engagement),
      };
    },
  }),
);
