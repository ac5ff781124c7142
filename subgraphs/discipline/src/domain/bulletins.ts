import { type Role, SCOPE_ROLES, type Viewer } from '@hub/core';
import type {
  BulletinFigure,
  BulletinIssuer,
  BulletinKind,
  BulletinRecipientKind,
  DepartmentKind,
  PetitionCategory,
  PetitionChannel,
  SanctionType,
} from '../db/database.ts';

/**
 * 定期通报 — who issues which kind, who reads a bulletin. The source (纪巡联动, 信息定期通报共享):
 * 纪委监委有关部门 send 信访举报整体分析, 四风 analyses and case statistics to 纪检监察室, 派驻纪检组 and
 * 巡察机构; 巡察办 sends the 报备材料 of the 区委书记专题会 to the commission's departments and the
 * stationed groups. Each kind has one issuing body; leaders may issue any kind.
 */
export const BULLETIN_ISSUER: Record<BulletinKind, { body: BulletinIssuer; departmentKind: DepartmentKind | null; roles: Role[] }> = {
  PETITION_ANALYSIS: { body: 'PETITION_OFFICE', departmentKind: 'PETITION_OFFICE', roles: ['leader', 'petition_officer'] },
  FOUR_WINDS_ANALYSIS: { body: 'CONDUCT_SUPERVISION', departmentKind: 'CONDUCT_SUPERVISION', roles: ['leader', 'conduct_officer'] },
  CASE_STATUS: { body: 'CASE_MANAGEMENT', departmentKind: 'CASE_MANAGEMENT', roles: ['leader', 'case_manager'] },
  INSPECTION_REPORT: { body: 'INSPECTION_OFFICE', departmentKind: null, roles: ['leader', 'inspection_officer'] },
};

/**
 * 巡察办: the district party committee's inspection office is not one of the commission's departments
 * (the department registry holds the commission's own offices; a token's `departmentIds` name those),
 * so a token cannot say it. Its cadres are in the staff pool with home body INSPECTION (the demo's
 * 巡察办主任, 巡察组组长 and 巡察干部); a team member borrowed from a bureau or a stationed group is an
 * inspection officer too, but not of 巡察办. The 巡察办 kind is issued by 巡察办's own cadres (or a leader).
 */
export function isInspectionOfficeStaff(staff: { homeBody: string } | null | undefined): boolean {
  return staff?.homeBody === 'INSPECTION';
}

/** Every role that issues some kind of bulletin. */
export const BULLETIN_ISSUING_ROLES: Role[] = [...new Set(Object.values(BULLETIN_ISSUER).flatMap((issuer) => issuer.roles))];

/** Kinds whose figures the discipline subgraph generates from its own records at issue. */
export const GENERATED_FIGURE_KINDS: readonly BulletinKind[] = ['PETITION_ANALYSIS', 'FOUR_WINDS_ANALYSIS', 'CASE_STATUS'];

/**
 * Kinds whose figures are generated from another body's records (through its owner lookup) and may be
 * completed by figures the issuer states (what no record holds, e.g. the 专题会's decisions), under
 * keys of their own.
 */
export const OWNER_GENERATED_FIGURE_KINDS: readonly BulletinKind[] = ['INSPECTION_REPORT'];

/** The key prefix of the figures generated for 巡察办's report material: a stated figure may not use it. */
export const INSPECTION_FIGURE_PREFIX = 'inspection.';

/** Recipient kinds that name one registry body (the others name a whole force). */
export const TARGETED_RECIPIENT_KINDS: readonly BulletinRecipientKind[] = ['DEPARTMENT', 'STATIONED_GROUP', 'INSPECTION_TEAM'];

export interface BulletinIssuedBy {
  issuerBody: BulletinIssuer;
  issuerDepartmentId: string | null;
}

export interface BulletinRecipientRef {
  kind: BulletinRecipientKind;
  targetId: string | null;
}

/** The bodies a viewer belongs to, each scope counted only with a role that uses it (DESIGN §6). */
export interface BulletinReach {
  all: boolean;
  /** Reached by bulletins sent to 巡察机构: every inspection officer (巡察办 and its teams). */
  inspectionOffice: boolean;
  /** Of 巡察办 itself (its own cadres, by discipline's staff records): the issuer of its bulletins. */
  inspectionOfficeCadre: boolean;
  allStationedGroups: boolean;
  anyDepartment: boolean;
  departmentIds: string[];
  stationedGroupIds: string[];
  inspectionTeamIds: string[];
}

