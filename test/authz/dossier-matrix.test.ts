import { randomUUID } from 'node:crypto';
import { UnitDossierDocument } from '@hub/client';
import type { Role } from '@hub/core';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCase, insertSanction } from '../../subgraphs/discipline/src/db/cases.ts';
import { insertClue } from '../../subgraphs/discipline/src/db/clues.ts';
import { insertPetitions } from '../../subgraphs/discipline/src/db/petitions.ts';
import { insertDepartment, insertPerson, insertStaff } from '../../subgraphs/discipline/src/db/reference.ts';
import { insertFinding, insertTransfer } from '../../subgraphs/inspection/src/db/findings.ts';
import { insertFeedbackMeeting, savePlan } from '../../subgraphs/inspection/src/db/rectification.ts';
import { insertInspection, insertRound, insertTeam } from '../../subgraphs/inspection/src/db/rounds.ts';
import { insertEscalation } from '../../subgraphs/stationed/src/db/escalations.ts';
import { insertGroup } from '../../subgraphs/stationed/src/db/groups.ts';
import { insertActivity } from '../../subgraphs/stationed/src/db/supervision.ts';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { randomUnitCode, seed } from '../support/seed.ts';

/**
 * The dossier matrix (issue 12): `operations/UnitDossier.graphql` with its default variables, as each
 * of the nine roles with realistic scopes, on a township with a village under it and on a unit
 * without sub-units. Each section is either read in full or null with exactly one FORBIDDEN error
 * naming its path and rule, exactly as DESIGN §6 grants; the unit itself is never blanked.
 */

const DOSSIER = print(UnitDossierDocument);

const SECTIONS = {
  plan: ['inspections'],
  inspectionRecords: ['inspectionFindings', 'rectificationStatus', 'overdueRectificationItems', 'inspectionSignals'],
  counts: ['petitionSummary', 'clueSummary', 'caseSummary', 'sanctionSummary', 'disciplineSignals'],
  caseRecords: ['clues', 'cases', 'sanctions'],
  stationedRecords: ['supervisionActivities', 'openSupervisionIssues', 'stationedEscalations', 'stationedSignals'],
} as const;
type Section = keyof typeof SECTIONS;

interface World {
  township: string;
  village: string;
  single: string;
  /** Team of a round in 巡前准备 (PREPARATION), assigned to the township and the single unit. */
  preparingTeam: string;
  /** Team of a round in 进驻 (ENTRY), inspecting the township and the single unit. */
  enteredTeam: string;
  /** Group overseeing the township and the single unit. */
  overseeingGroup: string;
  /** Group overseeing the village only. */
  villageGroup: string;
  department: string;
}

let hub: Hub;
let world: World;

let roundSlot = 0;
const nextRound = () => ({ year: 2090 + Math.floor(roundSlot / 99), number: (roundSlot++ % 99) + 1 });

