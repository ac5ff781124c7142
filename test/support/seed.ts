import { randomBytes } from 'node:crypto';
import { makeUscc } from '@hub/core';
import { insertPetitions } from '../../subgraphs/discipline/src/db/petitions.ts';
import { insertDepartment, insertPerson, insertStaff } from '../../subgraphs/discipline/src/db/reference.ts';
import type { NewUnit } from '../../subgraphs/inspection/src/db/database.ts';
import { insertUnits } from '../../subgraphs/inspection/src/db/units.ts';
import { insertGroup } from '../../subgraphs/stationed/src/db/groups.ts';
import type { Hub } from './hub.ts';

const ORG_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid, random 统一社会信用代码 for a test unit. */
export function randomUnitCode(): string {
  const bytes = randomBytes(8);
  const body = [...bytes].map((b) => ORG_CHARS[b % ORG_CHARS.length]).join('');
  return makeUscc('11', '340499', body);
}

/**
 * Fresh, independent records for one test, written through each owning subgraph's repository
 * functions. Chain the calls, then `await` the builder.
 */
export function seed(hub: Hub) {
  const steps: (() => Promise<void>)[] = [];
  const builder = {
    units(units: Partial<NewUnit>[]) {
      steps.push(() =>
        insertUnits(
          hub.inspection.database.db,
          units.map((u, i) => ({ code: u.code ?? randomUnitCode(), name: u.name ?? `测试单位${i + 1}`, kind: 'VILLAGE', level: 'VILLAGE', township: null, parentCode: null, ...u })),
        ),
      );
      return builder;
    },
    petitions(unitCode: string, petitions: { receivedOn: string; category: 'HEDONISM' | 'FORMALISM' | 'INTEGRITY' }[]) {
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
      steps.push(async () => {
        for (const [i, id] of ids.entries()) await insertStaff(hub.discipline.database.db, { id, name: `测试人员${i + 1}`, homeBody, departmentId: null });
      });
      return builder;
    },
    /** Persons (cadres) registered in discipline, with these ids. */
    persons(ids: string[], unitCode: string | null = null) {
      steps.push(async () => {
        for (const [i, id] of ids.entries()) await insertPerson(hub.discipline.database.db, { id, name: `测试干部${i + 1}`, unitCode, post: '干部', rankLevel: 'SECTION', partyMember: true });
      });
      return builder;
    },
    /** A commission department with this id. */
    department(id: string, name = `测试部门${id.slice(0, 6)}`) {
      steps.push(async () => {
        await insertDepartment(hub.discipline.database.db, { id, name, kind: 'SUPERVISION_OFFICE' });
      });
      return builder;
    },
    stationedGroup(name: string, unitCodes: string[], startOn = '2020-01-01', endOn: string | null = null, id: string = crypto.randomUUID()) {
      steps.push(() =>
        insertGroup(
          hub.stationed.database.db,
          { id, name },
          unitCodes.map((unitCode) => ({ unitCode, startOn, endOn })),
        ),
      );
      return builder;
    },
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
