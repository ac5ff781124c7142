import { type Kysely, sql } from 'kysely';

/** 委领导: which staff members belong to the commission's leadership (they attend feedback meetings as such). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('staff')
    .addColumn('commission_leader', 'boolean', (c) => c.notNull().defaultTo(sql`false`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff').dropColumn('commission_leader').execute();
}