async function seedWorld(): Promise<World> {
  const township = randomUnitCode();
  const village = randomUnitCode();
  const single = randomUnitCode();
  await seed(hub).units([
    { code: township, name: '矩阵测试镇', kind: 'TOWNSHIP_PARTY_COMMITTEE', level: 'TOWNSHIP', township: '矩阵镇' },
    { code: village, name: '矩阵测试村', parentCode: township, township: '矩阵镇' },
    { code: single, name: '矩阵测试局', kind: 'DEPARTMENT_PARTY_GROUP', level: 'DISTRICT' },
  ]);

  const idb = hub.inspection.database.db;
  const preparing = await insertRound(idb, { ...nextRound(), theme: '矩阵测试（巡前准备）', startOn: '2026-10-01', stage: 'PREPARATION' });
  const entered = await insertRound(idb, { ...nextRound(), theme: '矩阵测试（进驻）', startOn: '2026-03-01', stage: 'ENTRY' });
  const preparingTeam = await insertTeam(idb, { roundId: preparing, name: '矩阵第一巡察组' });
  const enteredTeam = await insertTeam(idb, { roundId: entered, name: '矩阵第二巡察组' });
  for (const code of [township, single]) {
    await insertInspection(idb, { roundId: preparing, teamId: preparingTeam, unitCode: code });
    const inspectionId = await insertInspection(idb, { roundId: entered, teamId: enteredTeam, unitCode: code });
    const findingId = await insertFinding(
      idb,
      { inspectionId, category: 'FUNDS_MANAGEMENT', description: '矩阵测试问题', amountInvolved: null, recordedOn: '2026-03-10' },
      [],
    );
    await insertTransfer(idb, {
      findingId,
      transferredOn: '2026-03-12',
      receiverKind: 'DEPARTMENT',
      receiverId: randomUUID(),
      priority: true,
      escalated: false,
      feedbackDueOn: '2026-06-12',
    });
    await insertFeedbackMeeting(idb, { inspectionId, heldOn: '2026-04-01', reportDueOn: '2026-06-01' }, [
      { capacity: 'TEAM_LEADER', staffId: randomUUID(), personId: null },
    ]);
    await savePlan(idb, { inspectionId, submittedOn: '2026-05-01', summary: '矩阵测试整改方案' }, [
      { id: randomUUID(), findingId, description: '清退', responsiblePersonId: randomUUID(), deadline: '2026-07-01' },
    ]);
  }

  const sdb = hub.stationed.database.db;
  const overseeingGroup = randomUUID();
  const villageGroup = randomUUID();
  await insertGroup(sdb, { id: overseeingGroup, name: `矩阵派驻组-${township}` }, [
    { unitCode: township, startOn: '2020-01-01', endOn: null },
    { unitCode: single, startOn: '2020-01-01', endOn: null },
  ]);
  await insertGroup(sdb, { id: villageGroup, name: `矩阵村派驻组-${village}` }, [{ unitCode: village, startOn: '2020-01-01', endOn: null }]);
  for (const [code, groupId] of [
    [township, overseeingGroup],
    [village, villageGroup],
    [single, overseeingGroup],
  ] as const) {
    const issueId = randomUUID();
    await insertActivity(
      sdb,
      { id: randomUUID(), groupId, unitCode: code, kind: 'SUPERVISION_CHECK', heldOn: '2025-05-01', notes: '矩阵检查', recordedBy: 'seed' },
      [],
      [{ id: issueId, description: '矩阵问题' }],
    );
    await insertEscalation(sdb, {
      id: randomUUID(),
      issueId,
      groupId,
      unitCode: code,
      summary: '矩阵移交',
      reason: '矩阵',
      escalatedOn: '2025-06-01',
      inspectionRoundId: randomUUID(),
      inspectionTeamId: null,
      recordedBy: 'seed',
    });
  }

  const ddb = hub.discipline.database.db;
  const office = await insertDepartment(ddb, { name: `矩阵测试室-${township}`, kind: 'SUPERVISION_OFFICE' });
  const officer = await insertStaff(ddb, { name: `矩阵承办人-${township.slice(-6)}`, homeBody: 'DISCIPLINE', departmentId: office.id });
  for (const code of [township, village, single]) {
    await insertPetitions(
      ddb,
      [0, 1].map((i) => ({
        id: randomUUID(),
        receivedOn: `2026-0${i + 2}-10`,
        channel: 'LETTER' as const,
        category: 'FORMALISM' as const,
        named: false,
        subjectUnitCode: code,
        summary: '反映形式主义',
      })),
    );
    const cadre = await insertPerson(ddb, { name: `矩阵干部-${code.slice(-6)}`, unitCode: code, post: '书记', rankLevel: 'SECTION', partyMember: true });
    for (const receivedOn of ['2024-04-01', '2025-04-01']) {
      const clue = await insertClue(
        ddb,
        {
          source: 'OTHER',
          petitionId: null,
          clueTransferId: null,
          sourceReference: null,
          subjectUnitCode: code,
          summary: '矩阵线索',
          receivedOn,
          priority: false,
          handlerKind: 'DEPARTMENT',
          handlerDepartmentId: office.id,
          handlerStationedGroupId: null,
          handlerZoneId: null,
          escalationReason: null,
          escalatedOn: null,
          disposalMethod: 'PRELIMINARY_VERIFICATION',
          disposedOn: receivedOn,
          disposedByStaffId: officer.id,
          resultReport: null,
          resultReportedOn: null,
        },
        [cadre.id],
      );
      const filed = await insertCase(ddb, {
        clueId: clue.id,
        personId: cadre.id,
        filedOn: receivedOn,
        status: 'CLOSED',
        investigationStartedOn: receivedOn,
        trialStartedOn: receivedOn,
        closedOn: receivedOn,
        transferredToProcuratorateOn: null,
      });
      await insertSanction(ddb, { caseId: filed.id, personId: cadre.id, type: 'PARTY_WARNING', decidedOn: receivedOn, fourForm: 2 });
    }
  }
  return { township, village, single, preparingTeam, enteredTeam, overseeingGroup, villageGroup, department: office.id };
}

