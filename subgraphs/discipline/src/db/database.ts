import type { AuditDatabase, OutboxDatabase, RevisionDatabase, VoidableColumns } from '@hub/core';
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export const PETITION_CHANNELS = ['LETTER', 'VISIT', 'PHONE', 'ONLINE'] as const;
export type PetitionChannel = (typeof PETITION_CHANNELS)[number];

export const PETITION_CATEGORIES = [
  'POLITICAL_DISCIPLINE',
  'ORGANIZATIONAL_DISCIPLINE',
  'INTEGRITY',
  'MASS_DISCIPLINE',
  'WORK_DISCIPLINE',
  'LIFE_DISCIPLINE',
  'EIGHT_PROVISIONS',
  'FORMALISM',
  'BUREAUCRATISM',
  'HEDONISM',
  'EXTRAVAGANCE',
  'OTHER',
] as const;
export type PetitionCategory = (typeof PETITION_CATEGORIES)[number];

/** 信访举报 — a petition or report. Reporter identity is never stored in this table. */
export interface PetitionTable {
  id: Generated<string>;
  receivedOn: string;
  channel: PetitionChannel;
  category: PetitionCategory;
  named: boolean;
  subjectUnitCode: string | null;
  summary: string;
  createdAt: ColumnType<Date, never, never>;
  /** 不属于本级管辖 — to be forwarded to the body with jurisdiction. */
  outOfJurisdiction: ColumnType<boolean, boolean | undefined, boolean>;
  forwardedOn: ColumnType<string | null, string | null | undefined, string | null>;
  forwardedTo: ColumnType<string | null, string | null | undefined, string | null>;
  acknowledgedOn: ColumnType<string | null, string | null | undefined, string | null>;
}

/** 举报人身份 — reporter identity, apart from the petition; readable by the petition office only. */
export interface PetitionReporterTable {
  petitionId: string;
  name: string;
  contact: string | null;
  idNumber: string | null;
  address: string | null;
}

export interface PetitionSubjectTable {
  petitionId: string;
  personId: string;
}

export const RANK_LEVELS = ['VILLAGE', 'STOCK', 'SECTION', 'DIVISION', 'OTHER'] as const;
export type RankLevel = (typeof RANK_LEVELS)[number];

/** 被监督对象 — a cadre who may be the subject of petitions, clues and cases. */
export interface PersonTable {
  id: Generated<string>;
  name: string;
  unitCode: string | null;
  post: string;
  rankLevel: RankLevel;
  partyMember: boolean;
}

export const HOME_BODIES = ['DISCIPLINE', 'INSPECTION', 'STATIONED', 'FINANCE', 'OTHER'] as const;
export type HomeBody = (typeof HOME_BODIES)[number];

/** 监督力量人员 — staff of any of the four forces (and finance, for joint inspections). */
export interface StaffTable {
  id: Generated<string>;
  name: string;
  homeBody: HomeBody;
  departmentId: string | null;
  /** 委领导 — a member of the commission's leadership. */
  commissionLeader: ColumnType<boolean, boolean | undefined, boolean>;
}

export const DEPARTMENT_KINDS = [
  'PETITION_OFFICE',
  'CONDUCT_SUPERVISION',
  'CASE_MANAGEMENT',
  'CASE_TRIAL',
  'SUPERVISION_OFFICE',
  'TOWNSHIP_COMMISSION',
  'OTHER',
] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

export interface DepartmentTable {
  id: Generated<string>;
  name: string;
  kind: DepartmentKind;
}

export interface CollaborationZoneTable {
  id: Generated<string>;
  name: string;
  leaderStaffId: string | null;
}

