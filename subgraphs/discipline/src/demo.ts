import type { Database } from '@hub/core';
import { demoId, PETITIONS } from '@hub/demo';
import { PETITION_CATEGORIES, type DepartmentKind, type DisciplineDatabase, type PetitionCategory } from './db/database.ts';
import { insertPetitions } from './db/petitions.ts';
import { insertReferenceRows } from './db/reference.ts';

function category(value: string): PetitionCategory {
  if (!(PETITION_CATEGORIES as readonly string[]).includes(value)) throw new Error(`demo petition has unknown category ${value}`);
  return value as PetitionCategory;
}

/** The commission's departments in the demo district. */
const DEPARTMENTS: [string, DepartmentKind][] = [
  ['信访室', 'PETITION_OFFICE'],
  ['党风政风监督室', 'CONDUCT_SUPERVISION'],
  ['案件监督管理室', 'CASE_MANAGEMENT'],
  ['案件审理室', 'CASE_TRIAL'],
  ['第一纪检监察室', 'SUPERVISION_OFFICE'],
  ['第二纪检监察室', 'SUPERVISION_OFFICE'],
  ['第三纪检监察室', 'SUPERVISION_OFFICE'],
];

/**
 * 东西两个办案协作区: each led by a member of the standing committee, staffed from the supervision
 * offices and township commissions (names are fictional).
 */
const ZONES = [
  { name: '东区办案协作区', leader: '东区组长（区纪委常委）', office: '第一纪检监察室', members: ['东区协作区干部甲', '东区协作区干部乙'] },
  { name: '西区办案协作区', leader: '西区组长（区纪委常委）', office: '第二纪检监察室', members: ['西区协作区干部甲', '西区协作区干部乙'] },
];

/** Loads the demo district's discipline records; loading twice changes nothing. */
export async function loadDemoData({ db }: Database<DisciplineDatabase>): Promise<void> {
  const department = (name: string) => demoId('department', name);
  const staff = (name: string) => demoId('staff', name);
  await db.transaction().execute(async (tx) => {
    await insertPetitions(tx, PETITIONS.map((p) => ({ ...p, category: category(p.category) })));
    await insertReferenceRows(tx, {
      departments: DEPARTMENTS.map(([name, kind]) => ({ id: department(name), name, kind })),
      staff: ZONES.flatMap((z) => [z.leader, ...z.members].map((name) => ({ id: staff(name), name, homeBody: 'DISCIPLINE' as const, departmentId: department(z.office) }))),
      zones: ZONES.map((z) => ({ id: demoId('zone', z.name), name: z.name, leaderStaffId: staff(z.leader) })),
      zoneMembers: ZONES.flatMap((z) => [z.leader, ...z.members].map((name) => ({ zoneId: demoId('zone', z.name), staffId: staff(name) }))),
      zoneTownships: [],
    });
  });
}
