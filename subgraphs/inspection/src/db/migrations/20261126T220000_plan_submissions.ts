import { type Kysely, sql } from 'kysely';

/**
 * 整改方案报送记录 — every submission of a plan, so that a returned and resubmitted plan still shows
 * when the unit first reported (the 2-month deadline concerns the first report).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rectification_plan_submission')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('plan_id', 'uuid', (c) => c.notNull().references('rectification_plan.id'))
    .addColumn('submitted_on', 'date', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().check(sql`btrim(summary) <> ''`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('rectification_plan_submission_plan_idx').on('rectification_plan_submission').columns(['plan_id', 'submitted_on']).execute();
  await sql`insert into rectification_plan_submission (plan_id, submitted_on, summary) select id, submitted_on, summary from rectification_plan`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rectification_plan_submission').execute();
}
