import { randomUUID } from 'node:crypto';
import { UnitDossierDocument, type UnitDossierQuery } from '@hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCase, insertSanction } from '../../subgraphs/discipline/src/db/cases.ts';
import { insertClue } from '../../subgraphs/discipline/src/db/clues.ts';
import type { CaseStatus, HandlerKind, Person, PetitionCategory } from '../../subgraphs/discipline/src/db/database.ts';
import { insertPetitions } from '../../subgraphs/discipline/src/db/petitions.ts';
import { insertDepartment, insertPerson, insertStaff, insertZone } from '../../subgraphs/discipline/src/db/reference.ts';
import { nodes } from '../support/connections.ts';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { randomUnitCode, seed } from '../support/seed.ts';

/**
 * The discipline subgraph's share of the pre-inspection dossier, in SQL statements: one entity
 * request (the unit and its sub-units) answered by batched statements whose number does not grow
 * with the records. 14 before, on the data below: now the page of a unit's clues brings each clue's
 * subjects with their persons (no statement of their own), the pages of cases and sanctions bring
 * what their need-to-know asks of the clue and the case (no lookup of either), and the petition
 * counts ride with the clue, case and sanction counts, and the one-time id of the gateway's claims is
 * recorded in the statement that writes the audit records. The answer is the one computed from the
 * rows written, as it was before.
 */
const DISCIPLINE_STATEMENTS_PER_DOSSIER = 8;

const SINCE = '2022-01-01';
const AS_OF = '2026-06-30';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() });
});
afterAll(async () => {
  await hub?.stop();
});

interface Seeded {
  code: string;
  subCode: string;
  /** What the dossier must show of each petition, clue, case and sanction, computed from the rows written. */
  petitions: { unitCode: string; receivedOn: string; category: PetitionCategory }[];
  clues: Map<string, { receivedOn: string; subjects: { id: string; name: string; post: string }[] }>;
  cases: Map<string, { status: CaseStatus; filedOn: string }>;
  sanctions: Map<string, { decidedOn: string }>;
  /** The unit codes each clue, case and sanction concerns (the subject unit or a named cadre's unit). */
  unitsOf: Map<string, Set<string>>;
}

/**
 * A township and one village under it; three cadres (two of the township, one of the village) and a
 * person of no unit; clues handled by each kind of handling body (department, collaboration zone,
 * stationed group), most naming two persons; a case against each clue's first subject at every
 * stage, and a sanction in each closed or at-trial case.
 */
