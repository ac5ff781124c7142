import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stationed_group')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().unique().check(sql`btrim(name) <> ''`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('group_coverage')
    .addColumn('group_id', 'uuid', (c) => c.notNull().references('stationed_group.id'))
    .addColumn('unit_code', 'text', (c) => c.notNull().check(sql`char_length(unit_code) = 18`))
    .addColumn('start_on', 'date', (c) => c.notNull())
    .addColumn('end_on', 'date')
    .addPrimaryKeyConstraint('group_coverage_pk', ['group_id', 'unit_code', 'start_on'])
    .addCheckConstraint('group_coverage_period', sql`end_on is null or end_on > start_on`)
    .execute();
  await db.schema.createIndex('group_coverage_unit_idx').on('group_coverage').columns(['unit_code', 'start_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('group_coverage').execute();
  await db.schema.dropTable('stationed_group').execute();
}
