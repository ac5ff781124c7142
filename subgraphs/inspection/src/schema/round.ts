import {
  checkYear,
  DATE_ID_KEY,
  idFilter,
  idOrRefuse,
  pageKey,
  paginate,
  payloadType,
  refuse,
  requireText,
  runMutation,
  TEXT_ID_KEY,
  references,
  todayInShanghai,
  UserErrors,
  bilingual,
} from '@hub/core';
import { builder } from '../builder.ts';
import { readFollowUpWithoutPlan, readPlan, readRecusal, writeInspectionSteps } from '../policy.ts';
import type { Inspection, InspectionRound, InspectionTeam, RecusalException, Stage, StageChange, TeamMember } from '../db/database.ts';
import { findUnitsByCodes } from '../db/units.ts';
import {
  briefingDatesOf,
  countInspections,
  countRounds,
  findInspectionsOfRound,
  findInspectionOfRoundUnit,
  findMembers,
  findRoundByYearNumber,
  findRoundForUpdate,
  findTeam,
  findTeamByName,
  findTeamOfStaffInRound,
  insertInspection,
  insertMember,
  insertRound,
  insertTeam,
  latestStageChange,
  listInspections,
  listRounds,
  memberCountsOf,
  setRoundStage,
} from '../db/rounds.ts';
import { findingsAwaitingTransfer, latestFindingDateOfRound } from '../db/findings.ts';
import { insertFollowUpsWithoutPlan, inspectionsWithApprovedPlan, meetingDatesOf } from '../db/rectification.ts';
import {
  checkEntry,
  checkFeedback,
  checkFollowUp,
  checkRectification,
  checkRoundDates,
  checkStageMove,
  checkTransfer,
  checkWithoutPlanOnlyForFollowUp,
} from '../domain/round.ts';
import { addMemberToTeam, assignUnitToTeam } from './team-rules.ts';
import { RECUSAL_GROUND_NAMES, RECUSAL_GROUNDS, type RecusalGround } from '../domain/recusal.ts';
import { StaffRef } from './external.ts';
import { UnitRef } from './unit.ts';

export const StageEnum = builder.enumType('InspectionStage', {
  description: '巡察阶段 — Stage of an inspection round; rounds move forward one stage at a time.',
  values: {
    PREPARATION: { description: '巡前准备 — Preparation before entry.' },
    ENTRY: { description: '进驻 — Teams enter the units.' },
    FACT_FINDING: { description: '了解情况 — Fact finding on site.' },
    REPORTING: { description: '报告 — Reporting to the leading group.' },
    FEEDBACK: { description: '反馈 — Feedback to the units.' },
    TRANSFER: { description: '移交 — Transfer of clues and issues.' },
    RECTIFICATION: { description: '整改 — Rectification by the units.' },
    FOLLOW_UP: { description: '回头看 — Follow-up check of rectification.' },
  } as const,
});

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 9 → 第九轮, 12 → 第十二轮, 20 → 第二十轮. */
export function roundName(number: number): string {
  const tens = Math.floor(number / 10);
  const ones = number % 10;
  const text = tens === 0 ? DIGITS[ones] : `${tens === 1 ? '' : DIGITS[tens]}十${DIGITS[ones]}`;
  return `第${text}轮`;
}

export const InspectionRoundRef = builder.objectRef<InspectionRound>('InspectionRound');
export const InspectionTeamRef = builder.objectRef<InspectionTeam>('InspectionTeam');
export const InspectionTeamMemberRef = builder.objectRef<TeamMember>('InspectionTeamMember');
export const InspectionRef = builder.objectRef<Inspection>('Inspection');

const StageChangeRef = builder.objectRef<StageChange>('InspectionStageChange').implement({
  description: '阶段变更 — When a round entered a stage.',
  authScopes: readPlan,
  fields: (t) => ({
    stage: t.expose('stage', { type: StageEnum, description: '阶段 — Stage entered.' }),
    enteredOn: t.expose('enteredOn', { type: 'Date', description: '进入日期 — Date the stage began.' }),
  }),
});

