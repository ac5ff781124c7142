import { type Kysely, sql } from 'kysely';

/**
 * Special inspections by the unit they checked, for the dossier (was a sequential scan of
 * special_inspection_check, whose size follows the district, not the unit).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index special_inspection_check_unit_idx on special_inspection_check (unit_code, checked_on)`.execute(db);
}
