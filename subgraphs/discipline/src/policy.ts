import { isUuid, personLevel, type Role, ROLES, rule, DESIGN_ONE_COHERENT_RECORD } from '@hub/core';
import type { Context } from './context.ts';
import type { Bulletin, BulletinKind, Clue } from './db/database.ts';
import { BULLETIN_ISSUER, bulletinReach, isInspectionOfficeStaff, mayReadBulletin, mayReadReceipts } from './domain/bulletins.ts';
import { AGGREGATE_ROLES, ALL_CASES_ROLES, clueScopes, PERSON_READERS } from './schema/common.ts';

/**
 * Who may read and write what in the discipline subgraph (DESIGN §6). The role lists live in
 * `schema/common.ts` for now and are named here by the rules that use them.
 */

const S_CONTENT =
  "Person-level clue, case and petition content: the handling department, `case_manager`, `leader`. Inspection officers see, for units of an inspection their team is on — from the team's assignment in 巡前准备 until the round closes — counts and disposal status, not content; and the outcomes of their own team's transferred clues.";

/** A unit with the teams assigned to inspect it (from inspection, `@requires`). */
export interface UnitWithAssignedTeams {
  code: string;
  assignedInspectionTeamIds?: string[] | null;
}

/**
 * Counts and disposal status about a unit: the offices, leaders and analysts (aggregates), and
 * inspection officers of a team assigned to the unit, from preparation until its round closes.
 */
export const readUnitCounts = rule(
  {
    name: 'readUnitCounts',
    zh: '单位的信访、线索、案件、处分统计限各室、委领导、统计分析人员及受派巡察该单位的巡察组（自巡前准备至本轮结束）',
    en: 'counts about a unit are for the offices, leaders, analysts and the team assigned to inspect the unit (from preparation until its round closes)',
    design: S_CONTENT,
  },
  (unit: { code: string; assignedInspectionTeamIds?: string[] | null }) => ({
    role: [...AGGREGATE_ROLES],
    inspectionTeam: unit.assignedInspectionTeamIds ?? [],
  }),
);

/** Who may read the records behind a signal: petitions — leaders, the petition office, case management; clues — leaders and case management. */
const EVIDENCE_READERS = {
  REPEATED_FOUR_WINDS_PETITIONS: ['leader', 'petition_officer', 'case_manager'],
  SAME_PERSON_CLUES_SEVERAL_YEARS: [...ALL_CASES_ROLES],
} as const;

export const readSignalEvidence = rule(
  {
    name: 'readSignalEvidence',
    zh: '信号依据的信访件和线索按其本身的知悉范围提供',
    en: 'the petitions and clues behind a signal follow their own need-to-know',
    design: S_CONTENT,
    personLevel: true,
  },
  (s: { kind: keyof typeof EVIDENCE_READERS }) => ({ role: [...EVIDENCE_READERS[s.kind]] }),
);

/**
 * Clues this request reached through their own team's transfer (`ClueTransfer.clue`): an inspection
 * officer of that team may read their status and outcome. Nothing else opens a clue to inspection.
 */
export function noteOwnTransferClue(ctx: Context, clue: Clue | null): Clue | null {
  if (clue) ctx.ownTransferClues.add(clue.id);
  return clue;
}

export const readClue = rule(
  {
    name: 'readClue',
    zh: '问题线索限委领导、案件监督管理室、承办单位；巡察组仅可读其移交线索的办理状态和结果',
    en: 'clues are for leaders, case management and the handling body; an inspection team reads only the status and outcome of its own transfers',
    design: S_CONTENT,
    personLevel: true,
  },
  (clue: Clue, ctx: Context) => {
    const scopes = clueScopes(clue);
    return ctx.ownTransferClues.has(clue.id) ? { ...scopes, role: [...scopes.role, 'inspection_officer' as const] } : scopes;
  },
);

/** The transfer's clue: leaders, case management, the handling body — and the team that transferred it. */
export const readTransferredClue = rule(
  {
    name: 'readTransferredClue',
    zh: '移交线索的办理结果限委领导、案件监督管理室、承办单位及移交该线索的巡察组',
    en: "a transferred clue's result is for leaders, case management, the handling body and the team that transferred it",
    design: S_CONTENT,
  },
  (transfer: { inspectionTeamId?: string | null }) => ({
    role: [...ALL_CASES_ROLES, 'case_officer' as const, 'stationed_officer' as const],
    ...(transfer.inspectionTeamId ? { inspectionTeam: transfer.inspectionTeamId } : {}),
  }),
);

