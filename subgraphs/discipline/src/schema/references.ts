import { isUuid, type StaffEngagement } from '@hub/core';
import { builder } from '../builder.ts';
import { findSpecialTeamServicesByStaff, findZoneMembershipsByStaff } from '../db/staff-pool.ts';
import { EngagementRef, specialEngagement, zoneEngagement } from './staff-pool.ts';
import { lookUpDisciplineReferences } from '../policy.ts';
import { findExistingIds } from '../db/references.ts';

/**
 * 引用核验（服务身份） — what another body may ask before it writes a record naming one of ours:
 * whether the person, staff member, department or zone exists. Only the service identities of the
 * bodies that name these records may ask; each answer is audited here.
 */
type Lookup = Record<'persons' | 'departments' | 'zones', { id: string }[]> & {
  staff: { id: string; commissionLeader: boolean }[];
  staffEngagements: StaffEngagement[];
};

const Existing = builder.objectRef<{ id: string }>('DisciplineReferencedRecord').implement({
  description: '存在的记录（引用核验） — A record that exists, as a reference check sees it.',
  fields: (t) => ({ id: t.exposeID('id', { description: '编号 — Id.' }) }),
});

const ExistingStaff = builder.objectRef<{ id: string; commissionLeader: boolean }>('DisciplineReferencedStaff').implement({
  description: '存在的工作人员（引用核验） — A staff member that exists, and whether the commission records them as one of its leaders.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Id.' }),
    commissionLeader: t.exposeBoolean('commissionLeader', {
      description: '是否区纪委监委领导（可以委领导身份出席反馈会） — Whether the staff member is a commission leader (may attend a feedback meeting as one).',
    }),
  }),
});

const DisciplineReferences = builder.objectRef<Lookup>('DisciplineReferences').implement({
  description: '纪律方记录核验结果 — Which of the asked discipline records exist.',
  fields: (t) => ({
    persons: t.field({ type: [Existing], description: '存在的人员（监督对象） — Persons that exist.', resolve: (r) => r.persons }),
    staff: t.field({ type: [ExistingStaff], description: '存在的工作人员 — Staff members that exist.', resolve: (r) => r.staff }),
    departments: t.field({ type: [Existing], description: '存在的委机关部门 — Departments that exist.', resolve: (r) => r.departments }),
    zones: t.field({ type: [Existing], description: '存在的办案协作区 — Zones that exist.', resolve: (r) => r.zones }),
    staffEngagements: t.field({
      type: [EngagementRef],
      description: '所问人员在本机关的任务期间（重叠核验） — Engagements this body records for the asked staff, for an overlap check.',
      resolve: (r) => r.staffEngagements,
    }),
  }),
});

const bounded = (list: readonly string[] | null | undefined) => [...new Set(list ?? [])].slice(0, 100);

builder.queryField('disciplineReferences', (t) =>
  t.field({
    type: DisciplineReferences,
    nullable: true,
    description: '引用核验（仅服务身份） — Existence of discipline records another body is about to name (service identities only).',
    authScopes: lookUpDisciplineReferences,
    args: {
      personIds: t.arg.stringList({ required: false, description: '待核验的人员编号（最多 100） — Person ids to check (at most 100).' }),
      staffIds: t.arg.stringList({ required: false, description: '待核验的工作人员编号 — Staff ids to check.' }),
      departmentIds: t.arg.stringList({ required: false, description: '待核验的部门编号 — Department ids to check.' }),
      zoneIds: t.arg.stringList({ required: false, description: '待核验的协作区编号 — Zone ids to check.' }),
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
      const [persons, staff, departments, zones, zoneMemberships, specialServices] = await Promise.all([
        findExistingIds(ctx.db, 'person', bounded(args.personIds)),
        findExistingIds<{ id: string; commissionLeader: boolean }>(ctx.db, 'staff', bounded(args.staffIds), ['commissionLeader']),
        findExistingIds(ctx.db, 'department', bounded(args.departmentIds)),
        findExistingIds(ctx.db, 'collaborationZone', bounded(args.zoneIds)),
        findZoneMembershipsByStaff(ctx.db, engagementStaffIds),
        findSpecialTeamServicesByStaff(ctx.db, engagementStaffIds),
      ]);
      for (const id of engagementStaffIds) ctx.audit.read('StaffEngagements', id);
      for (const r of persons) ctx.audit.read('Person', r.id);
      for (const r of staff) ctx.audit.read('Staff', r.id);
      for (const r of departments) ctx.audit.read('Department', r.id);
      for (const r of zones) ctx.audit.read('CollaborationZone', r.id);
      return { persons, staff, departments, zones, staffEngagements: [...zoneMemberships.map(zoneEngagement), ...specialServices.map(specialEngagement)] };
    },
  }),
);
