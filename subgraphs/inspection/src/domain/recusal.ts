/**
 * 回避 and 同期任务 — who may not inspect which unit, and who is already on another team at the same
 * time — as plain functions over rows of the unit registry and the teams. Inspection owns the registry
 * (parent units and townships), so every recusal ground is decided from its own data.
 */
import { checkAssignmentOverlaps, checkNotInFuture, type StaffEngagement, type UserErrors } from '@hub/core';
import type { HomeBodyKind } from '../db/database.ts';

export const RECUSAL_GROUNDS = ['WORKS_IN_UNIT', 'PARENT_OF_HOME_UNIT', 'SUB_UNIT_OF_HOME_UNIT', 'SAME_TOWNSHIP', 'CLOSE_RELATIVE'] as const;
export type RecusalGround = (typeof RECUSAL_GROUNDS)[number];

export const RECUSAL_GROUND_NAMES: Record<RecusalGround, string> = {
  WORKS_IN_UNIT: '本人在该单位工作 — works in the unit',
  PARENT_OF_HOME_UNIT: "该单位是本人所在单位的上级 — the unit is the parent of the member's unit",
  SUB_UNIT_OF_HOME_UNIT: "该单位是本人所在单位的下属单位 — the unit is a sub-unit of the member's unit",
  SAME_TOWNSHIP: '该单位在本人所属乡镇（街道）纪委的辖区 — the unit lies in the township whose commission the member belongs to',
  CLOSE_RELATIVE: '近亲属在该单位任职 — a close relative is a cadre of the unit',
};

/** A unit of the registry, as far as recusal needs it. */
export interface RegistryUnit {
  code: string;
  parentCode: string | null;
  township: string | null;
}

/** A team member as far as recusal needs: where they work and what they declared. */
export interface MemberHome {
  homeBodyKind: HomeBodyKind;
  homeUnitCode: string | null;
  closeRelativeUnitCodes: readonly string[];
}

/**
 * Members lent from a unit or a township commission are recused by their unit, so it must be known
 * before they join: the home body of the others is the commission or the inspection office itself.
 */
export const needsHomeUnit = (kind: HomeBodyKind) => kind === 'OTHER_UNIT' || kind === 'TOWNSHIP_COMMISSION';

/** The unit's ancestors, nearest first (the registry has no cycles; a cycle would stop the walk). */
function ancestors(code: string, registry: ReadonlyMap<string, RegistryUnit>): string[] {
  const seen: string[] = [];
  let parent = registry.get(code)?.parentCode ?? null;
  while (parent !== null && !seen.includes(parent)) {
    seen.push(parent);
    parent = registry.get(parent)?.parentCode ?? null;
  }
  return seen;
}

/**
 * Why `member` may not inspect `unitCode` (empty: they may): they work there; it is their unit's
 * parent or one of its sub-units (at any depth); it lies in the township of the member's unit when
 * that unit belongs to a township (熟人社会 — village and township cadres and the township's own
 * commission know everyone there); or a close relative the member declared is a cadre there.
 * `registry` holds the inspected unit, the member's unit and all their ancestors.
 */
export function recusalGrounds(member: MemberHome, unitCode: string, registry: ReadonlyMap<string, RegistryUnit>): RecusalGround[] {
  const grounds: RecusalGround[] = [];
  const home = member.homeUnitCode;
  if (home !== null) {
    if (home === unitCode) grounds.push('WORKS_IN_UNIT');
    if (registry.get(home)?.parentCode === unitCode) grounds.push('PARENT_OF_HOME_UNIT');
    if (ancestors(unitCode, registry).includes(home)) grounds.push('SUB_UNIT_OF_HOME_UNIT');
    const township = registry.get(home)?.township ?? null;
    if (township !== null && registry.get(unitCode)?.township === township && home !== unitCode) grounds.push('SAME_TOWNSHIP');
  }
  if (member.closeRelativeUnitCodes.includes(unitCode)) grounds.push('CLOSE_RELATIVE');
  return grounds;
}

/** One staff member's service on a team: [startOn, endOn) — endOn exclusive, null while open-ended. */
export interface Service {
  teamId: string;
  startOn: string;
  endOn: string | null;
}

/** Whether two services run at the same time (open ends run for ever). */
export function overlaps(a: { startOn: string; endOn: string | null }, b: { startOn: string; endOn: string | null }): boolean {
  return (a.endOn === null || b.startOn < a.endOn) && (b.endOn === null || a.startOn < b.endOn);
}

/** The staff member's other team services that run at the same time as `service`. */
export function concurrentServices(service: Service, others: readonly Service[]): Service[] {
  return others.filter((o) => o.teamId !== service.teamId && overlaps(service, o));
}

/**
 * 同期任务 when a member joins: another team of this body at the same time (`sameBody`), or an
 * assignment another body records for the staff member at the same time (`otherBodies`: stationed
 * deployments and loans, special-inspection teams; a loan to this very team is the same service),
 * is refused on `input.staffId` unless the service is marked concurrent with a reason; a reason where
 * nothing runs at the same time is refused on `input.concurrent`.
 */
export function checkConcurrentService(
  problems: UserErrors,
  service: Service,
  sameBody: readonly Service[],
  otherBodies: readonly StaffEngagement[],
  concurrentReason: string | null,
): void {
  const concurrent = concurrentServices(service, sameBody);
  if (concurrentReason === null)
    problems.check(
      concurrent.length === 0,
      'CONFLICT',
      ['input', 'staffId'],
      `同期已在另外 ${concurrent.length} 个巡察组，须注明兼任理由（concurrent） — already on another team at the same time: mark the service concurrent with a reason`,
    );
  const crossBody = checkAssignmentOverlaps(
    problems,
    ['input', 'staffId'],
    { kind: 'INSPECTION_TEAM', inspectionTeamId: service.teamId, startOn: service.startOn, endOn: service.endOn },
    otherBodies,
    concurrentReason,
  );
  if (concurrentReason !== null)
    problems.check(
      concurrent.length + crossBody.length > 0,
      'BAD_USER_INPUT',
      ['input', 'concurrent'],
      '同期并无其他巡察组或其他机关的任务，无须兼任理由 — no other team or assignment at the same time: nothing is concurrent',
    );
}

/**
 * A recusal exception is approved by a commission leader — the caller, recorded as approver — with a
 * reason, on a day not in the future; it is only recorded where a recusal ground exists.
 */
export function checkRecusalException(
  problems: UserErrors,
  exception: { reason: string; approvedOn: string } | null,
  context: { callerIsLeader: boolean; groundsFound: boolean; today: string },
): void {
  if (exception === null) return;
  const at = ['input', 'recusalException'];
  problems.check(context.callerIsLeader, 'BAD_USER_INPUT', at, '回避例外须由委领导批准登记 — only a commission leader may approve a recusal exception');
  problems.check(context.groundsFound, 'BAD_USER_INPUT', at, '不存在回避情形，无须例外 — there is no recusal ground to except');
  problems.check(exception.reason.trim() !== '', 'BAD_USER_INPUT', [...at, 'reason'], '须说明例外理由 — give the reason');
  checkNotInFuture(problems, exception.approvedOn, [...at, 'approvedOn'], context.today);
}

/** The grounds, in words, for a refusal message (no record values: grounds are the rule's own names). */
export const describeGrounds = (grounds: readonly RecusalGround[]) => grounds.map((g) => RECUSAL_GROUND_NAMES[g].split(' — ')[0]).join('、');
export const describeGroundsEn = (grounds: readonly RecusalGround[]) => grounds.map((g) => RECUSAL_GROUND_NAMES[g].split(' — ')[1]).join('; ');
