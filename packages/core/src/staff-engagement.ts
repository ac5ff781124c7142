import type { HubBuilder } from './builder.ts';
import type { StaffEngagement } from './staff-overlaps.ts';

/**
 * Registers the shared `StaffEngagement` type and its kind enum (identical in every subgraph that
 * reports where staff worked, so shareable) and returns the type for the subgraph's fields.
 */
export function addStaffEngagementType(builder: HubBuilder) {
  const kind = builder.enumType('StaffEngagementKind', {
    description: "任务类别 — Kind of a staff member's engagement.",
    values: {
      INSPECTION_TEAM: { description: '巡察组成员 — Member of an inspection team (inspection).' },
      STATIONED_WORK: { description: "参加派驻监督工作 — Assigned to a stationed group's work (stationed)." },
      INSPECTION_LOAN: { description: '抽调参加巡察组 — Lent to an inspection team (stationed).' },
      COLLABORATION_ZONE: { description: '办案协作区成员 — Member of a case collaboration zone (discipline).' },
      SPECIAL_INSPECTION: { description: '专项检查组成员 — Member of a special-inspection team (discipline).' },
    } as const,
  });
  return builder.objectRef<StaffEngagement>('StaffEngagement').implement({
    description: '人员任务期间 — One engagement of a staff member with its period, as the owning body records it.',
    shareable: true,
    fields: (t) => ({
      staffId: t.exposeID('staffId', { description: '工作人员编号 — Staff id.' }),
      kind: t.expose('kind', { type: kind, description: '类别 — Kind.' }),
      referenceId: t.exposeID('referenceId', {
        description: '任务编号（巡察组、调配、协作区、专项检查组） — Id of the team, deployment, zone or special-inspection team.',
      }),
      inspectionTeamId: t.exposeID('inspectionTeamId', {
        nullable: true,
        description: '巡察组编号（巡察任务） — The inspection team, for inspection engagements.',
      }),
      startOn: t.expose('startOn', {
        type: 'Date',
        nullable: true,
        description: '起始日期（空为未记录） — First day; null when not recorded (counted as always).',
      }),
      endOn: t.expose('endOn', { type: 'Date', nullable: true, description: '结束日期（不含；空为未定） — Day it ends (exclusive); null while open-ended.' }),
      concurrent: t.boolean({
        description: '已注明同期兼任理由 — Whether the owning body recorded it as concurrent with another assignment, with a reason.',
        resolve: (e) => e.concurrent ?? false,
      }),
    }),
  });
}