export interface ZoneMemberTable {
  zoneId: string;
  staffId: string;
  /** First day of membership; null when not recorded. */
  startOn: ColumnType<string | null, string | null | undefined, string | null>;
  /** Day membership ended (exclusive); null while a member. */
  endOn: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ZoneTownshipTable {
  zoneId: string;
  township: string;
}

export const CLUE_SOURCES = ['PETITION', 'INSPECTION_TRANSFER', 'STATIONED_GROUP', 'AUDIT', 'JUDICIAL', 'OTHER'] as const;
export type ClueSource = (typeof CLUE_SOURCES)[number];
export const HANDLER_KINDS = ['DEPARTMENT', 'STATIONED_GROUP', 'ZONE'] as const;
export type HandlerKind = (typeof HANDLER_KINDS)[number];
export const DISPOSAL_METHODS = ['INQUIRY_BY_TALK_OR_LETTER', 'PRELIMINARY_VERIFICATION', 'SHELVED_PENDING_CHECK', 'CLOSED'] as const;
export type DisposalMethod = (typeof DISPOSAL_METHODS)[number];

/** 问题线索 — a problem clue. */
export interface ClueTable {
  id: Generated<string>;
  source: ClueSource;
  petitionId: string | null;
  clueTransferId: string | null;
  sourceReference: string | null;
  subjectUnitCode: string | null;
  summary: string;
  receivedOn: string;
  priority: boolean;
  handlerKind: HandlerKind;
  handlerDepartmentId: string | null;
  handlerStationedGroupId: string | null;
  handlerZoneId: string | null;
  escalated: ColumnType<boolean, boolean | undefined, boolean>;
  escalationReason: string | null;
  escalatedOn: string | null;
  disposalMethod: DisposalMethod | null;
  disposedOn: string | null;
  disposedByStaffId: string | null;
  resultReport: string | null;
  resultReportedOn: string | null;
  createdAt: ColumnType<Date, never, never>;
}

export interface ClueSubjectTable {
  clueId: string;
  personId: string;
}

export const CASE_STATUSES = ['FILED', 'UNDER_INVESTIGATION', 'UNDER_TRIAL', 'CLOSED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** 立案 — a case filed from a clue against one person. */
export interface CaseTable {
  id: Generated<string>;
  clueId: string;
  personId: string;
  filedOn: string;
  status: CaseStatus;
  investigationStartedOn: string | null;
  trialStartedOn: string | null;
  closedOn: string | null;
  transferredToProcuratorateOn: string | null;
}

/** 留置 — detention during 审查调查: 3 months, extendable once by at most 3. */
export interface DetentionTable {
  id: Generated<string>;
  caseId: string;
  startedOn: string;
  /** Last day of the current period (3 months, or 3 + the extension). */
  lastDayOn: string;
  extendedMonths: number | null;
  extendedOn: string | null;
  endedOn: string | null;
}

/** 挽回经济损失 — money recovered in a case, one row per recovery. */
export interface LossRecoveryTable {
  id: Generated<string>;
  caseId: string;
  recoveredOn: string;
  amount: string;
}

export const PARTY_SANCTIONS = ['PARTY_WARNING', 'PARTY_SERIOUS_WARNING', 'PARTY_REMOVAL_FROM_POST', 'PARTY_PROBATION', 'PARTY_EXPULSION'] as const;
export const GOVERNMENT_SANCTIONS = ['GOV_WARNING', 'GOV_DEMERIT', 'GOV_MAJOR_DEMERIT', 'GOV_DEMOTION', 'GOV_DISMISSAL_FROM_POST', 'GOV_EXPULSION'] as const;
export const SANCTION_TYPES = [...PARTY_SANCTIONS, ...GOVERNMENT_SANCTIONS] as const;
export type SanctionType = (typeof SANCTION_TYPES)[number];
/** 轻处分 — light sanctions (second form); the others are heavy (third or fourth form). */
export const LIGHT_SANCTIONS: readonly SanctionType[] = ['PARTY_WARNING', 'PARTY_SERIOUS_WARNING', 'GOV_WARNING', 'GOV_DEMERIT', 'GOV_MAJOR_DEMERIT'];

export interface SanctionTable {
  id: Generated<string>;
  caseId: string;
  personId: string;
  type: SanctionType;
  decidedOn: string;
  fourForm: number;
  /** 宣布日期 — day the decision was announced; null until then. */
  announcedOn: ColumnType<string | null, string | null | undefined, string | null>;
}

/** 问责 — an accountability decision, possibly for a failed rectification item. */
export interface AccountabilityDecisionTable {
  id: Generated<string>;
  rectificationItemId: string | null;
  unitCode: string | null;
  personId: string | null;
  decidedOn: string;
  measure: string;
  reason: string;
}

export const BULLETIN_KINDS = ['PETITION_ANALYSIS', 'FOUR_WINDS_ANALYSIS', 'CASE_STATUS', 'INSPECTION_REPORT'] as const;
export type BulletinKind = (typeof BULLETIN_KINDS)[number];

/** 通报印发机构 — the body that issues a bulletin: three commission offices or 巡察办. */
export const BULLETIN_ISSUERS = ['PETITION_OFFICE', 'CONDUCT_SUPERVISION', 'CASE_MANAGEMENT', 'INSPECTION_OFFICE'] as const;
export type BulletinIssuer = (typeof BULLETIN_ISSUERS)[number];

/** 通报对象种类 — a registry body, or a whole force. */
export const BULLETIN_RECIPIENT_KINDS = [
  'DEPARTMENT',
  'STATIONED_GROUP',
  'INSPECTION_TEAM',
  'INSPECTION_OFFICE',
  'ALL_DEPARTMENTS',
  'ALL_STATIONED_GROUPS',
] as const;
export type BulletinRecipientKind = (typeof BULLETIN_RECIPIENT_KINDS)[number];

/** 通报数字 — one structured figure of a bulletin (a count or an amount in yuan). */
export interface BulletinFigure {
  key: string;
  label: string;
  count: number | null;
  amount: string | null;
  unit: string;
}

/** 通报材料 — a reference to material shared with a bulletin (files are kept by their holder, not here). */
export interface BulletinMaterial {
  title: string;
  reference: string;
  heldBy: string;
}

/** 定期通报 — a periodic bulletin. */
export interface BulletinTable {
  id: Generated<string>;
  kind: BulletinKind;
  title: string;
  periodStart: string;
  periodEnd: string;
  issuedOn: string;
  /** 委外通报对象 — recipients outside the commission (e.g. 区委), a note only: they grant no reading. */
  externalRecipients: ColumnType<string[], string[] | undefined, string[]>;
  issuerBody: BulletinIssuer;
  issuerDepartmentId: string | null;
  issuedByStaffId: ColumnType<string | null, string | null | undefined, string | null>;
  /** 正文 — null only for bulletins recorded before bulletins carried their text. */
  body: ColumnType<string | null, string | null | undefined, string | null>;
  figures: ColumnType<BulletinFigure[], string | undefined, string>;
  materials: ColumnType<BulletinMaterial[], string | undefined, string>;
}

export interface BulletinRecipientTable {
  bulletinId: string;
  kind: BulletinRecipientKind;
  targetId: string | null;
}

/** 专项检查 — a joint special inspection. */
export interface SpecialInspectionTable {
  id: Generated<string>;
  theme: string;
  startedOn: string;
  endedOn: string | null;
}

export interface SpecialInspectionTeamTable {
  id: Generated<string>;
  specialInspectionId: string;
  name: string;
  staffIds: string[];
}

/** 同期兼任 — a staff member on two special-inspection teams at once, and why. */
export interface SpecialInspectionConcurrencyTable {
  specialInspectionId: string;
  staffId: string;
  reason: string;
  createdAt: ColumnType<Date, never, never>;
}

export interface SpecialInspectionCheckTable {
  id: Generated<string>;
  specialInspectionId: string;
  teamId: string | null;
  unitCode: string;
  checkedOn: string;
  problemsFound: number;
  fundsReturned: string;
}

/** This subgraph's tables; the audit log is the shared append-only one. */
/** 工作日历年度 — one State Council holiday notice. */
export interface CalendarYearTable {
  year: number;
  notice: string;
  origin: 'BUILT_IN' | 'LOADED';
  loadedAt: ColumnType<Date, never, never>;
  /** Staff id of the leader who loaded it; null for built-in years. */
  loadedBy: string | null;
}

/** 工作日历日 — a day off or a make-up working day of a notice. */
export interface CalendarDayTable {
  day: string;
  year: number;
  kind: 'HOLIDAY' | 'MAKE_UP_WORKDAY';
}

export interface DisciplineDatabase extends AuditDatabase, RevisionDatabase, OutboxDatabase {
  specialInspectionConcurrency: SpecialInspectionConcurrencyTable;
  calendarYear: CalendarYearTable;
  calendarDay: CalendarDayTable;
  petition: PetitionTable & VoidableColumns;
  petitionReporter: PetitionReporterTable;
  petitionSubject: PetitionSubjectTable;
  person: PersonTable;
  staff: StaffTable;
  department: DepartmentTable;
  collaborationZone: CollaborationZoneTable;
  zoneMember: ZoneMemberTable;
  zoneTownship: ZoneTownshipTable;
  clue: ClueTable & VoidableColumns;
  clueSubject: ClueSubjectTable;
  disciplineCase: CaseTable & VoidableColumns;
  detention: DetentionTable;
  lossRecovery: LossRecoveryTable & VoidableColumns;
  sanction: SanctionTable & VoidableColumns;
  accountabilityDecision: AccountabilityDecisionTable & VoidableColumns;
  bulletin: BulletinTable & VoidableColumns;
  bulletinRecipient: BulletinRecipientTable;
  specialInspection: SpecialInspectionTable & VoidableColumns;
  specialInspectionTeam: SpecialInspectionTeamTable;
  specialInspectionCheck: SpecialInspectionCheckTable & VoidableColumns;
}

export type Petition = Selectable<PetitionTable>;
export type NewPetition = Insertable<PetitionTable>;
export type PetitionReporter = Selectable<PetitionReporterTable>;
export type Person = Selectable<PersonTable>;
export type Staff = Selectable<StaffTable>;
export type Department = Selectable<DepartmentTable>;
export type CollaborationZone = Selectable<CollaborationZoneTable>;
export type Clue = Selectable<ClueTable>;
export type Case = Selectable<CaseTable>;
export type Detention = Selectable<DetentionTable>;
export type Sanction = Selectable<SanctionTable>;
export type AccountabilityDecision = Selectable<AccountabilityDecisionTable>;
export type Bulletin = Selectable<BulletinTable>;
export type SpecialInspection = Selectable<SpecialInspectionTable>;
export type SpecialInspectionTeam = Selectable<SpecialInspectionTeamTable>;
export type SpecialInspectionCheck = Selectable<SpecialInspectionCheckTable>;
