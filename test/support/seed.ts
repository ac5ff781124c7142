import { randomBytes } from 'node:crypto';
import { makeUscc } from '@hub/core';
import { insertPetitions } from '../../subgraphs/discipline/src/db/petitions.ts';
import { insertDepartment } from '../../subgraphs/discipline/src/db/reference.ts';
import type { NewUnit } from '../../subgraphs/inspection/src/db/database.ts';
import { insertUnits } from '../../subgraphs/inspection/src/db/units.ts';
import { insertGroup } from '../../subgraphs/stationed/src/db/groups.ts';
import type { Body, Hub } from './hub.ts';
import type { SubgraphHarness } from './subgraph.ts';

/** Where seeded records go: the whole hub, or one subgraph alone (the other bodies' records then go to its reference-check stand-in). */
type Alone = SubgraphHarness<'inspection'> | SubgraphHarness<'discipline'> | SubgraphHarness<'stationed'>;
export type SeedTarget = Hub | Alone;

const aloneOf = (target: SeedTarget): Alone | undefined => ('references' in target ? target : undefined);

/** A step that writes into `owner`'s database, which a subgraph started alone does not have. */
function notAlone(target: SeedTarget, owner: Body, what: string): Hub {
  const alone = aloneOf(target);
  if (alone) throw new Error(`seed: ${what} lives in ${owner}'s database; ${alone.body} runs alone here (use the whole hub, test/support/hub.ts)`);
  return target as Hub;
}

const ORG_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid, random 统一社会信用代码 for a test unit. */
export function randomUnitCode(): string {
  const bytes = randomBytes(8);
  const body = [...bytes].map((b) => ORG_CHARS[b % ORG_CHARS.length]).join('');
  return makeUscc('11', '340499', body);
}

let roundNumber = 0;