InspectionRoundRef.implement({
  description: '巡察轮次 — An inspection round of the district party committee (e.g. 第九轮).',
  authScopes: readPlan,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    year: t.exposeInt('year', { description: '年度 — Year of the round.' }),
    number: t.exposeInt('number', { description: '轮次序号 — Number of the round (9 for 第九轮).' }),
    name: t.string({ description: '轮次名称 — Name such as 第九轮.', resolve: (r) => roundName(r.number) }),
    theme: t.exposeString('theme', { description: '巡察主题 — Theme or focus of the round.' }),
    startOn: t.expose('startOn', { type: 'Date', description: '开始日期 — Start date.' }),
    endOn: t.expose('endOn', { type: 'Date', nullable: true, description: '结束日期 — Planned end date, if set.' }),
    stage: t.expose('stage', { type: StageEnum, description: '当前阶段 — Current stage.' }),
    stageHistory: t.field({
      type: [StageChangeRef],
      description: '阶段历程 — Stages entered so far, in order.',
      resolve: (r, _a, ctx) => ctx.loaders.stageChangesByRound.load(r.id),
    }),
    teams: t.field({ type: [InspectionTeamRef], description: '巡察组 — Teams of the round.', resolve: (r, _a, ctx) => ctx.loaders.teamsByRound.load(r.id) }),
    inspections: t.field({
      type: [InspectionRef],
      description: '本轮巡察对象 — Inspections of the round (one per unit), by unit code.',
      resolve: (r, _a, ctx) => ctx.loaders.inspectionsByRound.load(r.id),
    }),
  }),
});

const TeamRoleEnum = builder.enumType('InspectionTeamRole', {
  description: '巡察组职务 — Role of a member within a team.',
  values: {
    LEADER: { description: '组长 — Team leader.' },
    DEPUTY_LEADER: { description: '副组长 — Deputy leader.' },
    MEMBER: { description: '组员 — Member.' },
  } as const,
});

export const HomeBodyKindEnum = builder.enumType('InspectionHomeBodyKind', {
  description: '成员派出单位类别 — Kind of body a team member comes from.',
  values: {
    INSPECTION_OFFICE: { description: '巡察办（巡察组专职） — The inspection office.' },
    COMMISSION_DEPARTMENT: { description: '纪委监委机关部门（纪检监察室等） — A commission department, e.g. a supervision office.' },
    STATIONED_GROUP: { description: '派驻纪检组（抽调） — A stationed discipline-inspection group (borrowed staff).' },
    TOWNSHIP_COMMISSION: { description: '乡镇（街道）纪委 — A township commission.' },
    OTHER_UNIT: { description: '其他单位（抽调） — Another unit (borrowed staff).' },
  } as const,
});

const RecusalGroundEnum = builder.enumType('RecusalGround', {
  description: '回避情形 — Why a member must not inspect a unit.',
  values: Object.fromEntries(RECUSAL_GROUNDS.map((g) => [g, { description: RECUSAL_GROUND_NAMES[g] }])) as Record<RecusalGround, { description: string }>,
});

const RecusalExceptionRef = builder.objectRef<RecusalException>('RecusalException').implement({
  description: "回避例外 — A commission leader's approval for a member to inspect a unit despite a recusal ground.",
  authScopes: readRecusal,
  fields: (t) => ({
    unit: t.field({ type: UnitRef, description: '单位 — Unit concerned.', resolve: async (e, _a, ctx) => (await ctx.loaders.unitByCode.load(e.unitCode))! }),
    grounds: t.field({ type: [RecusalGroundEnum], description: '回避情形 — Grounds found.', resolve: (e) => e.grounds as RecusalGround[] }),
    reason: t.exposeString('reason', { description: '例外理由 — Why the exception was approved.' }),
    approvedByStaffId: t.exposeID('approvedBy', { description: '批准人（委领导，Staff） — Staff id of the approving leader.' }),
    approvedOn: t.expose('approvedOn', { type: 'Date', description: '批准日期 — Date approved.' }),
  }),
});

