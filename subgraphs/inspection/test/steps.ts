import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { expect } from 'vitest';
import { randomUnitCode, seed } from '../../../test/support/seed.ts';
import type { DirectCaller, SubgraphHarness } from '../../../test/support/subgraph.ts';
import {
  AddInspectionTeamMemberDocument,
  type AddInspectionTeamMemberInput,
  AdvanceInspectionRoundDocument,
  AssignInspectionDocument,
  CreateInspectionRoundDocument,
  CreateInspectionTeamDocument,
  HoldFeedbackMeetingDocument,
  RecordBriefingDocument,
  RecordClueTransferFeedbackDocument,
  RecordConsultationDocument,
  RecordEscalationHandlingDocument,
  RecordFindingDocument,
  RecordFollowUpDocument,
  RecordRectificationProgressDocument,
  ReviewRectificationPlanDocument,
  SubmitRectificationPlanDocument,
  TransferClueDocument,
  type UserErrorCode,
} from './operations/generated.ts';

/** Inspection started alone (test/support/subgraph.ts): the other bodies' records come from its reference-check stand-in. */
export type Inspection = SubgraphHarness<'inspection'>;

/** Each inspection mutation: its typed document and the payload field holding the record. */
const MUTATIONS = {
  createInspectionRound: [CreateInspectionRoundDocument, 'round'],
  advanceInspectionRound: [AdvanceInspectionRoundDocument, 'round'],
  createInspectionTeam: [CreateInspectionTeamDocument, 'team'],
  addInspectionTeamMember: [AddInspectionTeamMemberDocument, 'team'],
  assignInspection: [AssignInspectionDocument, 'inspection'],
  recordBriefing: [RecordBriefingDocument, 'briefing'],
  recordFinding: [RecordFindingDocument, 'finding'],
  recordConsultation: [RecordConsultationDocument, 'consultation'],
  transferClue: [TransferClueDocument, 'clueTransfer'],
  recordClueTransferFeedback: [RecordClueTransferFeedbackDocument, 'clueTransfer'],
  holdFeedbackMeeting: [HoldFeedbackMeetingDocument, 'feedbackMeeting'],
  submitRectificationPlan: [SubmitRectificationPlanDocument, 'plan'],
  reviewRectificationPlan: [ReviewRectificationPlanDocument, 'plan'],
  recordRectificationProgress: [RecordRectificationProgressDocument, 'item'],
  recordFollowUp: [RecordFollowUpDocument, 'followUp'],
  recordEscalationHandling: [RecordEscalationHandlingDocument, 'escalation'],
} as const;

type Mutations = typeof MUTATIONS;
export type InspectionMutation = keyof Mutations;
type DataOf<K extends InspectionMutation> = Mutations[K][0] extends TypedDocumentNode<infer D, infer _V> ? D : never;
/** The mutation's input type, from inspection's schema. */
export type InputOf<K extends InspectionMutation> = Mutations[K][0] extends TypedDocumentNode<infer _D, { input: infer I }> ? I : never;
type PayloadOf<K extends InspectionMutation> = NonNullable<DataOf<K>[K & keyof DataOf<K>]>;
/** The record a mutation returns, as its document selects it. */
export type RecordOf<K extends InspectionMutation> = PayloadOf<K>[Mutations[K][1] & keyof PayloadOf<K>];

export interface StepResult<K extends InspectionMutation> {
  record: RecordOf<K>;
  errors: { code: UserErrorCode; field: string[]; message: string }[];
}

/** The document of one mutation, for tests that send it themselves (another caller, raw errors). */
export function mutationDocument<K extends InspectionMutation>(name: K): TypedDocumentNode<DataOf<K>, { input: InputOf<K> }> {
  return MUTATIONS[name][0] as unknown as TypedDocumentNode<DataOf<K>, { input: InputOf<K> }>;
}

/**
 * Inspection steps sent straight to inspection with signed claims. `step` returns the payload;
 * `ok` also asserts the step was accepted and returns the record.
 */
export function inspectionSteps(hub: Inspection, as: DirectCaller = { role: 'inspection_officer' }) {
  const step = async <K extends InspectionMutation>(name: K, input: InputOf<K>): Promise<StepResult<K>> => {
    const response = await hub.query(mutationDocument(name), { input }, { as, purpose: '巡察工作' });
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const payload = (response.data as Record<string, unknown>)[name] as Record<string, unknown> & { errors: StepResult<K>['errors'] };
    return { record: payload[MUTATIONS[name][1]] as RecordOf<K>, errors: payload.errors };
  };
  const ok = async <K extends InspectionMutation>(name: K, input: InputOf<K>): Promise<NonNullable<RecordOf<K>>> => {
    const result = await step(name, input);
    expect(result.errors, `${name}: ${JSON.stringify(result.errors)}`).toEqual([]);
    return result.record!;
  };
  return { step, ok };
}

