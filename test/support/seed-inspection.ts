import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Caller, Hub } from './hub.ts';
import { randomUnitCode, seed } from './seed.ts';
import { findGroupsOverseeingUnits } from '../../subgraphs/stationed/src/db/groups.ts';

/** Each inspection mutation: its input type and the payload field holding the record. */
const MUTATIONS = {
  createInspectionRound: ['CreateInspectionRoundInput', 'round'],
  advanceInspectionRound: ['AdvanceInspectionRoundInput', 'round'],
  createInspectionTeam: ['CreateInspectionTeamInput', 'team'],
  addInspectionTeamMember: ['AddInspectionTeamMemberInput', 'team'],
  assignInspection: ['AssignInspectionInput', 'inspection'],
  recordBriefing: ['RecordBriefingInput', 'briefing'],
  recordFinding: ['RecordFindingInput', 'finding'],
  recordConsultation: ['RecordConsultationInput', 'consultation'],
  transferClue: ['TransferClueInput', 'clueTransfer'],
  recordClueTransferFeedback: ['RecordClueTransferFeedbackInput', 'clueTransfer'],
  holdFeedbackMeeting: ['HoldFeedbackMeetingInput', 'feedbackMeeting'],
  submitRectificationPlan: ['SubmitRectificationPlanInput', 'plan'],
  reviewRectificationPlan: ['ReviewRectificationPlanInput', 'plan'],
  recordRectificationProgress: ['RecordRectificationProgressInput', 'item'],
  recordFollowUp: ['RecordFollowUpInput', 'followUp'],
  recordEscalationHandling: ['RecordEscalationHandlingInput', 'escalation'],
} as const;

export type InspectionMutation = keyof typeof MUTATIONS;

export interface StepResult {
  record: Record<string, any> | null;
  errors: { code: string; field: string[]; message: string }[];
}

export function mutationDocument(name: InspectionMutation, selection = '{ id }') {
  const [inputType, field] = MUTATIONS[name];
  return `mutation($input: ${inputType}!) { ${name}(input: $input) { ${field} ${selection} errors { code field message } } }`;
}

/**
 * Inspection steps sent through the gateway. `step` returns the payload; `ok` also asserts the
 * step was accepted and returns the record.
 */
export function inspectionSteps(hub: Hub, as: Caller = { role: 'inspection_officer' }) {
  const step = async (name: InspectionMutation, input: Record<string, unknown>, selection?: string): Promise<StepResult> => {
    const response = await hub.query(mutationDocument(name, selection), { input }, { as, purpose: '巡察工作' });
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const payload = response.data[name];
    return { record: payload[MUTATIONS[name][1]], errors: payload.errors };
  };
  const ok = async (name: InspectionMutation, input: Record<string, unknown>, selection?: string) => {
    const result = await step(name, input, selection);
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
  /** The round's own stationed group (it lends a member; it oversees each unit nobody oversaw). */
  stationedGroupId: string;
  /** The group that gave each unit's STATIONED_GROUP briefing: the one overseeing the unit on `startOn` (none with `coverUnits: false`). */
  briefingGroupIds: Record<string, string>;
}

/**
 * A round in preparation with one team of five (leader, a member borrowed from a stationed group,
 * one from a supervision office), inspecting `unitCodes`, every unit briefed by the three offices
 * and its stationed group — ready to enter. A stationed group briefs only on a unit it oversees on the
 * briefing date: a unit nobody oversees on `startOn` is given to the round's group from that day
 * (through stationed's mutation, as a leader would); a unit already overseen is briefed by its group.
 */
export async function prepareRound(
  hub: Hub,
  options: {
    unitCodes: string[];
    year: number;
    number: number;
    startOn: string;
    memberHomeUnitCode?: string;
    /** `false`: a unit nobody oversees stays so, and gets no stationed group's briefing (the three offices still brief). */
    coverUnits?: boolean;
  },
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
  // The records the team names live in their owning bodies: staff and department in discipline, the group in stationed.
  await seed(hub)
    .staff([...staffIds, ...briefers])
    .department(departmentId, `第二纪检监察室${departmentId.slice(0, 4)}`)
    .stationedGroup(`派驻第三纪检组${stationedGroupId.slice(0, 4)}`, [], '2020-01-01', null, stationedGroupId);
  const homes = [
    { role: 'LEADER', homeBody: { kind: 'INSPECTION_OFFICE', name: '区委巡察办' } },
    { role: 'DEPUTY_LEADER', homeBody: { kind: 'COMMISSION_DEPARTMENT', id: departmentId, name: '第二纪检监察室' } },
    { role: 'MEMBER', homeBody: { kind: 'STATIONED_GROUP', id: stationedGroupId, name: '派驻第三纪检组' } },
    { role: 'MEMBER', homeBody: { kind: 'INSPECTION_OFFICE', name: '区委巡察办' } },
    { role: 'MEMBER', homeBody: { kind: 'OTHER_UNIT', name: '区审计局' }, homeUnitCode: auditBureau },
  ];
  for (const [i, home] of homes.entries()) {
    await ok('addInspectionTeamMember', { teamId: team.id, staffId: staffIds[i], ...home });
  }
  const overseen = new Map(
    (await findGroupsOverseeingUnits(hub.stationed.database.db, options.unitCodes, options.startOn)).map((g) => [g.unitCode, g.id] as const),
  );
  const briefingGroupIds: Record<string, string> = {};
  for (const unitCode of options.unitCodes) {
    if (overseen.has(unitCode)) {
      briefingGroupIds[unitCode] = overseen.get(unitCode)!;
      continue;
    }
    if (options.coverUnits === false) continue;
    briefingGroupIds[unitCode] = stationedGroupId;
    const response = await hub.query(
      `mutation($input: AssignUnitToStationedGroupInput!) { assignUnitToStationedGroup(input: $input) { errors { code field message } } }`,
      { input: { unitCode, groupId: stationedGroupId, startOn: options.startOn } },
      { as: { role: 'leader' }, purpose: '调整派驻监督' },
    );
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    expect(response.data.assignUnitToStationedGroup.errors).toEqual([]);
  }
  const inspections: Record<string, string> = {};
  for (const unitCode of options.unitCodes) {
    const inspection = await ok('assignInspection', { teamId: team.id, unitCode });
    inspections[unitCode] = inspection.id;
    for (const [b, body] of ['PETITION_OFFICE', 'CONDUCT_OFFICE', 'CASE_MANAGEMENT_OFFICE', 'STATIONED_GROUP'].entries()) {
      if (body === 'STATIONED_GROUP' && !briefingGroupIds[unitCode]) continue;
      await ok('recordBriefing', {
        inspectionId: inspection.id,
        body,
        stationedGroupId: body === 'STATIONED_GROUP' ? briefingGroupIds[unitCode] : null,
        briefedByStaffId: briefers[b],
        briefedOn: options.startOn,
        content: `${body} 通报：近三年信访举报及处置情况`,
      });
    }
  }
  return { roundId: round.id, teamId: team.id, inspections, staffIds, leaderStaffId: staffIds[0]!, stationedGroupId, briefingGroupIds };
}
