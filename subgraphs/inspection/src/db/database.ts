import type { AuditDatabase, InboxDatabase, OutboxDatabase, RevisionDatabase, VoidableColumns } from '@hub/core';
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export const UNIT_KINDS = [
  'TOWNSHIP_PARTY_COMMITTEE',
  'STREET_PARTY_WORKING_COMMITTEE',
  'DEPARTMENT_PARTY_GROUP',
  'VILLAGE',
  'PUBLIC_INSTITUTION',
  'STATE_OWNED_ENTERPRISE',
  'OTHER',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_LEVELS = ['DISTRICT', 'TOWNSHIP', 'VILLAGE'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** 巡察对象名录 — the unit registry. */
export interface UnitTable {
  code: string;
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  township: string | null;
  parentCode: string | null;
  createdAt: ColumnType<Date, never, never>;
}

export const STAGES = ['PREPARATION', 'ENTRY', 'FACT_FINDING', 'REPORTING', 'FEEDBACK', 'TRANSFER', 'RECTIFICATION', 'FOLLOW_UP'] as const;
export type Stage = (typeof STAGES)[number];

export type TeamRole = 'LEADER' | 'DEPUTY_LEADER' | 'MEMBER';
export type HomeBodyKind = 'INSPECTION_OFFICE' | 'COMMISSION_DEPARTMENT' | 'STATIONED_GROUP' | 'TOWNSHIP_COMMISSION' | 'OTHER_UNIT';
export type BriefingBody = 'PETITION_OFFICE' | 'CONDUCT_OFFICE' | 'CASE_MANAGEMENT_OFFICE' | 'STATIONED_GROUP';
export const FINDING_CATEGORIES = [
  'PARTY_LEADERSHIP',
  'PARTY_BUILDING',
  'STRICT_GOVERNANCE',
  'EIGHT_PROVISIONS',
  'FORMALISM_BUREAUCRATISM',
  'CORRUPTION',
  'FUNDS_MANAGEMENT',
  'PERSONNEL_SELECTION',
  'MASS_INTERESTS',
  'PREVIOUS_RECTIFICATION',
  'OTHER',
] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];
export type ConsultationDepartment =
  | 'INSPECTION_OFFICE'
  | 'TRIAL_OFFICE'
  | 'SUPERVISION_OFFICE'
  | 'STATIONED_GROUP'
  | 'CASE_MANAGEMENT_OFFICE'
  | 'PETITION_OFFICE'
  | 'CONDUCT_OFFICE';
export type ConsultationConclusion = 'TRANSFER_AS_CLUE' | 'ORDER_RECTIFICATION' | 'FURTHER_VERIFICATION' | 'NOT_SUBSTANTIATED';
export type ReceiverKind = 'DEPARTMENT' | 'STATIONED_GROUP' | 'COLLABORATION_ZONE';
export type AttendeeCapacity =
  | 'COMMISSION_LEADER'
  | 'STATIONED_GROUP_HEAD'
  | 'TEAM_LEADER'
  | 'INSPECTION_OFFICE'
  | 'UNIT_PARTY_SECRETARY'
  | 'UNIT_LEADERSHIP'
  | 'OTHER';
export type PlanStatus = 'SUBMITTED' | 'APPROVED' | 'RETURNED';
export type ItemStatus = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED';
export type FollowUpConclusion = 'RECTIFIED' | 'PARTIALLY_RECTIFIED' | 'NOT_RECTIFIED';
export type EscalationAction = 'VERIFIED_DURING_INSPECTION' | 'RECORDED_AS_FINDING' | 'TRANSFERRED_AS_CLUE' | 'INCLUDED_IN_FEEDBACK' | 'NOT_SUBSTANTIATED';

type CreatedAt = ColumnType<Date, never, never>;

/** 巡察轮次 — an inspection round. */
export interface InspectionRoundTable {
  id: Generated<string>;
  year: number;
  number: number;
  theme: string;
  startOn: string;
  endOn: string | null;
  stage: Generated<Stage>;
  createdAt: CreatedAt;
}

/** When a round entered each stage. */
export interface InspectionRoundStageChangeTable {
  roundId: string;
  stage: Stage;
  enteredOn: string;
  recordedBy: string;
  createdAt: CreatedAt;
}

/** 巡察组 — a team within a round. */
export interface InspectionTeamTable {
  id: Generated<string>;
  roundId: string;
  name: string;
  createdAt: CreatedAt;
}

/** 巡察组成员 — a staff member (discipline's Staff id) on a team, with the body they come from. */
export interface InspectionTeamMemberTable {
  /** 调出日期 — day the member left the team (exclusive); null while on it. */
  removedOn: ColumnType<string | null, never, string | null>;
  removalReason: ColumnType<string | null, never, string | null>;
  teamId: string;
  staffId: string;
  role: TeamRole;
  homeBodyKind: HomeBodyKind;
  homeBodyId: string | null;
  homeBodyName: string;
  homeUnitCode: string | null;
  /** 近亲属任职单位（回避申报） — units where a close relative of the member is a cadre, as declared. */
  closeRelativeUnitCodes: ColumnType<string[], string[] | undefined, string[]>;
  /** 同期兼任理由 — why the member serves on another team at the same time; null when not. */
  concurrentReason: ColumnType<string | null, string | null | undefined, string | null>;
  createdAt: CreatedAt;
}

/** 回避例外 — a commission leader's approval for a member to inspect a unit despite a recusal ground. */
export interface RecusalExceptionTable {
  id: Generated<string>;
  teamId: string;
  staffId: string;
  unitCode: string;
  grounds: string[];
  reason: string;
  approvedBy: string;
  approvedOn: string;
  createdAt: CreatedAt;
}

/** Why a unit entered 回头看 without an approved rectification plan. */
export interface FollowUpWithoutPlanTable {
  inspectionId: string;
  reason: string;
  recordedBy: string;
  recordedOn: string;
  createdAt: CreatedAt;
}

/** 巡察 — a team inspecting a unit within a round. */
export interface InspectionTable {
  id: Generated<string>;
  roundId: string;
  teamId: string;
  unitCode: string;
  createdAt: CreatedAt;
}

/** 巡前通报 — who briefed the team on the unit before entry, and what they covered. */
export interface BriefingTable {
  id: Generated<string>;
  inspectionId: string;
  body: BriefingBody;
  stationedGroupId: string | null;
  briefedByStaffId: string;
  briefedOn: string;
  content: string;
  createdAt: CreatedAt;
}

/** 发现问题 */
export interface FindingTable {
  id: Generated<string>;
  inspectionId: string;
  category: FindingCategory;
  description: string;
  amountInvolved: string | null;
  recordedOn: string;
  createdAt: CreatedAt;
}

/** Persons (discipline's Person ids) a finding names. */
export interface FindingPersonTable {
  findingId: string;
  personId: string;
}

/** 会商研判 */
export interface ConsultationTable {
  id: Generated<string>;
  findingId: string;
  heldOn: string;
  departments: ConsultationDepartment[];
  question: string;
  conclusion: ConsultationConclusion;
  conclusionNote: string | null;
  createdAt: CreatedAt;
}

/** 问题线索移交 */
export interface ClueTransferTable {
  id: Generated<string>;
  findingId: string;
  transferredOn: string;
  receiverKind: ReceiverKind;
  receiverId: string;
  priority: boolean;
  escalated: boolean;
  feedbackDueOn: string;
  feedbackReceivedOn: string | null;
  feedbackSummary: string | null;
  /** 线索登记日期 — day discipline registered the clue (from its `clueRegistered` event); null while unregistered. */
  registeredOn: ColumnType<string | null, string | null | undefined, string | null>;
  createdAt: CreatedAt;
}

/** 巡察反馈会 */
export interface FeedbackMeetingTable {
  id: Generated<string>;
  inspectionId: string;
  heldOn: string;
  reportDueOn: string;
  createdAt: CreatedAt;
}

export interface FeedbackMeetingAttendeeTable {
  meetingId: string;
  position: number;
  capacity: AttendeeCapacity;
  staffId: string | null;
  personId: string | null;
}

/** 整改方案 */
export interface RectificationPlanTable {
  id: Generated<string>;
  inspectionId: string;
  submittedOn: string;
  summary: string;
  status: PlanStatus;
  createdAt: CreatedAt;
}

/** 整改方案报送记录 — one submission (first or after return) of a plan. */
export interface RectificationPlanSubmissionTable {
  id: Generated<string>;
  planId: string;
  submittedOn: string;
  summary: string;
  createdAt: CreatedAt;
}

/** 审查把关 — the commission's review of a plan. */
export interface RectificationPlanReviewTable {
  id: Generated<string>;
  planId: string;
  decision: 'APPROVED' | 'RETURNED';
  reviewedOn: string;
  reasons: string | null;
  reviewedBy: string;
  createdAt: CreatedAt;
}

/** 整改事项 */
export interface RectificationItemTable {
  id: Generated<string>;
  planId: string;
  findingId: string | null;
  description: string;
  responsiblePersonId: string;
  deadline: string;
  status: Generated<ItemStatus>;
  completedOn: string | null;
  createdAt: CreatedAt;
}

/** 整改进展 */
export interface RectificationProgressTable {
  id: Generated<string>;
  itemId: string;
  reportedOn: string;
  note: string;
  completes: boolean;
  fundsRecovered: string | null;
  createdAt: CreatedAt;
}

/** 回头看 */
export interface FollowUpTable {
  id: Generated<string>;
  inspectionId: string;
  conductedOn: string;
  conclusion: FollowUpConclusion;
  openItems: number;
  notes: string;
  createdAt: CreatedAt;
}

/** How the team handled an issue a stationed group escalated to it. */
export interface EscalationHandlingTable {
  escalationId: string;
  /** The stationed group that escalated the issue (it may read how it was handled). */
  stationedGroupId: string;
  inspectionId: string;
  receivedOn: string;
  action: EscalationAction;
  findingId: string | null;
  notes: string;
  createdAt: CreatedAt;
}

/** This subgraph's tables; the audit log is the shared append-only one. */
export interface InspectionDatabase extends AuditDatabase, RevisionDatabase, OutboxDatabase, InboxDatabase {
  unit: UnitTable;
  inspectionRound: InspectionRoundTable & VoidableColumns;
  inspectionRoundStageChange: InspectionRoundStageChangeTable;
  inspectionTeam: InspectionTeamTable & VoidableColumns;
  inspectionTeamMember: InspectionTeamMemberTable;
  inspection: InspectionTable & VoidableColumns;
  briefing: BriefingTable & VoidableColumns;
  finding: FindingTable & VoidableColumns;
  findingPerson: FindingPersonTable;
  consultation: ConsultationTable & VoidableColumns;
  clueTransfer: ClueTransferTable & VoidableColumns;
  feedbackMeeting: FeedbackMeetingTable & VoidableColumns;
  feedbackMeetingAttendee: FeedbackMeetingAttendeeTable;
  rectificationPlan: RectificationPlanTable & VoidableColumns;
  rectificationPlanReview: RectificationPlanReviewTable;
  rectificationPlanSubmission: RectificationPlanSubmissionTable;
  rectificationItem: RectificationItemTable & VoidableColumns;
  rectificationProgress: RectificationProgressTable & VoidableColumns;
  followUp: FollowUpTable & VoidableColumns;
  escalationHandling: EscalationHandlingTable;
  recusalException: RecusalExceptionTable;
  followUpWithoutPlan: FollowUpWithoutPlanTable;
}

export type InspectionRound = Selectable<InspectionRoundTable>;
export type StageChange = Selectable<InspectionRoundStageChangeTable>;
export type InspectionTeam = Selectable<InspectionTeamTable>;
export type TeamMember = Selectable<InspectionTeamMemberTable>;
export type Inspection = Selectable<InspectionTable>;
export type Briefing = Selectable<BriefingTable>;
export type Finding = Selectable<FindingTable>;
export type FindingPerson = Selectable<FindingPersonTable>;
export type Consultation = Selectable<ConsultationTable>;
export type ClueTransfer = Selectable<ClueTransferTable>;
export type FeedbackMeeting = Selectable<FeedbackMeetingTable>;
export type FeedbackMeetingAttendee = Selectable<FeedbackMeetingAttendeeTable>;
export type RectificationPlan = Selectable<RectificationPlanTable>;
export type RectificationPlanReview = Selectable<RectificationPlanReviewTable>;
export type RectificationPlanSubmission = Selectable<RectificationPlanSubmissionTable>;
export type RectificationItem = Selectable<RectificationItemTable>;
export type RectificationProgress = Selectable<RectificationProgressTable>;
export type FollowUp = Selectable<FollowUpTable>;
export type EscalationHandling = Selectable<EscalationHandlingTable>;
export type RecusalException = Selectable<RecusalExceptionTable>;
export type FollowUpWithoutPlan = Selectable<FollowUpWithoutPlanTable>;

export type Unit = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