export interface PreparedRound {
  roundId: string;
  teamId: string;
  /** Inspection id per unit code. */
  inspections: Record<string, string>;
  staffIds: string[];
  leaderStaffId: string;
  /** The round's own stationed group (it lends a member; stationed's lookup names it as overseeing every unit of the round). */
  stationedGroupId: string;
}

/**
 * A round in preparation with one team of five (leader, a member borrowed from a stationed group,
 * one from a supervision office), inspecting `unitCodes`, every unit briefed by the three offices
 * and the stationed group — ready to enter. As `prepareRound` of test/support/seed-inspection.ts,
 * on inspection alone: the staff, department and group are other bodies' records, answered by the
 * reference-check stand-in; the group oversees every unit from `startOn` as stationed would tell it.
 */
export async function prepareRound(
  hub: Inspection,
  options: { unitCodes: string[]; year: number; number: number; startOn: string; memberHomeUnitCode?: string },
): Promise<PreparedRound> {
  const { ok } = inspectionSteps(hub);
  // The member lent by the audit bureau is recused by their unit, so it must be registered and known.
  const auditBureau = options.memberHomeUnitCode ?? randomUnitCode();
  if (!options.memberHomeUnitCode) await seed(hub).units([{ code: auditBureau, name: '区审计局党组', kind: 'DEPARTMENT_PARTY_GROUP', level: 'DISTRICT' }]);
  const round = await ok('createInspectionRound', {
    year: options.year,
    number: options.number,
    theme: '聚焦群众身边不正之风和腐败问题',
    startOn: options.startOn,
  });
  const team = await ok('createInspectionTeam', { roundId: round.id, name: '第一巡察组' });
  const stationedGroupId = randomUUID();
  const departmentId = randomUUID();
  const staffIds = Array.from({ length: 5 }, () => randomUUID());
  const briefers = Array.from({ length: 4 }, () => randomUUID());
  await seed(hub)
    .staff([...staffIds, ...briefers])
    .department(departmentId, `第二纪检监察室${departmentId.slice(0, 4)}`)
    .stationedGroup(`派驻第三纪检组${stationedGroupId.slice(0, 4)}`, options.unitCodes, options.startOn, null, stationedGroupId);
  const homes: Omit<AddInspectionTeamMemberInput, 'teamId' | 'staffId'>[] = [
    { role: 'LEADER', homeBody: { kind: 'INSPECTION_OFFICE', name: '区委巡察办' } },
    { role: 'DEPUTY_LEADER', homeBody: { kind: 'COMMISSION_DEPARTMENT', id: departmentId, name: '第二纪检监察室' } },
    { role: 'MEMBER', homeBody: { kind: 'STATIONED_GROUP', id: stationedGroupId, name: '派驻第三纪检组' } },
    { role: 'MEMBER', homeBody: { kind: 'INSPECTION_OFFICE', name: '区委巡察办' } },
    { role: 'MEMBER', homeBody: { kind: 'OTHER_UNIT', name: '区审计局' }, homeUnitCode: auditBureau },
  ];
  for (const [i, home] of homes.entries()) {
    await ok('addInspectionTeamMember', { teamId: team.id, staffId: staffIds[i]!, ...home });
  }
  const inspections: Record<string, string> = {};
  for (const unitCode of options.unitCodes) {
    const inspection = await ok('assignInspection', { teamId: team.id, unitCode });
    inspections[unitCode] = inspection.id;
    for (const [b, body] of (['PETITION_OFFICE', 'CONDUCT_OFFICE', 'CASE_MANAGEMENT_OFFICE', 'STATIONED_GROUP'] as const).entries()) {
      await ok('recordBriefing', {
        inspectionId: inspection.id,
        body,
        stationedGroupId: body === 'STATIONED_GROUP' ? stationedGroupId : null,
        briefedByStaffId: briefers[b]!,
        briefedOn: options.startOn,
        content: `${body} 通报：近三年信访举报及处置情况`,
      });
    }
  }
  return { roundId: round.id, teamId: team.id, inspections, staffIds, leaderStaffId: staffIds[0]!, stationedGroupId };
}

/** A new person (cadre) registered in discipline, as discipline's lookup answers it; returns its id. */
export const newPerson = (hub: Inspection) => hub.references.person();

/** A new commission leader (委领导) of discipline's staff pool, likewise. */
export const newCommissionLeader = (hub: Inspection) => hub.references.staff(randomUUID(), true);

/** A new commission department of discipline, likewise. */
export const newDepartment = (hub: Inspection) => hub.references.add('department', { id: randomUUID() })[0]!;
