import { isValidUscc } from '@hub/core';
import { expect, it } from 'vitest';
import {
  COMMISSION_DEPARTMENTS,
  DISTINCT_NAMES,
  DISTRICT_STATIONED_GROUPS,
  DISTRICT_UNITS,
  PERSONS,
  personName,
  STAFF,
  TOWNSHIPS,
  ZONES,
} from '../src/index.ts';

it('every demo unit has a valid, distinct 统一社会信用代码 and a parent that exists', () => {
  const codes = new Set(DISTRICT_UNITS.map((u) => u.code));
  expect(codes.size).toBe(DISTRICT_UNITS.length);
  for (const unit of DISTRICT_UNITS) {
    expect(isValidUscc(unit.code), unit.name).toBe(true);
    if (unit.parentCode) expect(codes.has(unit.parentCode), unit.name).toBe(true);
  }
  expect(new Set(DISTRICT_UNITS.map((u) => u.name)).size).toBe(DISTRICT_UNITS.length);
});

it('is a district of twelve townships and streets split between the east and west zones', () => {
  expect(TOWNSHIPS).toHaveLength(12);
  expect(ZONES.map((z) => z.townships.length)).toEqual([6, 6]);
  expect(new Set(ZONES.flatMap((z) => z.townships)).size).toBe(12);
  for (const zone of ZONES) expect(zone.memberStaffIds.length).toBeGreaterThan(0);
});

it('covers every district department by exactly one stationed group', () => {
  const departments = DISTRICT_UNITS.filter((u) => u.kind === 'DEPARTMENT_PARTY_GROUP').map((u) => u.code);
  const covered = DISTRICT_STATIONED_GROUPS.flatMap((g) => g.unitCodes);
  expect(covered.sort()).toEqual([...departments].sort());
  for (const group of DISTRICT_STATIONED_GROUPS) expect(group.memberStaffIds).toContain(group.leaderStaffId);
});

it('gives staff and cadres distinct names and ids, staff in departments that exist', () => {
  expect(new Set(STAFF.map((s) => s.id)).size).toBe(STAFF.length);
  expect(new Set([...STAFF, ...PERSONS].map((s) => s.name)).size).toBe(STAFF.length + PERSONS.length);
  const departmentIds = new Set(COMMISSION_DEPARTMENTS.map((d) => d.id));
  for (const s of STAFF) if (s.departmentId) expect(departmentIds.has(s.departmentId)).toBe(true);
  const names = new Set(Array.from({ length: DISTINCT_NAMES }, (_, i) => personName(i)));
  expect(names.size).toBe(DISTINCT_NAMES);
});