InspectionTeamMemberRef.implement({
  description: '巡察组成员 — A staff member on a team, with the body they come from.',
  authScopes: readPlan,
  fields: (t) => ({
    staffId: t.exposeID('staffId', { description: '工作人员编号（Staff） — Staff id (discipline staff pool).' }),
    staff: t.field({
      type: StaffRef,
      description: '工作人员 — The staff member (name and department come from discipline).',
      resolve: (m) => ({ id: m.staffId }),
    }),
    role: t.expose('role', { type: TeamRoleEnum, description: '职务 — Role in the team.' }),
    homeBodyKind: t.expose('homeBodyKind', { type: HomeBodyKindEnum, description: '派出单位类别 — Kind of home body.' }),
    homeBodyId: t.exposeID('homeBodyId', {
      nullable: true,
      description: '派出单位编号（派驻组、部门） — Id of the home body (stationed group, department), if any.',
    }),
    homeBodyName: t.exposeString('homeBodyName', { description: '派出单位名称 — Name of the home body.' }),
    homeUnit: t.field({
      type: UnitRef,
      nullable: true,
      description: '所在单位（回避审查用） — Registered unit the member works in, used for recusal.',
      resolve: (m, _a, ctx) => (m.homeUnitCode ? ctx.loaders.unitByCode.load(m.homeUnitCode) : null),
    }),
    team: t.field({
      type: InspectionTeamRef,
      description: '所在巡察组 — The team.',
      resolve: async (m, _a, ctx) => (await ctx.loaders.teamById.load(m.teamId))!,
    }),
    removedOn: t.expose('removedOn', { type: 'Date', nullable: true, description: '调出日期（不含） — Day the member left the team; null while on it.' }),
    closeRelativeUnits: t.field({
      type: [UnitRef],
      description: '近亲属任职单位（回避申报） — Units where a close relative of the member is a cadre, as declared (recusal).',
      authScopes: readRecusal,
      resolve: async (m, _a, ctx) => (await Promise.all(m.closeRelativeUnitCodes.map((code) => ctx.loaders.unitByCode.load(code)))).filter((u) => u !== null),
    }),
    concurrentReason: t.exposeString('concurrentReason', {
      nullable: true,
      description: '同期兼任理由 — Why the member serves on another team at the same time; null when not.',
    }),
    recusalExceptions: t.field({
      type: [RecusalExceptionRef],
      description: '回避例外 — Exceptions to recusal a commission leader approved for this member.',
      authScopes: readRecusal,
      resolve: async (m, _a, ctx) => (await ctx.loaders.recusalExceptionsByTeam.load(m.teamId)).filter((e) => e.staffId === m.staffId),
    }),
    removalReason: t.exposeString('removalReason', { nullable: true, description: '调出原因 — Why the member left.' }),
  }),
});

InspectionTeamRef.implement({
  description: '巡察组 — An inspection team of a round (5–7 staff, may borrow staff from stationed groups and supervision offices).',
  authScopes: readPlan,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    name: t.exposeString('name', { description: '名称 — Name, e.g. 第一巡察组.' }),
    round: t.field({
      type: InspectionRoundRef,
      description: '所属轮次 — Round.',
      resolve: async (team, _a, ctx) => (await ctx.loaders.roundById.load(team.roundId))!,
    }),
    members: t.field({
      type: [InspectionTeamMemberRef],
      description: '成员（现任） — Current members (those removed are under formerMembers).',
      resolve: async (team, _a, ctx) => (await ctx.loaders.membersByTeam.load(team.id)).filter((m) => m.removedOn == null),
    }),
    formerMembers: t.field({
      type: [InspectionTeamMemberRef],
      description: '已调出成员 — Members removed from the team, kept as history.',
      resolve: async (team, _a, ctx) => (await ctx.loaders.membersByTeam.load(team.id)).filter((m) => m.removedOn != null),
    }),
    inspections: t.field({
      type: [InspectionRef],
      description: '巡察对象 — Units the team inspects.',
      resolve: (team, _a, ctx) => ctx.loaders.inspectionsByTeam.load(team.id),
    }),
  }),
});

