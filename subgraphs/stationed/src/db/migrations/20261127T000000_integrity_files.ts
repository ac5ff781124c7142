import { type Kysely, sql } from 'kysely';

/** 廉政档案: entries per leading cadre (discipline's `Person` id), kept by the group that recorded them. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('integrity_file_entry')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull())
    .addColumn('group_id', 'uuid', (c) => c.notNull().references('stationed_group.id'))
    .addColumn('unit_code', 'text', (c) => c.notNull().check(sql`char_length(unit_code) = 18`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('INTEGRITY_DECLARATION', 'TALK', 'PERSONAL_MATTERS_REPORT', 'PRIOR_FINDING', 'OTHER')`))
    .addColumn('recorded_on', 'date', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().check(sql`btrim(summary) <> ''`))
    .addColumn('activity_id', 'uuid', (c) => c.references('supervision_activity.id'))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('integrity_file_entry_person_idx').on('integrity_file_entry').columns(['person_id', 'recorded_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('integrity_file_entry').execute();
}
