import { personLevel } from '@hub/core';
import type { Context } from '../context.ts';
import type { HandlerReach } from '../db/clues.ts';
import type { Clue } from '../db/database.ts';

/** Roles that see every clue, case and sanction (DESIGN §6). */
export const ALL_CASES_ROLES = ['leader', 'case_manager'] as const;

/** Need-to-know scopes of one clue: leaders, case management, and the body handling it. */
export function clueScopes(clue: Pick<Clue, 'handlerDepartmentId' | 'handlerZoneId' | 'handlerStationedGroupId'>) {
  const scopes: { role: ('leader' | 'case_manager')[]; department?: string; zone?: string; stationedGroup?: string } = { role: [...ALL_CASES_ROLES] };
  if (clue.handlerDepartmentId) scopes.department = clue.handlerDepartmentId;
  if (clue.handlerZoneId) scopes.zone = clue.handlerZoneId;
  if (clue.handlerStationedGroupId) scopes.stationedGroup = clue.handlerStationedGroupId;
  return scopes;
}

/** 线索内容 — who reads a clue's content and persons; person-level, so every read is audited. */
export const CLUE_CONTENT = personLevel((clue: Clue) => clueScopes(clue));

/** Which clues a caller may list: all for leaders and case management, else those their bodies handle. */
export function handlerReach(ctx: Context): HandlerReach {
  if (ctx.viewer.roles.some((role) => (ALL_CASES_ROLES as readonly string[]).includes(role))) return { all: true };
  const { departmentIds, zoneIds, stationedGroupIds } = ctx.viewer.scopes;
  return { all: false, departmentIds, zoneIds, stationedGroupIds };
}

/** Roles allowed to read counts and aggregates (no person, no content). */
export const AGGREGATE_ROLES = ['leader', 'petition_officer', 'case_manager', 'case_officer', 'trial_officer', 'conduct_officer', 'analyst'] as const;

/** Roles that may read reference data about persons and staff: everybody but analysts (never a person). */
export const PERSON_READERS = [
  'leader',
  'petition_officer',
  'case_manager',
  'case_officer',
  'trial_officer',
  'conduct_officer',
  'inspection_officer',
  'stationed_officer',
] as const;
