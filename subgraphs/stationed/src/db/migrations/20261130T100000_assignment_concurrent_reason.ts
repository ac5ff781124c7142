import { type Kysely, sql } from 'kysely';

/**
 * 同期兼任: why a deployment runs at the same time as another body's assignment of the staff member
 * (an inspection team, a special-inspection team); null when it overlaps none.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('staff_assignment')
    .addColumn('concurrent_reason', 'text', (c) => c.check(sql`concurrent_reason is null or btrim(concurrent_reason) <> ''`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff_assignment').dropColumn('concurrent_reason').execute();
}