interface Viewer {
  name: string;
  role: Role;
  scopes: (w: World) => Record<string, string[]>;
  /** Sections granted on the township or the single unit, and on the village. */
  unit: Section[];
  village: Section[];
}

const ALL: Section[] = ['plan', 'inspectionRecords', 'counts', 'caseRecords', 'stationedRecords'];

/** DESIGN §6, as a table. */
const VIEWERS: Viewer[] = [
  { name: 'leader', role: 'leader', scopes: () => ({}), unit: ALL, village: ALL },
  { name: 'petition office', role: 'petition_officer', scopes: () => ({}), unit: ['plan', 'counts'], village: ['plan', 'counts'] },
  { name: 'case management', role: 'case_manager', scopes: () => ({}), unit: ['plan', 'counts', 'caseRecords'], village: ['plan', 'counts', 'caseRecords'] },
  {
    name: 'supervision office handling the clues',
    role: 'case_officer',
    scopes: (w) => ({ departmentIds: [w.department] }),
    unit: ['counts'],
    village: ['counts'],
  },
  { name: 'trial office', role: 'trial_officer', scopes: () => ({}), unit: ['counts'], village: ['counts'] },
  { name: 'conduct office', role: 'conduct_officer', scopes: () => ({}), unit: ['plan', 'counts'], village: ['plan', 'counts'] },
  // A team in 巡前准备 reads counts of its units (not of the village, which it does not inspect), not yet stationed records.
  {
    name: 'team in preparation',
    role: 'inspection_officer',
    scopes: (w) => ({ inspectionTeamIds: [w.preparingTeam] }),
    unit: ['plan', 'inspectionRecords', 'counts'],
    village: ['plan', 'inspectionRecords'],
  },
  // A team in 进驻 also reads the stationed records of the units it inspects.
  {
    name: 'team in entry',
    role: 'inspection_officer',
    scopes: (w) => ({ inspectionTeamIds: [w.enteredTeam] }),
    unit: ['plan', 'inspectionRecords', 'counts', 'stationedRecords'],
    village: ['plan', 'inspectionRecords'],
  },
  {
    name: 'overseeing stationed group',
    role: 'stationed_officer',
    scopes: (w) => ({ stationedGroupIds: [w.overseeingGroup] }),
    unit: ['plan', 'inspectionRecords', 'stationedRecords'],
    village: ['plan'],
  },
  {
    name: 'another stationed group',
    role: 'stationed_officer',
    scopes: (w) => ({ stationedGroupIds: [w.villageGroup] }),
    unit: ['plan'],
    village: ['plan', 'inspectionRecords', 'stationedRecords'],
  },
  // Stray scopes grant nothing without the role that uses them.
  {
    name: 'analyst with stray scopes',
    role: 'analyst',
    scopes: (w) => ({ departmentIds: [w.department], stationedGroupIds: [w.overseeingGroup], inspectionTeamIds: [w.enteredTeam], zoneIds: [randomUUID()] }),
    unit: ['counts'],
    village: ['counts'],
  },
];

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() });
  world = await seedWorld();
});
afterAll(async () => {
  await hub?.stop();
});

