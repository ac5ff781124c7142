import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('petition')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('received_on', 'date', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('LETTER', 'VISIT', 'PHONE', 'ONLINE')`))
    .addColumn('category', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`category in ('POLITICAL_DISCIPLINE', 'ORGANIZATIONAL_DISCIPLINE', 'INTEGRITY', 'MASS_DISCIPLINE', 'WORK_DISCIPLINE', 'LIFE_DISCIPLINE', 'EIGHT_PROVISIONS', 'FORMALISM', 'BUREAUCRATISM', 'HEDONISM', 'EXTRAVAGANCE', 'OTHER')`,
        ),
    )
    .addColumn('named', 'boolean', (c) => c.notNull())
    .addColumn('subject_unit_code', 'text', (c) => c.check(sql`char_length(subject_unit_code) = 18`))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('petition_subject_unit_idx').on('petition').columns(['subject_unit_code', 'received_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('petition').execute();
}
