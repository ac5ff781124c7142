import { rule } from '@hub/core';
import type { Context } from './context.ts';
import type { Clue } from './db/database.ts';
import { AGGREGATE_ROLES, ALL_CASES_ROLES, clueScopes, PERSON_READERS } from './schema/common.ts';

/**
 * Who may read and write what in the discipline subgraph (DESIGN §6). The role lists live in
 * `schema/common.ts` for now and are named here by the rules that use them.
 */

const S_CONTENT =
  'Person-level clue, case and petition content: the handling department, `case_manager`, `leader`. Inspection officers see, for units of an inspection their team is on — from the team\'s assignment in 巡前准备 until the round closes — counts and disposal status, not content; and the outcomes of their own team\'s transferred clues.';

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
  (unit: { code: string; assignedInspectionTeamIds?: string[] | null }) => ({ role: [...AGGREGATE_ROLES], inspectionTeam: unit.assignedInspectionTeamIds ?? [] }),
);

/** Who may read the records behind a signal: petitions — leaders, the petition office, case management; clues — leaders and case management. */
const EVIDENCE_READERS = {
  REPEATED_FOUR_WINDS_PETITIONS: ['leader', 'petition_officer', 'case_manager'],
  SAME_PERSON_CLUES_SEVERAL_YEARS: [...ALL_CASES_ROLES],
} as const;

export const readSignalEvidence = rule(
  { name: 'readSignalEvidence', zh: '信号依据的信访件和线索按其本身的知悉范围提供', en: 'the petitions and clues behind a signal follow their own need-to-know', design: S_CONTENT, personLevel: true },
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
  { name: 'readClue', zh: '问题线索限委领导、案件监督管理室、承办单位；巡察组仅可读其移交线索的办理状态和结果', en: 'clues are for leaders, case management and the handling body; an inspection team reads only the status and outcome of its own transfers', design: S_CONTENT, personLevel: true },
  (clue: Clue, ctx: Context) => {
    const scopes = clueScopes(clue);
    return ctx.ownTransferClues.has(clue.id) ? { ...scopes, role: [...scopes.role, 'inspection_officer' as const] } : scopes;
  },
);

/** The transfer's clue: leaders, case management, the handling body — and the team that transferred it. */
export const readTransferredClue = rule(
  { name: 'readTransferredClue', zh: '移交线索的办理结果限委领导、案件监督管理室、承办单位及移交该线索的巡察组', en: 'a transferred clue\'s result is for leaders, case management, the handling body and the team that transferred it', design: S_CONTENT },
  (transfer: { inspectionTeamId?: string | null }) => ({
    role: [...ALL_CASES_ROLES, 'case_officer' as const, 'stationed_officer' as const],
    ...(transfer.inspectionTeamId ? { inspectionTeam: transfer.inspectionTeamId } : {}),
  }),
);

export const readCaseRecords = rule(
  { name: 'readCaseRecords', zh: '线索、案件、处分等个人层面内容限委领导和案件监督管理室', en: 'person-level clues, cases and sanctions are for leaders and case management', design: S_CONTENT, personLevel: true },
  { role: [...ALL_CASES_ROLES] },
);

export const readPersons = rule(
  { name: 'readPersons', zh: '人员信息不向统计分析人员提供', en: 'persons are never for analysts', design: '`analyst`: statistics and aggregates only, never a person.', personLevel: true },
  { role: [...PERSON_READERS] },
);