async function seedUnit(): Promise<Seeded> {
  const code = randomUnitCode();
  const subCode = randomUnitCode();
  await seed(hub).units([
    { code, name: `语句测试镇-${code.slice(-4)}`, kind: 'TOWNSHIP_PARTY_COMMITTEE', level: 'TOWNSHIP', township: '云溪镇' },
    { code: subCode, name: `语句测试村-${subCode.slice(-4)}`, parentCode: code, township: '云溪镇' },
  ]);
  const db = hub.discipline.database.db;
  const office = await insertDepartment(db, { name: `语句测试室-${code}`, kind: 'SUPERVISION_OFFICE' });
  const officer = await insertStaff(db, { name: `语句测试承办人-${code.slice(-6)}`, homeBody: 'DISCIPLINE', departmentId: office.id });
  const zone = await insertZone(db, { name: `语句测试协作区-${code}`, leaderStaffId: null, memberStaffIds: [officer.id], townships: [] });
  const groupId = randomUUID();
  const person = (name: string, unitCode: string | null, post: string) =>
    insertPerson(db, { name: `${name}-${code.slice(-6)}`, unitCode, post, rankLevel: 'SECTION', partyMember: true });
  const secretary = await person('语句测试书记', code, '党委书记');
  const mayor = await person('语句测试镇长', code, '镇长');
  const villager = await person('语句测试村书记', subCode, '村党支部书记');
  const outsider = await person('语句测试无单位人员', null, '群众');
  const handlers: Record<HandlerKind, { handlerDepartmentId: string | null; handlerZoneId: string | null; handlerStationedGroupId: string | null }> = {
    DEPARTMENT: { handlerDepartmentId: office.id, handlerZoneId: null, handlerStationedGroupId: null },
    ZONE: { handlerDepartmentId: null, handlerZoneId: zone.id, handlerStationedGroupId: null },
    STATIONED_GROUP: { handlerDepartmentId: null, handlerZoneId: null, handlerStationedGroupId: groupId },
  };
  const plan: { kind: HandlerKind; subjects: Person[]; status: CaseStatus }[] = [
    { kind: 'DEPARTMENT', subjects: [secretary, villager], status: 'CLOSED' },
    { kind: 'ZONE', subjects: [mayor, outsider], status: 'UNDER_TRIAL' },
    { kind: 'STATIONED_GROUP', subjects: [villager, secretary, mayor], status: 'UNDER_INVESTIGATION' },
    { kind: 'DEPARTMENT', subjects: [outsider], status: 'FILED' },
    { kind: 'ZONE', subjects: [secretary], status: 'CLOSED' },
    { kind: 'STATIONED_GROUP', subjects: [mayor, villager], status: 'CLOSED' },
  ];
  const seeded: Seeded = { code, subCode, petitions: [], clues: new Map(), cases: new Map(), sanctions: new Map(), unitsOf: new Map() };
  // Petitions over several years and categories, one before the dossier's `since`.
  seeded.petitions = [
    { unitCode: code, receivedOn: '2021-05-01', category: 'FORMALISM' },
    { unitCode: code, receivedOn: '2022-03-01', category: 'FORMALISM' },
    { unitCode: code, receivedOn: '2022-07-01', category: 'HEDONISM' },
    { unitCode: code, receivedOn: '2022-08-01', category: 'FORMALISM' },
    { unitCode: code, receivedOn: '2023-02-01', category: 'EXTRAVAGANCE' },
    { unitCode: subCode, receivedOn: '2024-01-01', category: 'BUREAUCRATISM' },
  ];
  await insertPetitions(
    db,
    seeded.petitions.map((p) => ({
      id: randomUUID(),
      receivedOn: p.receivedOn,
      channel: 'LETTER' as const,
      category: p.category,
      named: false,
      subjectUnitCode: p.unitCode,
      summary: '反映作风问题',
    })),
  );
  for (const [i, { kind, subjects, status }] of plan.entries()) {
    const receivedOn = `2023-0${i + 1}-10`;
    const clue = await insertClue(
      db,
      {
        source: 'OTHER',
        petitionId: null,
        clueTransferId: null,
        sourceReference: null,
        subjectUnitCode: code,
        summary: '违规收受礼金',
        receivedOn,
        priority: false,
        handlerKind: kind,
        ...handlers[kind],
        escalationReason: null,
        escalatedOn: null,
        disposalMethod: 'PRELIMINARY_VERIFICATION',
        disposedOn: receivedOn,
        disposedByStaffId: officer.id,
        resultReport: null,
        resultReportedOn: null,
      },
      subjects.map((s) => s.id),
    );
    // Today's order: the clue's subject rows by person id.
    const ordered = [...subjects].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    seeded.clues.set(clue.id, { receivedOn, subjects: ordered.map((s) => ({ id: s.id, name: s.name, post: s.post })) });
    seeded.unitsOf.set(clue.id, new Set([code, ...subjects.flatMap((s) => (s.unitCode ? [s.unitCode] : []))]));
    const against = subjects[0]!;
    const atTrial = status === 'UNDER_TRIAL' || status === 'CLOSED';
    const filed = await insertCase(db, {
      clueId: clue.id,
      personId: against.id,
      filedOn: receivedOn,
      status,
      investigationStartedOn: status === 'FILED' ? null : receivedOn,
      trialStartedOn: atTrial ? receivedOn : null,
      closedOn: status === 'CLOSED' ? receivedOn : null,
      transferredToProcuratorateOn: null,
    });
    seeded.cases.set(filed.id, { status, filedOn: receivedOn });
    const caseUnits = new Set([code, ...(against.unitCode ? [against.unitCode] : [])]);
    seeded.unitsOf.set(filed.id, caseUnits);
    if (atTrial) {
      const decidedOn = `2024-0${i + 1}-20`;
      const sanction = await insertSanction(db, { caseId: filed.id, personId: against.id, type: 'PARTY_WARNING', decidedOn, fourForm: 2 });
      seeded.sanctions.set(sanction.id, { decidedOn });
      seeded.unitsOf.set(sanction.id, caseUnits);
    }
  }
  return seeded;
}

type DossierUnit = NonNullable<UnitDossierQuery['unit']>;
type Section = Pick<DossierUnit, 'code' | 'petitionSummary' | 'clueSummary' | 'caseSummary' | 'sanctionSummary' | 'clues' | 'cases' | 'sanctions'>;

/** Counts by the given values, in the order of the values (as the summaries are ordered). */
function countBy<K extends string>(values: K[], name: string) {
  const counts = new Map<K, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([value, count]) => ({ [name]: value, count }));
}

