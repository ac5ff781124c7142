import { type Kysely, sql } from 'kysely';

/** 整改监督: the overseeing group's notes on inspection's rectification items (inspection's ids). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rectification_supervision_note')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('rectification_item_id', 'text', (c) => c.notNull().check(sql`char_length(rectification_item_id) between 1 and 128`))
    .addColumn('group_id', 'uuid', (c) => c.notNull().references('stationed_group.id'))
    .addColumn('unit_code', 'text', (c) => c.notNull().check(sql`char_length(unit_code) = 18`))
    .addColumn('noted_on', 'date', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().check(sql`btrim(note) <> ''`))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('rectification_supervision_note_item_idx')
    .on('rectification_supervision_note')
    .columns(['rectification_item_id', 'noted_on'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rectification_supervision_note').execute();
}
