import { type Kysely, sql } from 'kysely';

/** 同期兼任: why a staff member serves on two special-inspection teams at the same time. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('special_inspection_concurrency')
    .addColumn('special_inspection_id', 'uuid', (c) => c.notNull().references('special_inspection.id'))
    .addColumn('staff_id', 'uuid', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`btrim(reason) <> ''`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('special_inspection_concurrency_pkey', ['special_inspection_id', 'staff_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('special_inspection_concurrency').execute();
}