/** What a unit's section must show: the counts since the dossier's date, and the clues, cases and sanctions newest first with the fields the dossier asks for. */
function expectedSection(seeded: Seeded, unitCode: string) {
  const concerns = (id: string) => seeded.unitsOf.get(id)!.has(unitCode);
  const newestFirst = <T>(rows: [string, T][], date: (row: T) => string) =>
    rows.filter(([id]) => concerns(id)).sort(([ia, a], [ib, b]) => (date(b) + ib).localeCompare(date(a) + ia));
  const petitions = seeded.petitions.filter((p) => p.unitCode === unitCode && p.receivedOn >= SINCE);
  const since = <T>(rows: [string, T][], date: (row: T) => string) => rows.filter(([id, row]) => concerns(id) && date(row) >= SINCE).map(([, row]) => row);
  return {
    petitionSummary: countBy(
      petitions.map((p) => `${p.receivedOn.slice(0, 4)}|${p.category}`),
      'key',
    ).map(({ key, count }) => ({ year: Number(String(key).slice(0, 4)), category: String(key).slice(5), count })),
    clueSummary: countBy(
      since([...seeded.clues], (c) => c.receivedOn).map(() => 'PRELIMINARY_VERIFICATION'),
      'disposalMethod',
    ),
    caseSummary: countBy(
      since([...seeded.cases], (c) => c.filedOn).map((c) => c.status),
      'status',
    ),
    sanctionSummary: countBy(
      since([...seeded.sanctions], (s) => s.decidedOn).map(() => 'PARTY_WARNING'),
      'type',
    ),
    clues: newestFirst([...seeded.clues], (c) => c.receivedOn).map(([id, c]) => ({ id, receivedOn: c.receivedOn, subjects: c.subjects })),
    cases: newestFirst([...seeded.cases], (c) => c.filedOn).map(([id, c]) => ({ id, status: c.status, filedOn: c.filedOn })),
    sanctions: newestFirst([...seeded.sanctions], (s) => s.decidedOn).map(([id, s]) => ({ id, decidedOn: s.decidedOn })),
  };
}

function shownSection(section: Section) {
  return {
    petitionSummary: section.petitionSummary,
    clueSummary: section.clueSummary,
    caseSummary: section.caseSummary,
    sanctionSummary: section.sanctionSummary,
    clues: nodes(section.clues).map((c) => ({ id: c.id, receivedOn: c.receivedOn, subjects: c.subjects })),
    cases: nodes(section.cases).map((c) => ({ id: c.id, status: c.status, filedOn: c.filedOn })),
    sanctions: nodes(section.sanctions).map((s) => ({ id: s.id, decidedOn: s.decidedOn })),
  };
}

async function dossier(code: string) {
  return hub.query(UnitDossierDocument, { code, since: SINCE, asOf: AS_OF }, { as: { role: 'leader' }, purpose: '巡前通报准备' }) as Promise<{
    data: UnitDossierQuery;
    errors?: { message: string; path?: (string | number)[] }[];
  }>;
}

describe("the discipline subgraph's statements for one dossier", () => {
  it(`are at most ${DISCIPLINE_STATEMENTS_PER_DOSSIER} for a leader, and the clues, their persons, the cases and the sanctions are all there`, async () => {
    const seeded = await seedUnit();
    // Warm-up: a cold start (prepared plans, lazy setup) does not count.
    await dossier(seeded.code);
    const { result, statements } = await hub.countStatements(() => dossier(seeded.code));
    console.log('discipline SQL statements per dossier (leader):', statements.discipline);
    expect(result.errors ?? []).toEqual([]);
    const unit = result.data.unit!;
    expect(shownSection(unit)).toEqual(expectedSection(seeded, seeded.code));
    expect(unit.subUnits).toHaveLength(1);
    expect(shownSection(unit.subUnits[0]!)).toEqual(expectedSection(seeded, seeded.subCode));
    // The data reaches every list the statements were cut from: persons on clues, cases at each stage, sanctions.
    expect(nodes(unit.clues)).toHaveLength(6);
    expect(nodes(unit.clues).flatMap((c) => c.subjects)).toHaveLength(11);
    expect(nodes(unit.cases)).toHaveLength(6);
    expect(nodes(unit.sanctions)).toHaveLength(4);
    expect(nodes(unit.subUnits[0]!.clues)).toHaveLength(3);
    expect(unit.petitionSummary).toHaveLength(3);
    expect(unit.caseSummary).toHaveLength(4);
    expect(unit.subUnits[0]!.petitionSummary).toHaveLength(1);
    expect(statements.discipline).toBeGreaterThan(0);
    expect(statements.discipline).toBeLessThanOrEqual(DISCIPLINE_STATEMENTS_PER_DOSSIER);
  }, 120_000);
});