const caseRecords = rule(
  {
    name: 'readCaseRecords',
    zh: '线索、案件、处分等个人层面内容限委领导和案件监督管理室',
    en: 'person-level clues, cases and sanctions are for leaders and case management',
    design: S_CONTENT,
    personLevel: true,
  },
  { role: [...ALL_CASES_ROLES] },
);

/** 人员的线索、案件、处分 — person-level lists on a person: every read audited under the person. */
export const readCaseRecords = personLevel(caseRecords);

/** 单位的线索、案件、处分 — the same lists on a unit (about its cadres); audited under the unit's code. */
export const readUnitCaseRecords = personLevel(caseRecords, { recordId: (unit: { code: string }) => unit.code });

export const readPersons = rule(
  {
    name: 'readPersons',
    zh: '人员信息不向统计分析人员提供',
    en: 'persons are never for analysts',
    design: '`analyst`: statistics and aggregates only, never a person.',
    personLevel: true,
  },
  { role: [...PERSON_READERS] },
);
/** Dates of public holidays are not sensitive: every role that works with deadlines. */
const CALENDAR_READERS = ROLES.filter((r) => r !== 'analyst');
const S_DEADLINES = 'Deadlines (§7): what is due lists only the items the caller may read; `analyst`: statistics and aggregates only.';

export const readCalendar = rule(
  {
    name: 'readCalendar',
    zh: '工作日历和到期事项限办理业务的各角色（不含统计分析人员）',
    en: 'the working calendar and what is due are for the roles that work with deadlines (not analysts)',
    design: S_DEADLINES,
  },
  { role: CALENDAR_READERS },
);

export const loadCalendar = rule(
  { name: 'loadCalendar', zh: '载入年度节假日安排限委领导', en: "loading a year's holiday notice is for leaders", design: S_DEADLINES },
  { role: 'leader' as const },
);

// ─── Service identities and the outbox (references verified before writing, facts that travel) ─

export const lookUpDisciplineReferences = rule(
  {
    name: 'lookUpDisciplineReferences',
    zh: '纪律方记录核验（人员、工作人员、部门、协作区是否存在）仅限巡察方、派驻方的服务身份',
    en: 'existence of persons, staff, departments and zones is for the service identities of the inspection and stationed bodies only',
    design: DESIGN_ONE_COHERENT_RECORD,
  },
  { service: ['inspection', 'stationed'] },
);

export const readDisciplineOutbox = rule(
  {
    name: 'readDisciplineOutbox',
    zh: '事件投递状态限委领导',
    en: 'the delivery state of the outbox is for leaders',
    design:
      'Facts carried by an outbox: at least once, applied once, surviving either side being down, with the lag and any stuck deliveries visible to a leader (issue 11).',
  },
  { role: 'leader' as const },
);

export const readConcurrentStaff = rule(
  {
    name: 'readConcurrentStaff',
    zh: '专项检查同期兼任人员及理由限委领导、党风政风监督室及组织调配的巡察、派驻干部',
    en: 'who serves concurrently on special-inspection teams, and why, is for leaders, the conduct office and the officers who organise deployments',
    design: 'Joint special inspection 专项检查: staff from four bodies and finance, teams (§4).',
  },
  { role: ['leader', 'conduct_officer', 'inspection_officer', 'stationed_officer'] as Role[] },
);

// ─── 定期通报 ───────────────────────────────────────────────────────────────────────────────────

const S_BULLETINS =
  "Bulletins (定期通报, source: 信息定期通报共享): the commission's offices send their analyses to 纪检监察室, 派驻纪检组 and 巡察机构; 巡察办 sends its 报备材料 to the commission's departments and the stationed groups. Need-to-know follows the recipients.";

/** Every role may ask for the list; it holds only the bulletins the caller reads (`readBulletin`). */
export const readBulletinList = rule(
  {
    name: 'readBulletinList',
    zh: '定期通报列表只列出本人可阅的通报',
    en: 'the bulletin list holds only the bulletins the caller may read',
    design: S_BULLETINS,
  },
  { role: [...ROLES] },
);

/** A bulletin: leaders, the issuing body and the bodies it was sent to. */
export const readBulletin = rule(
  {
    name: 'readBulletin',
    zh: '定期通报限委领导、印发机构和通报对象阅读',
    en: 'a bulletin is for leaders, its issuing body and its recipients',
    design: S_BULLETINS,
  },
  async (bulletin: Bulletin, ctx: Context) => mayReadBulletin(bulletin, await ctx.loaders.bulletinRecipients.load(bulletin.id), await viewerBulletinReach(ctx)),
);

/** Who read a bulletin: leaders and the issuing body. */
export const readBulletinReceipts = rule(
  {
    name: 'readBulletinReceipts',
    zh: '通报阅知记录限委领导和印发机构查看',
    en: 'who read a bulletin is for leaders and its issuing body',
    design: S_BULLETINS,
  },
  async (bulletin: Bulletin, _args: unknown, ctx: Context) => mayReadReceipts(bulletin, await viewerBulletinReach(ctx)),
);