InspectionRef.implement({
  description: '巡察 — A team inspecting a unit within a round.',
  authScopes: readPlan,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    round: t.field({ type: InspectionRoundRef, description: '轮次 — Round.', resolve: async (i, _a, ctx) => (await ctx.loaders.roundById.load(i.roundId))! }),
    team: t.field({ type: InspectionTeamRef, description: '巡察组 — Team.', resolve: async (i, _a, ctx) => (await ctx.loaders.teamById.load(i.teamId))! }),
    unit: t.field({
      type: UnitRef,
      description: '被巡察单位 — Unit inspected.',
      resolve: async (i, _a, ctx) => (await ctx.loaders.unitByCode.load(i.unitCode))!,
    }),
    followUpWithoutPlanReason: t.string({
      nullable: true,
      description: '无整改方案进入回头看的原因 — Why the unit entered 回头看 without an approved plan; null when it had one (or the round is not there yet).',
      authScopes: readFollowUpWithoutPlan,
      resolve: async (i, _a, ctx) => (await ctx.loaders.followUpWithoutPlanByInspection.load(i.id))?.reason ?? null,
    }),
  }),
});

// ─── Queries ────────────────────────────────────────────────────────────────────────────────────

const RoundFilterInput = builder.inputType('InspectionRoundFilter', {
  description: '巡察轮次筛选 — Filter for rounds; all given conditions must hold.',
  fields: (t) => ({
    year: t.int({ required: false, description: '年度 — Year.' }),
    stage: t.field({ type: StageEnum, required: false, description: '当前阶段 — Current stage.' }),
  }),
});

const InspectionFilterInput = builder.inputType('InspectionFilter', {
  description: '巡察筛选 — Filter for inspections; all given conditions must hold.',
  fields: (t) => ({
    roundId: t.id({ required: false, description: '轮次 — Round id.' }),
    teamId: t.id({ required: false, description: '巡察组 — Team id.' }),
    unitCode: t.field({ type: 'UnitCode', required: false, description: '被巡察单位 — Unit code.' }),
  }),
});

builder.queryFields((t) => ({
  inspectionRounds: t.connection(
    {
      type: InspectionRoundRef,
      description: '巡察轮次（按开始日期倒序） — Inspection rounds, latest start first.',
      authScopes: readPlan,
      args: { filter: t.arg({ type: RoundFilterInput, required: false, description: '筛选条件 — Filter.' }) },
      resolve: (_root, args, ctx) => {
        const filter = args.filter ?? {};
        checkYear(filter.year, 'filter.year');
        return paginate<InspectionRound>(args, {
          keys: DATE_ID_KEY,
          key: (r) => pageKey(r.startOn, r.id),
          fetch: (window) => listRounds(ctx.db, filter, window),
          count: () => countRounds(ctx.db, filter),
        });
      },
    },
    { description: '巡察轮次分页 — A page of inspection rounds.' },
    { description: '轮次条目 — One round of the page.' },
  ),
  inspectionRound: t.field({
    type: InspectionRoundRef,
    nullable: true,
    description: '按编号查询巡察轮次 — A round by id; null when there is none.',
    authScopes: readPlan,
    args: { id: t.arg.id({ required: true, description: '编号 — Round id.' }) },
    resolve: (_root, args, ctx) => ctx.loaders.roundById.load(String(args.id)),
  }),
  inspections: t.connection(
    {
      type: InspectionRef,
      description: '巡察（按单位代码） — Inspections, ordered by unit code.',
      authScopes: readPlan,
      args: { filter: t.arg({ type: InspectionFilterInput, required: false, description: '筛选条件 — Filter.' }) },
      resolve: (_root, args, ctx) => {
        const filter = { roundId: idFilter(args.filter?.roundId), teamId: idFilter(args.filter?.teamId), unitCode: args.filter?.unitCode };
        return paginate<Inspection>(args, {
          keys: TEXT_ID_KEY,
          key: (i) => pageKey(i.unitCode, i.id),
          fetch: (window) => listInspections(ctx.db, filter, window),
          count: () => countInspections(ctx.db, filter),
        });
      },
    },
    { description: '巡察分页 — A page of inspections.' },
    { description: '巡察条目 — One inspection of the page.' },
  ),
  inspection: t.field({
    type: InspectionRef,
    nullable: true,
    description: '按编号查询巡察 — An inspection by id; null when there is none.',
    authScopes: readPlan,
    args: { id: t.arg.id({ required: true, description: '编号 — Inspection id.' }) },
    resolve: (_root, args, ctx) => ctx.loaders.inspectionById.load(String(args.id)),
  }),
}));

// ─── Mutations ──────────────────────────────────────────────────────────────────────────────────

