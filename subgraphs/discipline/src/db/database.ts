import type { AuditDatabase } from '@hub/core';
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export const PETITION_CHANNELS = ['LETTER', 'VISIT', 'PHONE', 'ONLINE'] as const;
export type PetitionChannel = (typeof PETITION_CHANNELS)[number];

export const PETITION_CATEGORIES = [
  'POLITICAL_DISCIPLINE',
  'ORGANIZATIONAL_DISCIPLINE',
  'INTEGRITY',
  'MASS_DISCIPLINE',
  'WORK_DISCIPLINE',
  'LIFE_DISCIPLINE',
  'EIGHT_PROVISIONS',
  'FORMALISM',
  'BUREAUCRATISM',
  'HEDONISM',
  'EXTRAVAGANCE',
  'OTHER',
] as const;
export type PetitionCategory = (typeof PETITION_CATEGORIES)[number];

/** 信访举报 — a petition or report. Reporter identity is never stored in this table. */
export interface PetitionTable {
  id: Generated<string>;
  receivedOn: string;
  channel: PetitionChannel;
  category: PetitionCategory;
  named: boolean;
  subjectUnitCode: string | null;
  summary: string;
  createdAt: ColumnType<Date, never, never>;
}

/** This subgraph's tables; the audit log is the shared append-only one. */
export interface DisciplineDatabase extends AuditDatabase {
  petition: PetitionTable;
}

export type Petition = Selectable<PetitionTable>;
export type NewPetition = Insertable<PetitionTable>;