/** A round (not ended) and one team in it, written straight into inspection, for tests of other bodies. */
export async function seedInspectionTeam(target: SeedTarget): Promise<{ roundId: string; teamId: string }> {
  const alone = aloneOf(target);
  if (alone && alone.body !== 'inspection') {
    // As inspection's lookup answers for a team of a round under way.
    const [roundId, teamId] = [crypto.randomUUID(), crypto.randomUUID()];
    alone.references.add('inspectionTeam', { id: teamId, roundId, roundStage: 'PREPARATION', roundEndOn: null });
    alone.references.add('inspectionRound', { id: roundId, stage: 'PREPARATION', endOn: null });
    return { roundId, teamId };
  }
  const hub = notAlone(target, 'inspection', 'an inspection team');
  const db = hub.inspection.database.db;
  roundNumber += 1;
  const round = await db
    .insertInto('inspectionRound')
    .values({ year: 2060 + Math.floor(roundNumber / 90), number: 1 + (roundNumber % 90), theme: '测试轮次', startOn: '2020-01-01', endOn: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const team = await db.insertInto('inspectionTeam').values({ roundId: round.id, name: '测试巡察组' }).returning('id').executeTakeFirstOrThrow();
  return { roundId: round.id, teamId: team.id };
}
/**
 * A stationed group's escalation of an issue in `unitCode` to an inspection round (activity, issue,
 * escalation), written straight into stationed, for inspection tests that record how a team handled it.
 */
export async function seedEscalation(hub: Hub, groupId: string, unitCode: string, inspectionRoundId: string): Promise<string> {
  const db = hub.stationed.database.db;
  const activity = await db
    .insertInto('supervisionActivity')
    .values({ groupId, unitCode, kind: 'SUPERVISION_CHECK', heldOn: '2022-02-01', notes: '测试监督', recordedBy: 'seed' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const issue = await db
    .insertInto('supervisionIssue')
    .values({ activityId: activity.id, groupId, unitCode, description: '测试问题', foundOn: '2022-02-01', resolvedOn: null, resolution: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const escalation = await db
    .insertInto('escalation')
    .values({
      issueId: issue.id,
      groupId,
      unitCode,
      summary: '测试移交',
      reason: '日常监督难以推动',
      escalatedOn: '2022-03-10',
      inspectionRoundId,
      inspectionTeamId: null,
      recordedBy: 'seed',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return escalation.id;
}

/** A round (numbered apart from tests' own), team, inspection of `unitCode` and a finding, written straight into inspection. */
async function inspectionBehind(hub: Hub, unitCode: string) {
  const db = hub.inspection.database.db;
  roundNumber += 1;
  const round = await db
    .insertInto('inspectionRound')
    .values({ year: 2060 + Math.floor(roundNumber / 90), number: 1 + (roundNumber % 90), theme: '测试轮次', startOn: '2025-03-01', endOn: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const team = await db.insertInto('inspectionTeam').values({ roundId: round.id, name: '测试巡察组' }).returning('id').executeTakeFirstOrThrow();
  const inspection = await db.insertInto('inspection').values({ roundId: round.id, teamId: team.id, unitCode }).returning('id').executeTakeFirstOrThrow();
  const finding = await db
    .insertInto('finding')
    .values({ inspectionId: inspection.id, category: 'FUNDS_MANAGEMENT', description: '测试问题', amountInvolved: null, recordedOn: '2025-03-20' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { roundId: round.id, teamId: team.id, inspectionId: inspection.id, findingId: finding.id };
}

/**
 * Fresh, independent records for one test, written through each owning subgraph's repository
 * functions. Chain the calls, then `await` the builder.
 */
export function seed(target: SeedTarget) {
  const steps: (() => Promise<void>)[] = [];
  const alone = aloneOf(target);
  const hub = target as Hub;
  const builder = {
    units(units: Partial<NewUnit>[]) {
      if (alone && alone.body !== 'inspection') {
        steps.push(async () => {
          for (const unit of units) alone.references.unit(unit.code ?? randomUnitCode());
        });
        return builder;
      }
      if (!alone) notAlone(target, 'inspection', 'a unit');
      steps.push(() =>
        insertUnits(
          alone ? (alone as SubgraphHarness<'inspection'>).database.db : hub.inspection.database.db,
          units.map((u, i) => ({
            code: u.code ?? randomUnitCode(),
            name: u.name ?? `测试单位${i + 1}`,
            kind: 'VILLAGE',
            level: 'VILLAGE',
            township: null,
            parentCode: null,
            ...u,
          })),
        ),
      );
      return builder;
    },
    petitions(unitCode: string, petitions: { receivedOn: string; category: 'HEDONISM' | 'FORMALISM' | 'INTEGRITY' }[]) {
      notAlone(target, 'discipline', 'a petition');
      steps.push(() =>
        insertPetitions(
          hub.discipline.database.db,
          petitions.map((p) => ({ ...p, channel: 'LETTER', named: false, subjectUnitCode: unitCode, summary: '测试信访' })),
        ),
      );
      return builder;
    },
    /** Staff members of discipline's staff pool, with these ids. */
    staff(ids: string[], homeBody: 'DISCIPLINE' | 'INSPECTION' | 'STATIONED' = 'DISCIPLINE') {
      if (alone && alone.body !== 'discipline') {
        steps.push(async () => {
          for (const id of ids) alone.references.staff(id);
        });
        return builder;
      }
      notAlone(target, 'discipline', 'a staff member');
      steps.push(async () => {
        if (ids.length === 0) return;
        await hub.discipline.database.db
          .insertInto('staff')
          .values(ids.map((id, i) => ({ id, name: `测试人员${id.slice(0, 4)}${i + 1}`, homeBody, departmentId: null })))
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      });
      return builder;
    },
    /** Staff members the commission records as its leaders (委领导: they attend feedback meetings as such). */
    commissionLeaders(ids: string[]) {
      if (alone && alone.body !== 'discipline') {
        steps.push(async () => {
          for (const id of ids) alone.references.staff(id, true);
        });
        return builder;
      }
      notAlone(target, 'discipline', 'a commission leader');
      steps.push(async () => {
        if (ids.length === 0) return;
        await hub.discipline.database.db
          .insertInto('staff')
          .values(
            ids.map((id, i) => ({
              id,
              name: `测试委领导${id.slice(0, 4)}${i + 1}`,
              homeBody: 'DISCIPLINE' as const,
              departmentId: null,
              commissionLeader: true,
            })),
          )
          .onConflict((oc) => oc.column('id').doUpdateSet({ commissionLeader: true }))
          .execute();
      });
      return builder;
    },
    /** Persons (cadres) registered in discipline, with these ids. */
    persons(ids: string[], unitCode: string | null = null) {
      if (alone && alone.body !== 'discipline') {
        steps.push(async () => {
          for (const id of ids) alone.references.person(id);
        });
        return builder;
      }
      notAlone(target, 'discipline', 'a person');
      steps.push(async () => {
        if (ids.length === 0) return;
        await hub.discipline.database.db
          .insertInto('person')
          .values(
            ids.map((id, i) => ({ id, name: `测试干部${id.slice(0, 4)}${i + 1}`, unitCode, post: '干部', rankLevel: 'SECTION' as const, partyMember: true })),
          )
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      });
      return builder;
    },
    /** A commission department with this id. */
    department(id: string, name = `测试部门${id.slice(0, 6)}`) {
      if (alone && alone.body !== 'discipline') {
        steps.push(async () => {
          alone.references.add('department', { id });
        });
        return builder;
      }
      notAlone(target, 'discipline', 'a department');
      steps.push(async () => {
        await insertDepartment(hub.discipline.database.db, { id, name, kind: 'SUPERVISION_OFFICE' });
      });
      return builder;
    },
    /**
     * A clue transfer (and the round, team, inspection and finding behind it) written straight into
     * inspection's database, for tests of the receiving side.
     */
    clueTransfer(t: {
      id: string;
      unitCode: string;
      receiverKind: 'DEPARTMENT' | 'STATIONED_GROUP' | 'COLLABORATION_ZONE';
      receiverId: string;
      escalated?: boolean;
      transferredOn?: string;
    }) {
      if (alone && alone.body !== 'inspection') {
        // As inspection's lookup answers for a transfer not yet answered.
        steps.push(async () => {
          alone.references.add('clueTransfer', {
            id: t.id,
            receiverKind: t.receiverKind,
            receiverId: t.receiverId,
            priority: true,
            escalated: t.escalated ?? false,
            feedbackReceivedOn: null,
          });
        });
        return builder;
      }
      notAlone(target, 'inspection', 'a clue transfer');
      steps.push(async () => {
        const { findingId } = await inspectionBehind(hub, t.unitCode);
        const transferredOn = t.transferredOn ?? '2025-03-28';
        await hub.inspection.database.db
          .insertInto('clueTransfer')
          .values({
            id: t.id,
            findingId,
            transferredOn,
            receiverKind: t.receiverKind,
            receiverId: t.receiverId,
            priority: true,
            escalated: t.escalated ?? false,
            feedbackDueOn: '2025-06-28',
          })
          .execute();
      });
      return builder;
    },
    /** A rectification item (and the plan, inspection and round behind it) in inspection's database. */
    rectificationItem(item: { id: string; unitCode: string; responsiblePersonId: string }) {
      if (alone && alone.body !== 'inspection') {
        // As inspection's lookup answers for a pending item of an approved plan.
        steps.push(async () => {
          alone.references.add('rectificationItem', { id: item.id, unitCode: item.unitCode, status: 'PENDING' });
        });
        return builder;
      }
      notAlone(target, 'inspection', 'a rectification item');
      steps.push(async () => {
        const { inspectionId } = await inspectionBehind(hub, item.unitCode);
        const db = hub.inspection.database.db;
        const plan = await db
          .insertInto('rectificationPlan')
          .values({ inspectionId, submittedOn: '2025-05-01', summary: '整改方案', status: 'APPROVED' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('rectificationItem')
          .values({
            id: item.id,
            planId: plan.id,
            findingId: null,
            description: '整改事项',
            responsiblePersonId: item.responsiblePersonId,
            deadline: '2025-08-01',
          })
          .execute();
      });
      return builder;
    },
    stationedGroup(name: string, unitCodes: string[], startOn = '2020-01-01', endOn: string | null = null, id: string = crypto.randomUUID()) {
      if (alone && alone.body !== 'stationed') {
        // As stationed's lookup answers: the group and the units it oversees, with their periods.
        steps.push(async () => {
          alone.references.add('stationedGroup', { id, coverage: unitCodes.map((unitCode) => ({ unitCode, startOn, endOn })) });
        });
        return builder;
      }
      steps.push(() =>
        insertGroup(
          alone ? (alone as SubgraphHarness<'stationed'>).database.db : hub.stationed.database.db,
          { id, name },
          unitCodes.map((unitCode) => ({ unitCode, startOn, endOn })),
        ),
      );
      return builder;
    },
    // biome-ignore lint/suspicious/noThenProperty: the seed builder is awaited to run the steps it chained
    async then(resolve: (value: undefined) => void, reject: (error: unknown) => void) {
      try {
        for (const step of steps) await step();
        resolve(undefined);
      } catch (error) {
        reject(error);
      }
    },
  };
  return builder;
}

/** A new staff member of discipline's pool; returns its id. */
export async function newStaff(hub: Hub): Promise<string> {
  const id = crypto.randomUUID();
  await seed(hub).staff([id]);
  return id;
}

/** A new commission leader (委领导) in discipline's staff records; returns its id. */
export async function newCommissionLeader(hub: Hub): Promise<string> {
  const id = crypto.randomUUID();
  await seed(hub).commissionLeaders([id]);
  return id;
}

/** A new person (cadre) registered in discipline; returns its id. */
export async function newPerson(hub: Hub, unitCode: string | null = null): Promise<string> {
  const id = crypto.randomUUID();
  await seed(hub).persons([id], unitCode);
  return id;
}

/** A new commission department in discipline; returns its id. */
export async function newDepartment(hub: Hub): Promise<string> {
  const id = crypto.randomUUID();
  await seed(hub).department(id);
  return id;
}