/** Each kind has one issuing body: its role (or a leader) issues it. */
export const issueBulletin = rule(
  {
    name: 'issueBulletin',
    zh: '各类通报由其印发机构（或委领导）印发：信访举报分析由信访室，四风分析由党风政风监督室，案件情况由案件监督管理室，巡察报备材料由巡察办（人员库中属巡察办的巡察干部）',
    en: "each kind of bulletin is issued by its body (or a leader): petition analyses by the petition office, four-winds analyses by conduct supervision, case status by case management, inspection report material by the inspection office (inspection officers whose staff record is the inspection office's)",
    design: S_BULLETINS,
  },
  async (_root: unknown, args: { input: { kind: BulletinKind } }, ctx: Context) => {
    const roles = BULLETIN_ISSUER[args.input.kind].roles;
    if (args.input.kind !== 'INSPECTION_REPORT' || ctx.viewer.roles.includes('leader')) return { role: roles };
    // An inspection officer issues for 巡察办 only as one of its cadres (discipline's staff records say so).
    return isInspectionOfficeStaff(await viewerStaff(ctx)) ? { role: roles } : { role: roles.filter((role) => role !== 'inspection_officer') };
  },
);

/** The caller's own staff record (discipline keeps the staff registry), if the caller is registered staff. */
const viewerStaff = async (ctx: Context) => (isUuid(ctx.viewer.staffId) ? await ctx.loaders.staffById.load(ctx.viewer.staffId.toLowerCase()) : null);

/** The bodies the caller belongs to for bulletins: by role and scopes, and 巡察办 by the staff record. */
export async function viewerBulletinReach(ctx: Context) {
  const inspectionOfficer = ctx.viewer.roles.includes('inspection_officer');
  return bulletinReach(ctx.viewer, inspectionOfficer ? await viewerStaff(ctx) : null);
}

// ─── Public, reviewed ───────────────────────────────────────────────────────────────────────────

