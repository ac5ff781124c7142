import type { AuditDatabase } from '@hub/core';
import type { ColumnType, Insertable, Selectable } from 'kysely';

export const UNIT_KINDS = [
  'TOWNSHIP_PARTY_COMMITTEE',
  'STREET_PARTY_WORKING_COMMITTEE',
  'DEPARTMENT_PARTY_GROUP',
  'VILLAGE',
  'PUBLIC_INSTITUTION',
  'STATE_OWNED_ENTERPRISE',
  'OTHER',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_LEVELS = ['DISTRICT', 'TOWNSHIP', 'VILLAGE'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** 巡察对象名录 — the unit registry. */
export interface UnitTable {
  code: string;
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  township: string | null;
  parentCode: string | null;
  createdAt: ColumnType<Date, never, never>;
}

/** This subgraph's tables; the audit log is the shared append-only one. */
export interface InspectionDatabase extends AuditDatabase {
  unit: UnitTable;
}

export type Unit = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