type GqlError = { message: string; path?: (string | number)[]; extensions?: { code?: string; rule?: string } };

/** Checks one unit of the answer: granted sections are there, refused ones null with one FORBIDDEN error each. */
function expectSections(unit: Record<string, unknown>, path: (string | number)[], granted: Section[], errors: GqlError[], empty: string[] = []) {
  expect(unit.code, `unit at ${path.join('.')} is never blanked`).toBeTruthy();
  expect(unit.name).toBeTruthy();
  for (const [section, fields] of Object.entries(SECTIONS) as [Section, readonly string[]][]) {
    for (const field of fields) {
      const at = [...path, field].join('.');
      const here = errors.filter((e) => (e.path ?? []).join('.') === at);
      if (granted.includes(section)) {
        expect(here, `${at} is granted`).toEqual([]);
        if (!empty.includes(field)) expect(unit[field], `${at} is granted`).not.toBeNull();
      } else {
        expect(unit[field], `${at} is refused`).toBeNull();
        expect(here.length, `${at}: exactly one error`).toBe(1);
        expect(here[0]!.extensions?.code).toBe('FORBIDDEN');
        // Path, then the rule: Chinese, then English.
        expect(here[0]!.message).toContain(at);
        expect(here[0]!.message).toMatch(/^无权读取 \S+（[^）]+）：.+ — not authorized to read \S+ \([^)]+\): .+$/);
      }
    }
  }
}

describe('dossier matrix: 9 roles × (unit with sub-units, unit without)', () => {
  for (const viewer of VIEWERS) {
    for (const which of ['township', 'single'] as const) {
      it(`${viewer.name} (${viewer.role}) × ${which === 'township' ? 'township with a village' : 'unit without sub-units'}`, async () => {
        const code = world[which];
        const response = await hub.query(
          DOSSIER,
          { code, since: '2020-01-01', asOf: '2026-11-29' },
          { as: { role: viewer.role, scopes: viewer.scopes(world) }, purpose: '巡前通报准备' },
        );
        const errors = (response.errors ?? []) as GqlError[];
        // Every error is a refusal; anything else (a blanked parent, an internal error) fails here.
        expect(
          errors.filter((e) => e.extensions?.code !== 'FORBIDDEN'),
          JSON.stringify(errors),
        ).toEqual([]);
        const unit = response.data?.unit as Record<string, unknown> & { subUnits: Record<string, unknown>[] };
        expect(unit, JSON.stringify(errors)).toBeTruthy();
        expectSections(unit, ['unit'], viewer.unit, errors);
        if (which === 'township') {
          expect(unit.subUnits).toHaveLength(1);
          // The village was never inspected: no rectification status to report (null, without an error).
          expectSections(unit.subUnits[0]!, ['unit', 'subUnits', 0], viewer.village, errors, ['rectificationStatus']);
        } else {
          expect(unit.subUnits).toEqual([]);
        }
        // Person-level content never reaches a role that may not read it.
        if (!viewer.unit.includes('caseRecords')) expect(JSON.stringify(response.data)).not.toContain('矩阵干部');
        // Deeper refusals (the records behind a signal) are refusals too, with their value null.
        for (const error of errors.filter((e) => (e.path ?? []).at(-1) === 'evidence')) {
          let value: unknown = response.data;
          for (const key of error.path!) value = (value as Record<string | number, unknown>)[key];
          expect(value).toBeNull();
        }
      });
    }
  }
});
