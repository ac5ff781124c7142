import { addDays, type StaffEngagement, todayInShanghai, UserErrors, bilingual } from '@hub/core';
import type { Context } from '../context.ts';
import type { HomeBodyKind } from '../db/database.ts';
import { findMembers, findUnitLineage, insertRecusalExceptions, unitCodesOfTeam } from '../db/rounds.ts';
import { findTeamServicesByStaff } from '../db/staff-pool.ts';
import {
  checkRecusalException,
  checkConcurrentService,
  describeGrounds,
  describeGroundsEn,
  needsHomeUnit,
  type RecusalGround,
  recusalGrounds,
  type RegistryUnit,
} from '../domain/recusal.ts';

/**
 * The two places a team meets its units — a member joins, a unit is assigned — gather the facts
 * (registry lineage, the member's other teams) from the repository and let the domain decide
 * (`domain/recusal.ts`). Every problem of the input is reported together.
 */

type Tx = Context['db'];
interface TeamRow {
  id: string;
  roundId: string;
  startOn: string;
  endOn: string | null;
}
interface ExceptionInput {
  reason: string;
  approvedOn: string;
}

const registryOf = async (tx: Tx, codes: readonly string[]) => new Map<string, RegistryUnit>((await findUnitLineage(tx, codes)).map((u) => [u.code, u]));

function exceptionRows(
  ctx: Context,
  teamId: string,
  exception: ExceptionInput | null,
  conflicts: { staffId: string; unitCode: string; grounds: RecusalGround[] }[],
) {
  if (!exception) return [];
  return conflicts.map((c) => ({
    teamId,
    staffId: c.staffId,
    unitCode: c.unitCode,
    grounds: c.grounds,
    reason: exception.reason.trim(),
    approvedBy: ctx.viewer.staffId,
    approvedOn: exception.approvedOn,
  }));
}

/**
 * A member joins: their home unit is known when the recusal rules need it, every declared unit is
 * registered, they inspect no unit they must recuse from (unless a leader approves an exception),
 * and they serve on no other team (nor another body's assignment) at the same time unless marked concurrent
 * with a reason.
 */
export async function addMemberToTeam(
  tx: Tx,
  ctx: Context,
  team: TeamRow,
  member: {
    staffId: string;
    homeBodyKind: HomeBodyKind;
    homeUnitCode: string | null;
    closeRelativeUnitCodes: readonly string[];
    concurrentReason: string | null;
    recusalException: ExceptionInput | null;
    /** The staff member's assignments as stationed and discipline record them (asked before). */
    otherBodiesEngagements: readonly StaffEngagement[];
  },
) {
  const problems = new UserErrors();
  const today = todayInShanghai();
  problems.check(
    !needsHomeUnit(member.homeBodyKind) || member.homeUnitCode !== null,
    'BAD_USER_INPUT',
    ['input', 'homeUnitCode'],
    bilingual(
      '所在单位未知：抽调自单位或乡镇纪委的成员须先注明所在单位代码，才能加入巡察组',
      'the home unit (homeUnitCode)',
      'of a member lent by a unit or a township commission must be known before they join a team',
    ),
  );
  const relatives = [...new Set(member.closeRelativeUnitCodes)];
  const teamUnits = await unitCodesOfTeam(tx, team.id);
  const registry = await registryOf(tx, [...(member.homeUnitCode ? [member.homeUnitCode] : []), ...relatives, ...teamUnits]);
  if (member.homeUnitCode)
    problems.check(registry.has(member.homeUnitCode), 'NOT_FOUND', ['input', 'homeUnitCode'], '所在单位不在名录中 — unit is not registered');
  member.closeRelativeUnitCodes.forEach((code, i) =>
    problems.check(registry.has(code), 'NOT_FOUND', ['input', 'closeRelativeUnitCodes', String(i)], '单位不在名录中 — unit is not registered'),
  );

  const home = { homeBodyKind: member.homeBodyKind, homeUnitCode: member.homeUnitCode, closeRelativeUnitCodes: relatives };
  const conflicts = teamUnits
    .map((unitCode) => ({ staffId: member.staffId, unitCode, grounds: recusalGrounds(home, unitCode, registry) }))
    .filter((c) => c.grounds.length > 0);
  checkRecusalException(problems, member.recusalException, { callerIsLeader: ctx.viewer.roles.includes('leader'), groundsFound: conflicts.length > 0, today });
  if (!member.recusalException) {
    for (const c of conflicts) {
      const onlyRelative = c.grounds.every((g) => g === 'CLOSE_RELATIVE');
      problems.add(
        'CONFLICT',
        ['input', onlyRelative ? 'closeRelativeUnitCodes' : 'homeUnitCode'],
        `成员应当回避本组巡察对象（${describeGrounds(c.grounds)}） — recusal: the member must not inspect a unit of the team (${describeGroundsEn(c.grounds)}); a commission leader may approve an exception`,
      );
    }
  }

  const service = { teamId: team.id, startOn: team.startOn, endOn: team.endOn ? addDays(team.endOn, 1) : null };
  const others = (await findTeamServicesByStaff(tx, [member.staffId])).map((s) => ({ teamId: s.teamId, startOn: s.startOn, endOn: s.endOn }));
  checkConcurrentService(problems, service, others, member.otherBodiesEngagements, member.concurrentReason);
  problems.throwIfAny();
  return {
    row: { homeUnitCode: member.homeUnitCode, closeRelativeUnitCodes: relatives, concurrentReason: member.concurrentReason },
    afterInsert: () => insertRecusalExceptions(tx, exceptionRows(ctx, team.id, member.recusalException, conflicts)),
  };
}

/**
 * A unit is assigned: no current member must recuse from it, unless a leader approves an exception
 * (recorded per member). Returns the step that records the exceptions once the inspection exists.
 */
export async function assignUnitToTeam(tx: Tx, ctx: Context, team: TeamRow, unitCode: string, exception: ExceptionInput | null) {
  const problems = new UserErrors();
  const members = (await findMembers(tx, team.id)).filter((m) => m.removedOn == null);
  const registry = await registryOf(tx, [unitCode, ...members.flatMap((m) => [...(m.homeUnitCode ? [m.homeUnitCode] : []), ...m.closeRelativeUnitCodes])]);
  const conflicts = members.map((m) => ({ staffId: m.staffId, unitCode, grounds: recusalGrounds(m, unitCode, registry) })).filter((c) => c.grounds.length > 0);
  checkRecusalException(problems, exception, {
    callerIsLeader: ctx.viewer.roles.includes('leader'),
    groundsFound: conflicts.length > 0,
    today: todayInShanghai(),
  });
  if (!exception && conflicts.length > 0) {
    const grounds = [...new Set(conflicts.flatMap((c) => c.grounds))];
    problems.add(
      'CONFLICT',
      ['input', 'unitCode'],
      `本组 ${conflicts.length} 名成员应当回避该单位（${describeGrounds(grounds)}） — recusal: ${conflicts.length} team member(s) must not inspect this unit (${describeGroundsEn(grounds)}); a commission leader may approve an exception`,
    );
  }
  problems.throwIfAny();
  return () => insertRecusalExceptions(tx, exceptionRows(ctx, team.id, exception, conflicts));
}
