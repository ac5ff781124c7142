import type { Database } from '@hub/core';
import { COMMISSION_DEPARTMENTS, COMMISSION_LEADERS, PERSONS, PETITIONS, STAFF, ZONES } from '@hub/demo';
import { PETITION_CATEGORIES, type DisciplineDatabase, type PetitionCategory } from './db/database.ts';
import { insertPetitions } from './db/petitions.ts';
import { insertReferenceRows } from './db/reference.ts';

function category(value: string): PetitionCategory {
  if (!(PETITION_CATEGORIES as readonly string[]).includes(value)) throw new Error(`demo petition has unknown category ${value}`);
  return value as PetitionCategory;
}

const office = COMMISSION_DEPARTMENTS.find((d) => d.name === '办公室')!;

/**
 * Loads discipline's share of the demo district (@hub/demo): the commission's departments, the staff
 * pool of all four forces (commission leaders included), the east and west collaboration zones, the
 * cadres who may become subjects, and petitions. Loading twice changes nothing.
 */
export async function loadDemoData({ db }: Database<DisciplineDatabase>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await insertReferenceRows(tx, {
      departments: COMMISSION_DEPARTMENTS.map(({ id, name, kind }) => ({ id, name, kind })),
      staff: [
        ...COMMISSION_LEADERS.map(({ id, name }) => ({ id, name, homeBody: 'DISCIPLINE' as const, departmentId: office.id })),
        ...STAFF.map(({ id, name, homeBody, departmentId }) => ({ id, name, homeBody, departmentId })),
      ],
      zones: ZONES.map((zone) => ({ id: zone.id, name: zone.name, leaderStaffId: COMMISSION_LEADERS.find((l) => l.name === zone.leaderName)!.id })),
      zoneMembers: ZONES.flatMap((zone) => zone.memberStaffIds.map((staffId) => ({ zoneId: zone.id, staffId }))),
      zoneTownships: ZONES.flatMap((zone) => zone.townships.map((township) => ({ zoneId: zone.id, township }))),
      persons: PERSONS.map(({ id, name, unitCode, post, rankLevel, partyMember }) => ({ id, name, unitCode, post, rankLevel, partyMember })),
    });
    await insertPetitions(tx, PETITIONS.map((p) => ({ ...p, category: category(p.category) })));
  });
}
