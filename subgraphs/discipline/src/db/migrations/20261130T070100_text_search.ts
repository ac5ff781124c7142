import { type Kysely, sql } from 'kysely';

/**
 * 全文检索 — trigram (n-gram) indexes for the texts a search reads: petition and clue summaries,
 * persons' names. Searches are substring matches (`ilike '%…%'`), identical on PostgreSQL and
 * PGlite (which loads the `pg_trgm` extension too); the GIN indexes make them fast.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index petition_summary_trgm on petition using gin (summary gin_trgm_ops)`.execute(db);
  await sql`create index clue_summary_trgm on clue using gin (summary gin_trgm_ops)`.execute(db);
  await sql`create index person_name_trgm on person using gin (name gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['person_name_trgm', 'clue_summary_trgm', 'petition_summary_trgm']) await sql`drop index ${sql.id(index)}`.execute(db);
}
