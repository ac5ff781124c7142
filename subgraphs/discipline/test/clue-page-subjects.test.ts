import { ALL_UNITS, UNITS } from '@hub/demo';
import { UNHANDLED_CLUE } from '../../../test/support/seed-discipline.ts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type SubgraphHarness, startSubgraph } from '../../../test/support/subgraph.ts';
import { findCluePagesByUnitLinks, findClueSubjectPersons, insertClue } from '../src/db/clues.ts';
import { findUnitLinks } from '../src/db/cases.ts';
import type { Person } from '../src/db/database.ts';
import { insertDepartment, insertPerson } from '../src/db/reference.ts';
import { createLoaders } from '../src/loaders.ts';

/**
 * The page of a unit's clues brings each clue's subjects (`Clue.subjects`) in its own statement: they
 * are the persons `findClueSubjectPersons` finds for the clue, in its order, for the page's clues
 * whatever the window; and a request that reads the page and then the subjects sends no statement
 * for the subjects.
 */

let hub: SubgraphHarness<'discipline'>;
beforeAll(async () => {
  hub = await startSubgraph('discipline', { demo: true });
  // Beside the demo's clues, which name one or two persons each: one naming nobody, one naming three.
  const db = hub.database.db;
  const department = await insertDepartment(db, { name: '主体测试室', kind: 'SUPERVISION_OFFICE' });
  const persons = [];
  for (const name of ['主体测试甲', '主体测试乙', '主体测试丙'])
    persons.push(await insertPerson(db, { name, unitCode: UNITS.donghu.code, post: '科员', rankLevel: 'OTHER', partyMember: true }));
  for (const [receivedOn, subjects] of [
    ['2021-04-01', []],
    ['2021-04-02', persons.map((person) => person.id)],
  ] as const)
    await insertClue(
      db,
      {
        source: 'OTHER',
        petitionId: null,
        clueTransferId: null,
        sourceReference: null,
        subjectUnitCode: UNITS.donghu.code,
        summary: '主体测试',
        receivedOn,
        priority: false,
        handlerKind: 'DEPARTMENT',
        handlerDepartmentId: department.id,
        handlerZoneId: null,
        handlerStationedGroupId: null,
        ...UNHANDLED_CLUE,
      },
      subjects,
    );
});
afterAll(() => hub?.stop());

const CODES = [UNITS.donghu.code, ...ALL_UNITS.filter((unit) => unit.parentCode === UNITS.donghu.code).map((unit) => unit.code)];

/** The subjects of each clue as the subjects statement finds them. */
async function subjectsByClue(clueIds: readonly string[]): Promise<Map<string, Person[]>> {
  const byClue = new Map<string, Person[]>(clueIds.map((id) => [id, []]));
  for (const { clueId, ...person } of await findClueSubjectPersons(hub.database.db, clueIds)) byClue.get(clueId)!.push(person);
  return byClue;
}

it('each clue of a page carries the persons the subjects statement finds for it, in the same order', async () => {
  const db = hub.database.db;
  const links = (await findUnitLinks(db, CODES)).filter((link) => link.kind === 'clue');
  for (const limit of [50, 2]) {
    const rows = await findCluePagesByUnitLinks(db, links, { limit, inverted: false });
    expect(rows.length).toBeGreaterThan(limit === 2 ? 1 : 10);
    const expected = await subjectsByClue(rows.map((row) => row.id));
    for (const row of rows) expect(row.subjects).toEqual(expected.get(row.id));
    // Clues naming nobody and clues naming several persons are both among them.
    if (limit === 50) {
      expect(rows.some((row) => row.subjects.length === 0)).toBe(true);
      expect(rows.some((row) => row.subjects.length > 2)).toBe(true);
    }
  }
});

it('a request that reads a unit’s clue page and then their subjects sends no statement for the subjects', async () => {
  const loaders = createLoaders(hub.database.db);
  const page = await loaders.cluePagesByUnit.page(UNITS.donghu.code, { first: 50 });
  const clues = page.edges.map((edge) => edge.node);
  expect(clues.length).toBeGreaterThan(3);
  for (const clue of clues) expect(clue).not.toHaveProperty('subjects');
  let statements = 0;
  hub.database.onStatement = () => {
    statements++;
  };
  try {
    const subjects = await Promise.all(clues.map((clue) => loaders.subjectPersonsByClueId.load(clue.id)));
    const persons = await Promise.all(subjects.flat().map((person) => loaders.personById.load(person.id)));
    expect(statements).toBe(0);
    const expected = await subjectsByClue(clues.map((clue) => clue.id));
    expect(subjects).toEqual(clues.map((clue) => expected.get(clue.id)));
    expect(persons).toEqual(subjects.flat());
  } finally {
    hub.database.onStatement = undefined;
  }
});
