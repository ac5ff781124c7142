import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('unit')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`char_length(code) = 18`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`btrim(name) <> ''`))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('TOWNSHIP_PARTY_COMMITTEE', 'STREET_PARTY_WORKING_COMMITTEE', 'DEPARTMENT_PARTY_GROUP', 'VILLAGE', 'PUBLIC_INSTITUTION', 'STATE_OWNED_ENTERPRISE', 'OTHER')`,
        ),
    )
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('DISTRICT', 'TOWNSHIP', 'VILLAGE')`))
    .addColumn('township', 'text')
    .addColumn('parent_code', 'text', (c) => c.references('unit.code'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('unit_parent_code_idx').on('unit').column('parent_code').execute();
  await db.schema.createIndex('unit_township_idx').on('unit').column('township').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('unit').execute();
}
