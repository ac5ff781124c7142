import { builder } from '../builder.ts';
import type { CaseStatusCount, SanctionCount } from '../db/cases.ts';
import type { ClueStatusCount } from '../db/clues.ts';
import { readUnitCounts } from '../policy.ts';
import type { PetitionCount } from '../db/petitions.ts';
import { CaseStatusEnum, DisposalMethodEnum, PetitionCategoryEnum, SanctionTypeEnum } from './enums.ts';

/** `Unit` is defined by the inspection subgraph; discipline adds what it knows about a unit. */
export const UnitRef = builder.externalRef('Unit', builder.selection<{ code: string }>('code'), (ref) => ref);

export const PetitionCountRef = builder.objectRef<PetitionCount>('PetitionCount').implement({
  description: '信访举报统计（按年度、类别） — Number of petitions about a unit in one year and category; no reporter data.',
  fields: (t) => ({
    year: t.exposeInt('year', { description: '受理年度 — Year received.' }),
    category: t.expose('category', { type: PetitionCategoryEnum, description: '问题类别 — Category.' }),
    count: t.exposeInt('count', { description: '件数 — Number of petitions.' }),
  }),
});

export const UnitClueCountRef = builder.objectRef<ClueStatusCount>('DisciplineUnitClueCount').implement({
  description: '单位问题线索统计（按处置状态） — Clues about a unit by disposal status; counts only.',
  fields: (t) => ({
    disposalMethod: t.expose('disposalMethod', {
      type: DisposalMethodEnum,
      nullable: true,
      description: '处置方式（空为尚未处置） — Disposal method; null for clues not yet disposed.',
    }),
    count: t.exposeInt('count', { description: '件数 — Number of clues.' }),
  }),
});

export const UnitCaseCountRef = builder.objectRef<CaseStatusCount>('DisciplineUnitCaseCount').implement({
  description: '单位案件统计（按阶段） — Cases about a unit by stage; counts only.',
  fields: (t) => ({
    status: t.expose('status', { type: CaseStatusEnum, description: '阶段 — Stage.' }),
    count: t.exposeInt('count', { description: '件数 — Number of cases.' }),
  }),
});

export const UnitSanctionCountRef = builder.objectRef<SanctionCount>('DisciplineUnitSanctionCount').implement({
  description: '单位处分统计（按种类） — Sanctions in cases about a unit by type; counts only.',
  fields: (t) => ({
    type: t.expose('type', { type: SanctionTypeEnum, description: '处分种类 — Sanction type.' }),
    count: t.exposeInt('count', { description: '人次 — Number of sanctions.' }),
  }),
});

/**
 * Which teams are assigned to a unit is inspection's data: the gateway fetches
 * `assignedInspectionTeamIds` from inspection and hands it over with the unit (`@requires`); the
 * rule is `readUnitCounts` in policy.ts.
 */
const requiresTeams = builder.selection<{ assignedInspectionTeamIds?: string[] }>('assignedInspectionTeamIds');
/** For fields added outside `UnitRef.implement` (where `requires` is typed): the plugin reads it on any field. */
export const requiresAssignedTeams = requiresTeams;

UnitRef.implement({
  description: '单位（巡察对象） — A unit, keyed by its 统一社会信用代码.',
  externalFields: (t) => ({
    assignedInspectionTeamIds: t.idList({
      description:
        '受派巡察该单位的巡察组（自巡前准备至本轮结束，巡察子图提供） — Teams assigned to inspect the unit, from preparation until their round closes (from inspection).',
    }),
  }),
  fields: (t) => ({
    code: t.expose('code', { type: 'UnitCode', description: '统一社会信用代码 — Unified social credit code (key).' }),
    petitionSummary: t.field({
      type: [PetitionCountRef],
      description: '信访举报概况（按年度、类别，不含举报人信息） — Petitions about the unit by year and category; never reporter data.',
      // Counts only: offices that brief inspections, leaders and analysts (aggregates).
      ...({ requires: requiresTeams } as object),
      authScopes: readUnitCounts,
      args: { since: t.arg({ type: 'Date', required: false, description: '起始日期（含），不填为全部 — From this date on (inclusive); all when omitted.' }) },
      resolve: (unit, args, ctx) => ctx.loaders.unitCounts('petition', unit.code, args.since),
    }),
    clueSummary: t.field({
      type: [UnitClueCountRef],
      description: '问题线索处置概况 — Clues about the unit and its cadres by disposal status; counts only.',
      ...({ requires: requiresTeams } as object),
      authScopes: readUnitCounts,
      args: { since: t.arg({ type: 'Date', required: false, description: '起始日期（含），不填为全部 — From this date on (inclusive); all when omitted.' }) },
      resolve: (unit, args, ctx) => ctx.loaders.unitCounts('clue', unit.code, args.since),
    }),
    caseSummary: t.field({
      type: [UnitCaseCountRef],
      description: '案件概况 — Cases about the unit or its cadres by stage; counts only.',
      ...({ requires: requiresTeams } as object),
      authScopes: readUnitCounts,
      args: { since: t.arg({ type: 'Date', required: false, description: '起始日期（含），不填为全部 — From this date on (inclusive); all when omitted.' }) },
      resolve: (unit, args, ctx) => ctx.loaders.unitCounts('case', unit.code, args.since),
    }),
    sanctionSummary: t.field({
      type: [UnitSanctionCountRef],
      description: '处分概况 — Sanctions in cases about the unit or its cadres, by type; counts only.',
      ...({ requires: requiresTeams } as object),
      authScopes: readUnitCounts,
      args: { since: t.arg({ type: 'Date', required: false, description: '起始日期（含），不填为全部 — From this date on (inclusive); all when omitted.' }) },
      resolve: (unit, args, ctx) => ctx.loaders.unitCounts('sanction', unit.code, args.since),
    }),
  }),
});