const CreateRoundInput = builder.inputType('CreateInspectionRoundInput', {
  description: '部署巡察轮次 — A new round, starting in preparation (巡前准备).',
  fields: (t) => ({
    year: t.int({ description: '年度 — Year.' }),
    number: t.int({ description: '轮次序号 — Number (9 for 第九轮), unique within the year.' }),
    theme: t.string({ description: '巡察主题 — Theme.' }),
    startOn: t.field({ type: 'Date', description: '开始日期 — Start date.' }),
    endOn: t.field({ type: 'Date', required: false, description: '计划结束日期 — Planned end date.' }),
  }),
});

const WithoutPlanInput = builder.inputType('FollowUpWithoutPlanInput', {
  description: '无整改方案进入回头看 — A unit entering 回头看 without an approved plan, and why.',
  fields: (t) => ({
    inspectionId: t.id({ description: '巡察 — Inspection id.' }),
    reason: t.string({ description: '原因 — Why the unit has no approved plan.' }),
  }),
});

const AdvanceRoundInput = builder.inputType('AdvanceInspectionRoundInput', {
  description: '推进巡察阶段 — Move a round to its next stage.',
  fields: (t) => ({
    roundId: t.id({ description: '轮次 — Round id.' }),
    stage: t.field({ type: StageEnum, description: '进入的阶段（须为下一阶段） — Stage to enter: the next one, never an earlier one.' }),
    on: t.field({ type: 'Date', description: '进入日期 — Date the stage begins.' }),
    withoutApprovedPlan: t.field({
      type: [WithoutPlanInput],
      required: false,
      description:
        '无审核通过整改方案的单位及原因（仅进入回头看时） — Units without an approved plan and why (only when entering FOLLOW_UP; every such unit needs one).',
    }),
  }),
});

const CreateTeamInput = builder.inputType('CreateInspectionTeamInput', {
  description: '组建巡察组 — A new team of a round in preparation.',
  fields: (t) => ({
    roundId: t.id({ description: '轮次 — Round id.' }),
    name: t.string({ description: '名称 — Name, e.g. 第一巡察组.' }),
  }),
});

const HomeBodyInput = builder.inputType('InspectionHomeBodyInput', {
  description: '派出单位 — The body a member comes from.',
  fields: (t) => ({
    kind: t.field({ type: HomeBodyKindEnum, description: '类别 — Kind.' }),
    id: t.id({ required: false, description: '编号（派驻组、部门必填） — Id of a stationed group or department (required for those kinds).' }),
    name: t.string({ description: '名称 — Name.' }),
  }),
});

const ConcurrentInput = builder.inputType('ConcurrentServiceInput', {
  description: '同期兼任 — Why a staff member serves on two teams at the same time.',
  fields: (t) => ({ reason: t.string({ description: '理由 — Reason.' }) }),
});

export const RecusalExceptionInput = builder.inputType('RecusalExceptionInput', {
  description: "回避例外 — A commission leader's approval to inspect a unit despite a recusal ground; recorded with the leader as approver.",
  fields: (t) => ({
    reason: t.string({ description: '理由 — Why the exception is approved.' }),
    approvedOn: t.field({ type: 'Date', description: '批准日期 — Date approved.' }),
  }),
});

const AddMemberInput = builder.inputType('AddInspectionTeamMemberInput', {
  description: '增加巡察组成员 — Add a staff member to a team in preparation.',
  fields: (t) => ({
    teamId: t.id({ description: '巡察组 — Team id.' }),
    staffId: t.id({ description: '工作人员编号 — Staff id.' }),
    role: t.field({ type: TeamRoleEnum, description: '职务 — Role.' }),
    homeBody: t.field({ type: HomeBodyInput, description: '派出单位 — Home body.' }),
    homeUnitCode: t.field({
      type: 'UnitCode',
      required: false,
      description:
        '所在单位代码（回避审查；抽调自单位或乡镇纪委的成员必填） — Code of the unit the member works in, for recusal; required for members lent by a unit or a township commission.',
    }),
    closeRelativeUnitCodes: t.field({
      type: ['UnitCode'],
      required: false,
      description: '近亲属任职单位（回避申报） — Units where a close relative of the member is a cadre, as the member declared.',
    }),
    concurrent: t.field({
      type: ConcurrentInput,
      required: false,
      description: bilingual(
        '同期兼任（同时在另一巡察组，或在派驻工作、专项检查组任务期间时必填）',
        'Serving on another team, a stationed deployment or a special-inspection team at the same time: required then,',
        'with the reason.',
      ),
    }),
    recusalException: t.field({
      type: RecusalExceptionInput,
      required: false,
      description: '回避例外（须委领导批准） — An exception to recusal, approved by a commission leader (leaders only).',
    }),
  }),
});