export function bulletinReach(viewer: Viewer, staff?: { homeBody: string } | null): BulletinReach {
  const has = (roles: readonly Role[]) => viewer.roles.some((role) => roles.includes(role));
  const departmentIds = has(SCOPE_ROLES.departmentIds) ? viewer.scopes.departmentIds : [];
  return {
    all: viewer.roles.includes('leader'),
    inspectionOffice: viewer.roles.includes('inspection_officer'),
    inspectionOfficeCadre: viewer.roles.includes('inspection_officer') && isInspectionOfficeStaff(staff),
    allStationedGroups: viewer.roles.includes('stationed_officer'),
    anyDepartment: departmentIds.length > 0,
    departmentIds,
    stationedGroupIds: has(SCOPE_ROLES.stationedGroupIds) ? viewer.scopes.stationedGroupIds : [],
    inspectionTeamIds: has(SCOPE_ROLES.inspectionTeamIds) ? viewer.scopes.inspectionTeamIds : [],
  };
}

/** Whether a recipient entry names a body the viewer belongs to. */
export function recipientReaches(recipient: BulletinRecipientRef, reach: BulletinReach): boolean {
  switch (recipient.kind) {
    case 'DEPARTMENT':
      return recipient.targetId != null && reach.departmentIds.includes(recipient.targetId);
    case 'STATIONED_GROUP':
      return recipient.targetId != null && reach.stationedGroupIds.includes(recipient.targetId);
    case 'INSPECTION_TEAM':
      return recipient.targetId != null && reach.inspectionTeamIds.includes(recipient.targetId);
    case 'INSPECTION_OFFICE':
      return reach.inspectionOffice;
    case 'ALL_DEPARTMENTS':
      return reach.anyDepartment;
    case 'ALL_STATIONED_GROUPS':
      return reach.allStationedGroups;
  }
}

/** Whether the viewer belongs to the body that issued the bulletin. */
export function isIssuer(bulletin: BulletinIssuedBy, reach: BulletinReach): boolean {
  if (bulletin.issuerBody === 'INSPECTION_OFFICE') return reach.inspectionOfficeCadre;
  return bulletin.issuerDepartmentId != null && reach.departmentIds.includes(bulletin.issuerDepartmentId);
}

/** Need-to-know follows the recipients: leaders, the issuing body, and each body it was sent to. */
export function mayReadBulletin(bulletin: BulletinIssuedBy, recipients: readonly BulletinRecipientRef[], reach: BulletinReach): boolean {
  return reach.all || isIssuer(bulletin, reach) || recipients.some((recipient) => recipientReaches(recipient, reach));
}

/** Who may see who read a bulletin: leaders and the issuing body. */
export function mayReadReceipts(bulletin: BulletinIssuedBy, reach: BulletinReach): boolean {
  return reach.all || isIssuer(bulletin, reach);
}

// ─── Figures ────────────────────────────────────────────────────────────────────────────────────

const CHANNEL_LABELS: Record<PetitionChannel, string> = { LETTER: '来信', VISIT: '来访', PHONE: '电话', ONLINE: '网络（12388）' };
const CATEGORY_LABELS: Record<PetitionCategory, string> = {
  POLITICAL_DISCIPLINE: '违反政治纪律',
  ORGANIZATIONAL_DISCIPLINE: '违反组织纪律',
  INTEGRITY: '违反廉洁纪律',
  MASS_DISCIPLINE: '违反群众纪律',
  WORK_DISCIPLINE: '违反工作纪律',
  LIFE_DISCIPLINE: '违反生活纪律',
  EIGHT_PROVISIONS: '违反中央八项规定精神（其他）',
  FORMALISM: '形式主义',
  BUREAUCRATISM: '官僚主义',
  HEDONISM: '享乐主义',
  EXTRAVAGANCE: '奢靡之风',
  OTHER: '其他',
};
/** 四风 and the eight-point rules: what a 四风 analysis counts. */
export const FOUR_WINDS_CATEGORIES: readonly PetitionCategory[] = ['FORMALISM', 'BUREAUCRATISM', 'HEDONISM', 'EXTRAVAGANCE', 'EIGHT_PROVISIONS'];
const SANCTION_LABELS: Record<SanctionType, string> = {
  PARTY_WARNING: '党内警告',
  PARTY_SERIOUS_WARNING: '党内严重警告',
  PARTY_REMOVAL_FROM_POST: '撤销党内职务',
  PARTY_PROBATION: '留党察看',
  PARTY_EXPULSION: '开除党籍',
  GOV_WARNING: '政务警告',
  GOV_DEMERIT: '记过',
  GOV_MAJOR_DEMERIT: '记大过',
  GOV_DEMOTION: '降级',
  GOV_DISMISSAL_FROM_POST: '撤职',
  GOV_EXPULSION: '开除',
};

const count = (key: string, label: string, value: number, unit = '件'): BulletinFigure => ({ key, label, count: value, amount: null, unit });