/** Fields every authenticated role may read, each with the reason (see `test/policy/deny-by-default.test.ts`). */
export const PUBLIC_FIELDS: Record<string, string> = {
  'QuerySpecialInspectionsConnection.edges': 'paging of a list whose query is public',
  'QuerySpecialInspectionsConnection.pageInfo': 'paging of a list whose query is public',
  'QuerySpecialInspectionsConnection.totalCount': 'paging of a list whose query is public',
  'QuerySpecialInspectionsConnectionEdge.cursor': 'paging of a list whose query is public',
  'QuerySpecialInspectionsConnectionEdge.node': 'paging of a list whose query is public',
  'PageInfo.endCursor': 'paging of a list whose query is public',
  'PageInfo.hasNextPage': 'paging of a list whose query is public',
  'PageInfo.hasPreviousPage': 'paging of a list whose query is public',
  'PageInfo.startCursor': 'paging of a list whose query is public',
  'ClueTransfer.id': 'entity stub: the key only, owned and guarded by another subgraph',
  'ClueTransfer.inspectionTeamId': 'external: resolved by inspection under the ClueTransfer rule',
  'RectificationItem.id': 'entity stub: the key only, owned and guarded by another subgraph',
  'CollaborationZone.id': 'collaboration zones and departments are the published organisation of the commission',
  'CollaborationZone.leader': 'collaboration zones and departments are the published organisation of the commission',
  'CollaborationZone.members': 'collaboration zones and departments are the published organisation of the commission',
  'CollaborationZone.name': 'collaboration zones and departments are the published organisation of the commission',
  'CollaborationZone.townships': 'collaboration zones and departments are the published organisation of the commission',
  'Department.id': 'collaboration zones and departments are the published organisation of the commission',
  'Department.kind': 'collaboration zones and departments are the published organisation of the commission',
  'Department.name': 'collaboration zones and departments are the published organisation of the commission',
  'Query.collaborationZones': 'collaboration zones and departments are the published organisation of the commission',
  'Query.departments': 'collaboration zones and departments are the published organisation of the commission',
  'Query.specialInspections': 'joint special inspections (专项检查) and their results are published work of four bodies, no person',
  'Unit.specialInspections': 'joint special inspections (专项检查) and their results are published work of four bodies, no person',
  'SpecialInspection.checks': 'joint special inspections (专项检查) and their results are published work of four bodies, no person',
  'SpecialInspection.endedOn': 'joint special inspections (专项检查) and their results are published work of four bodies, no person',
  'SpecialInspection.fundsReturned': 'joint special inspections (专项检查) and their results are published work of four bodies, no person',
  'SpecialInspection.id': 'joint special inspections (专项检查) and their results are published work of four bodies, no person',
  'SpecialInspection.problemsFound': 'joint special inspections (专项检查) and their results are published work of four bodies, no person',
  'SpecialInspection.startedOn': 'joint special inspections (专项检查) and their results are published work of four bodies, no person',
  'SpecialInspection.teams': 'joint special inspections (专项检查) and their results are published work of four bodies, no person',
  'SpecialInspection.theme': 'joint special inspections (专项检查) and their results are published work of four bodies, no person',
  'SpecialInspectionCheck.checkedOn': 'joint special inspections (专项检查) and their results are published work of four bodies, no person',
  'SpecialInspectionCheck.fundsReturned': 'joint special inspections (专项检查) and their results are published work of four bodies, no person',
  'SpecialInspectionCheck.problemsFound': 'joint special inspections (专项检查) and their results are published work of four bodies, no person',
  'SpecialInspectionCheck.unit': 'joint special inspections (专项检查) and their results are published work of four bodies, no person',
  'SpecialInspectionTeam.id': 'joint special inspections (专项检查) and their results are published work of four bodies, no person',
  'SpecialInspectionTeam.name': 'joint special inspections (专项检查) and their results are published work of four bodies, no person',
  'DisciplineDisposalCount.count': 'statistics and aggregates: every role, analysts included; never a person',
  'DisciplineDisposalCount.method': 'statistics and aggregates: every role, analysts included; never a person',
  'DisciplineFourFormCount.count': 'statistics and aggregates: every role, analysts included; never a person',
  'DisciplineFourFormCount.form': 'statistics and aggregates: every role, analysts included; never a person',
  'DisciplineSanctionTypeCount.count': 'statistics and aggregates: every role, analysts included; never a person',
  'DisciplineSanctionTypeCount.type': 'statistics and aggregates: every role, analysts included; never a person',
  'YearStatistics.casesClosed': 'statistics and aggregates: every role, analysts included; never a person',
  'YearStatistics.casesFiled': 'statistics and aggregates: every role, analysts included; never a person',
  'YearStatistics.cluesDisposed': 'statistics and aggregates: every role, analysts included; never a person',
  'YearStatistics.cluesDisposedByMethod': 'statistics and aggregates: every role, analysts included; never a person',
  'YearStatistics.detentions': 'statistics and aggregates: every role, analysts included; never a person',
  'YearStatistics.fourForms': 'statistics and aggregates: every role, analysts included; never a person',
  'YearStatistics.lossesRecovered': 'statistics and aggregates: every role, analysts included; never a person',
  'YearStatistics.personsHandled': 'statistics and aggregates: every role, analysts included; never a person',
  'YearStatistics.personsSanctioned': 'statistics and aggregates: every role, analysts included; never a person',
  'YearStatistics.petitionsReceived': 'statistics and aggregates: every role, analysts included; never a person',
  'YearStatistics.sanctionsByType': 'statistics and aggregates: every role, analysts included; never a person',
  'YearStatistics.specialInspectionFundsReturned': 'statistics and aggregates: every role, analysts included; never a person',
  'YearStatistics.transfersToProcuratorate': 'statistics and aggregates: every role, analysts included; never a person',
  'YearStatistics.year': 'statistics and aggregates: every role, analysts included; never a person',
  'StaffEngagement.endOn': 'shared engagement type: the period a staff member served, guarded where it is listed',
  'StaffEngagement.inspectionTeamId': 'shared engagement type: the period a staff member served, guarded where it is listed',
  'StaffEngagement.kind': 'shared engagement type: the period a staff member served, guarded where it is listed',
  'StaffEngagement.referenceId': 'shared engagement type: the period a staff member served, guarded where it is listed',
  'StaffEngagement.staffId': 'shared engagement type: the period a staff member served, guarded where it is listed',
  'StaffEngagement.startOn': 'shared engagement type: the period a staff member served, guarded where it is listed',
  'StaffPoolPeriod.from': 'the period asked for and the engagements other bodies hand over (@requires), guarded where they are listed',
  'StaffPoolPeriod.to': 'the period asked for and the engagements other bodies hand over (@requires), guarded where they are listed',
  'StaffPoolPeriod.inspectionEngagements': 'the period asked for and the engagements other bodies hand over (@requires), guarded where they are listed',
  'StaffPoolPeriod.stationedEngagements': 'the period asked for and the engagements other bodies hand over (@requires), guarded where they are listed',
  'Unit.assignedInspectionTeamIds': 'external: team ids from inspection for readUnitCounts (@requires)',
  'Unit.code': 'the entity key',
};