const AssignInspectionInput = builder.inputType('AssignInspectionInput', {
  description: '确定巡察对象 — Assign a unit to a team of a round in preparation.',
  fields: (t) => ({
    teamId: t.id({ description: '巡察组 — Team id.' }),
    unitCode: t.field({ type: 'UnitCode', description: '被巡察单位 — Unit code.' }),
    recusalException: t.field({
      type: RecusalExceptionInput,
      required: false,
      description: '回避例外（须委领导批准） — An exception to recusal for the members concerned, approved by a commission leader (leaders only).',
    }),
  }),
});

const RoundPayload = payloadType(builder, 'InspectionRoundPayload', {
  field: 'round',
  type: InspectionRoundRef,
  description: '巡察轮次变更结果 — The round, or why the step was refused.',
  load: (id, ctx) => ctx.loaders.roundById.load(id),
});
export const TeamPayload = payloadType(builder, 'InspectionTeamPayload', {
  field: 'team',
  type: InspectionTeamRef,
  description: '巡察组变更结果 — The team, or why the step was refused.',
  load: (id, ctx) => ctx.loaders.teamById.load(id),
});
const InspectionPayload = payloadType(builder, 'InspectionPayload', {
  field: 'inspection',
  type: InspectionRef,
  description: '巡察变更结果 — The inspection, or why the step was refused.',
  load: (id, ctx) => ctx.loaders.inspectionById.load(id),
});

