import { type Kysely, sql } from 'kysely';

/**
 * 全文检索 — trigram (n-gram) indexes for the texts a search reads: findings' descriptions and units'
 * names. Searches are substring matches (`ilike '%…%'`), identical on PostgreSQL and PGlite (which
 * loads the `pg_trgm` extension too); the GIN indexes make them fast.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index finding_description_trgm on finding using gin (description gin_trgm_ops)`.execute(db);
  await sql`create index unit_name_trgm on unit using gin (name gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['unit_name_trgm', 'finding_description_trgm']) await sql`drop index ${sql.id(index)}`.execute(db);
}