export interface PetitionPeriodCounts {
  channels: { key: PetitionChannel; count: number }[];
  categories: { key: PetitionCategory; count: number }[];
  named: number;
  total: number;
}

/** 信访举报整体分析: the period's petitions in all, named, by channel and by category. */
export function petitionAnalysisFigures(c: PetitionPeriodCounts): BulletinFigure[] {
  return [
    count('petitions.total', '受理信访举报', c.total),
    count('petitions.named', '其中实名举报', c.named),
    ...c.channels.map((row) => count(`petitions.channel.${row.key}`, `渠道：${CHANNEL_LABELS[row.key]}`, row.count)),
    ...c.categories.map((row) => count(`petitions.category.${row.key}`, `类别：${CATEGORY_LABELS[row.key]}`, row.count)),
  ];
}

/** 四风 analysis: the period's petitions about 四风 and the eight-point rules, by category. */
export function fourWindsFigures(c: PetitionPeriodCounts): BulletinFigure[] {
  const rows = c.categories.filter((row) => FOUR_WINDS_CATEGORIES.includes(row.key));
  return [
    count(
      'fourWinds.total',
      '反映“四风”及违反中央八项规定精神问题',
      rows.reduce((n, row) => n + row.count, 0),
    ),
    ...FOUR_WINDS_CATEGORIES.map((key) => count(`fourWinds.category.${key}`, CATEGORY_LABELS[key], rows.find((row) => row.key === key)?.count ?? 0)),
  ];
}

export interface CasePeriodFigures {
  filed: number;
  closed: number;
  transferred: number;
  sanctions: { key: SanctionType; count: number }[];
  personsSanctioned: number;
  recovered: string;
}

/** 案件查处情况: cases filed, closed, transferred; sanctions by type; losses recovered. */
export function caseStatusFigures(c: CasePeriodFigures): BulletinFigure[] {
  return [
    count('cases.filed', '立案', c.filed),
    count('cases.closed', '结案', c.closed),
    count('cases.transferred', '移送检察机关', c.transferred),
    count('sanctions.persons', '给予党纪政务处分', c.personsSanctioned, '人'),
    ...c.sanctions.map((row) => count(`sanctions.type.${row.key}`, `处分：${SANCTION_LABELS[row.key]}`, row.count, '人次')),
    { key: 'cases.recovered', label: '挽回经济损失', count: null, amount: c.recovered, unit: '元' },
  ];
}

/** What inspection recorded in the period, as its owner lookup tells it (aggregates only). */
export interface InspectionPeriodCounts {
  roundsStarted: number;
  unitsInspected: number;
  findings: number;
  findingsByCategory: { category: string; count: number }[];
  amountInvolved: string;
  cluesTransferred: number;
  cluesTransferredEscalated: number;
  rectificationItemsCompleted: number;
}

const FINDING_CATEGORY_LABELS: Record<string, string> = {
  PARTY_LEADERSHIP: '党的领导弱化',
  PARTY_BUILDING: '党的建设缺失',
  STRICT_GOVERNANCE: '全面从严治党不力',
  EIGHT_PROVISIONS: '违反中央八项规定精神',
  FORMALISM_BUREAUCRATISM: '形式主义、官僚主义',
  CORRUPTION: '腐败问题',
  FUNDS_MANAGEMENT: '资金资产资源管理问题',
  PERSONNEL_SELECTION: '选人用人问题',
  MASS_INTERESTS: '群众身边不正之风和腐败问题',
  PREVIOUS_RECTIFICATION: '整改不到位',
  OTHER: '其他',
};

/** 巡察情况报备材料: rounds and units, findings by category with the amount involved, clues transferred, items completed. */
export function inspectionReportFigures(c: InspectionPeriodCounts): BulletinFigure[] {
  return [
    count('inspection.rounds', '启动巡察轮次', c.roundsStarted, '轮'),
    count('inspection.units', '巡察单位', c.unitsInspected, '个'),
    count('inspection.findings', '发现问题', c.findings, '个'),
    ...c.findingsByCategory.map((row) =>
      count(`inspection.findings.category.${row.category}`, `问题类别：${FINDING_CATEGORY_LABELS[row.category] ?? row.category}`, row.count, '个'),
    ),
    { key: 'inspection.findings.amount', label: '发现问题涉及金额', count: null, amount: c.amountInvolved, unit: '元' },
    count('inspection.transfers', '移交问题线索', c.cluesTransferred),
    count('inspection.transfers.escalated', '其中提级办理', c.cluesTransferredEscalated),
    count('inspection.rectification.completed', '完成整改事项', c.rectificationItemsCompleted, '项'),
  ];
}