builder.mutationFields((t) => ({
  createInspectionRound: t.field({
    type: RoundPayload,
    description: '部署巡察轮次 — Create a round in preparation (巡前准备).',
    authScopes: writeInspectionSteps,
    args: { input: t.arg({ type: CreateRoundInput, required: true, description: '轮次信息 — The round.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const problems = new UserErrors();
        const theme = problems.collect(() => requireText(input.theme, ['input', 'theme'], '巡察主题'));
        problems.check(input.year >= 2000 && input.year <= 2100, 'BAD_USER_INPUT', ['input', 'year'], '年度无效 — year must be between 2000 and 2100');
        problems.check(input.number >= 1 && input.number <= 99, 'BAD_USER_INPUT', ['input', 'number'], '轮次序号应为 1–99 — number must be between 1 and 99');
        checkRoundDates(problems, { year: input.year, startOn: input.startOn, endOn: input.endOn ?? null }, todayInShanghai());
        problems.throwIfAny();
        if (await findRoundByYearNumber(tx, input.year, input.number)) {
          refuse('ALREADY_EXISTS', ['input', 'number'], `${input.year} 年${roundName(input.number)}已存在 — this round exists already`);
        }
        const id = await insertRound(tx, { year: input.year, number: input.number, theme: theme!, startOn: input.startOn, endOn: input.endOn ?? null });
        await setRoundStage(tx, id, 'PREPARATION', input.startOn, ctx.viewer.staffId);
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'InspectionRound', recordId: id });
        return id;
      }),
  }),
  advanceInspectionRound: t.field({
    type: RoundPayload,
    description: '推进巡察阶段 — Move a round to the next stage; going back or skipping a stage is refused.',
    authScopes: writeInspectionSteps,
    args: { input: t.arg({ type: AdvanceRoundInput, required: true, description: '阶段 — The step.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const roundId = idOrRefuse(input.roundId, ['input', 'roundId']);
        const round = await findRoundForUpdate(tx, roundId);
        if (!round) refuse('NOT_FOUND', ['input', 'roundId'], '巡察轮次不存在 — no such round');
        const to = input.stage as Stage;
        const withoutPlan = (input.withoutApprovedPlan ?? []).map((w, i) => ({
          inspectionId: idOrRefuse(w.inspectionId, ['input', 'withoutApprovedPlan', String(i), 'inspectionId']),
          reason: requireText(w.reason, ['input', 'withoutApprovedPlan', String(i), 'reason'], '原因'),
        }));
        const problems = new UserErrors();
        const last = await latestStageChange(tx, roundId);
        const movable = checkStageMove(problems, { from: round.stage, to, on: input.on, previousEnteredOn: last?.enteredOn ?? null }, todayInShanghai());
        checkWithoutPlanOnlyForFollowUp(problems, to, withoutPlan.length);
        if (movable) {
          const units = (await findInspectionsOfRound(tx, roundId)).map((i) => ({ inspectionId: i.id, unitCode: i.unitCode, teamId: i.teamId }));
          const ids = units.map((u) => u.inspectionId);
          if (to === 'ENTRY')
            checkEntry(problems, input.on, units, await memberCountsOf(tx, [...new Set(units.map((u) => u.teamId))]), await briefingDatesOf(tx, ids));
          if (to === 'FEEDBACK') checkFeedback(problems, input.on, await latestFindingDateOfRound(tx, roundId));
          if (to === 'TRANSFER') checkTransfer(problems, input.on, units, await meetingDatesOf(tx, ids));
          if (to === 'RECTIFICATION') checkRectification(problems, await findingsAwaitingTransfer(tx, roundId));
          if (to === 'FOLLOW_UP') checkFollowUp(problems, units, await inspectionsWithApprovedPlan(tx, ids), withoutPlan);
        }
        problems.throwIfAny();
        await insertFollowUpsWithoutPlan(
          tx,
          withoutPlan.map((w) => ({ inspectionId: w.inspectionId, reason: w.reason, recordedBy: ctx.viewer.staffId, recordedOn: input.on })),
        );
        await setRoundStage(tx, roundId, input.stage as Stage, input.on, ctx.viewer.staffId);
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'InspectionRound', recordId: roundId });
        return roundId;
      }),
  }),
  createInspectionTeam: t.field({
    type: TeamPayload,
    description: '组建巡察组 — Create a team in a round that is in preparation.',
    authScopes: writeInspectionSteps,
    args: { input: t.arg({ type: CreateTeamInput, required: true, description: '巡察组 — The team.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const roundId = idOrRefuse(input.roundId, ['input', 'roundId']);
        const name = requireText(input.name, ['input', 'name'], '名称');
        const round = await findRoundForUpdate(tx, roundId);
        if (!round) refuse('NOT_FOUND', ['input', 'roundId'], '巡察轮次不存在 — no such round');
        if (round.stage !== 'PREPARATION')
          refuse('INVALID_TRANSITION', ['input', 'roundId'], '只能在巡前准备阶段组建巡察组 — teams are formed in preparation only');
        if (await findTeamByName(tx, roundId, name))
          refuse('ALREADY_EXISTS', ['input', 'name'], '本轮已有同名巡察组 — a team of that name exists in the round');
        const id = await insertTeam(tx, { roundId, name });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'InspectionTeam', recordId: id });
        return id;
      }),
  }),
  addInspectionTeamMember: t.field({
    type: TeamPayload,
    description: "增加巡察组成员 — Add a member; refused when the member's home unit is a unit the team inspects (回避).",
    authScopes: writeInspectionSteps,
    args: { input: t.arg({ type: AddMemberInput, required: true, description: '成员 — The member.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const teamId = idOrRefuse(input.teamId, ['input', 'teamId']);
        const staffId = idOrRefuse(input.staffId, ['input', 'staffId']);
        const homeBodyName = requireText(input.homeBody.name, ['input', 'homeBody', 'name'], '派出单位名称');
        const homeBodyId = input.homeBody.id == null ? null : String(input.homeBody.id).trim() || null;
        if ((input.homeBody.kind === 'STATIONED_GROUP' || input.homeBody.kind === 'COMMISSION_DEPARTMENT') && !homeBodyId) {
          refuse('BAD_USER_INPUT', ['input', 'homeBody', 'id'], '派驻组或部门须注明编号 — a stationed group or department needs its id');
        }
        const team = await findTeam(tx, teamId);
        if (!team) refuse('NOT_FOUND', ['input', 'teamId'], '巡察组不存在 — no such team');
        if (team.stage !== 'PREPARATION') refuse('INVALID_TRANSITION', ['input', 'teamId'], '进驻后不能调整巡察组成员 — membership is fixed after preparation');
        // The references, and the staff member's assignments as the other bodies record them (for 同期任务).
        const check = references(ctx)
          .add('staff', ['input', 'staffId'], staffId)
          .engagementsOf('stationed', ['input', 'staffId'], staffId)
          .engagementsOf('discipline', ['input', 'staffId'], staffId);
        if (input.homeBody.kind === 'STATIONED_GROUP') check.add('stationedGroup', ['input', 'homeBody', 'id'], homeBodyId);
        if (input.homeBody.kind === 'COMMISSION_DEPARTMENT') check.add('department', ['input', 'homeBody', 'id'], homeBodyId);
        await check.run('addInspectionTeamMember');
        const member = await addMemberToTeam(tx, ctx, team, {
          staffId,
          homeBodyKind: input.homeBody.kind,
          homeUnitCode: input.homeUnitCode ?? null,
          closeRelativeUnitCodes: input.closeRelativeUnitCodes ?? [],
          concurrentReason: input.concurrent == null ? null : requireText(input.concurrent.reason, ['input', 'concurrent', 'reason'], '兼任理由'),
          recusalException: input.recusalException ?? null,
          otherBodiesEngagements: check.engagements(),
        });
        const all = await findMembers(tx, teamId);
        if (all.some((m) => m.staffId === staffId && m.removedOn != null))
          refuse('CONFLICT', ['input', 'staffId'], '该人员已从本组调出，不能再次加入 — the staff member was removed from this team');
        const members = all.filter((m) => m.removedOn == null);
        if (members.some((m) => m.staffId === staffId)) refuse('ALREADY_EXISTS', ['input', 'staffId'], '已是本组成员 — already a member of the team');
        if (members.length >= 7) refuse('LIMIT_EXCEEDED', ['input', 'teamId'], '巡察组最多 7 名成员 — a team has at most 7 members');
        if (input.role === 'LEADER' && members.some((m) => m.role === 'LEADER'))
          refuse('CONFLICT', ['input', 'role'], '本组已有组长 — the team has a leader already');
        const otherTeam = await findTeamOfStaffInRound(tx, staffId, team.roundId);
        if (otherTeam) refuse('CONFLICT', ['input', 'staffId'], `已在本轮${otherTeam.name} — already on another team of the round`);
        await insertMember(tx, { teamId, staffId, role: input.role, homeBodyKind: input.homeBody.kind, homeBodyId, homeBodyName, ...member.row });
        await member.afterInsert();
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'InspectionTeam', recordId: teamId });
        return teamId;
      }),
  }),
  assignInspection: t.field({
    type: InspectionPayload,
    description: '确定巡察对象 — Assign a unit to a team; refused when a member works in that unit (回避).',
    authScopes: writeInspectionSteps,
    args: { input: t.arg({ type: AssignInspectionInput, required: true, description: '巡察对象 — The assignment.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const teamId = idOrRefuse(input.teamId, ['input', 'teamId']);
        const team = await findTeam(tx, teamId);
        if (!team) refuse('NOT_FOUND', ['input', 'teamId'], '巡察组不存在 — no such team');
        if (team.stage !== 'PREPARATION')
          refuse('INVALID_TRANSITION', ['input', 'teamId'], '只能在巡前准备阶段确定巡察对象 — units are assigned in preparation only');
        if ((await findUnitsByCodes(tx, [input.unitCode])).length === 0)
          refuse('NOT_FOUND', ['input', 'unitCode'], '单位不在巡察对象名录中 — unit is not registered');
        if (await findInspectionOfRoundUnit(tx, team.roundId, input.unitCode))
          refuse('ALREADY_EXISTS', ['input', 'unitCode'], '该单位已列入本轮巡察 — the unit is already inspected in this round');
        const recordExceptions = await assignUnitToTeam(tx, ctx, team, input.unitCode, input.recusalException ?? null);
        const id = await insertInspection(tx, { roundId: team.roundId, teamId, unitCode: input.unitCode });
        await recordExceptions();
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'Inspection', recordId: id });
        return id;
      }),
  }),
}));
