import { type Kysely, sql } from 'kysely';

/**
 * A unit's clues received in a window, by one index: the dossier's signal statement is a prepared
 * statement, and its generic plan guessed the window's selectivity and combined clue_unit_idx with
 * clue_received_idx — a bitmap of every clue in the district (61,602 at ×100) for the 39 of the unit.
 * The new index leads with the unit, so it also serves every lookup clue_unit_idx served, which goes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index clue_unit_received_idx on clue (subject_unit_code, received_on)`.execute(db);
  await sql`drop index clue_unit_idx`.execute(db);
}
