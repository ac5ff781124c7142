import { type Kysely, sql } from 'kysely';

/**
 * 回避与同期任务: what a team member declared (units where a close relative is a cadre), why a member
 * serves on two teams at once, the exceptions a commission leader approved; 回头看: why a unit entered
 * the follow-up stage without an approved plan.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('inspection_team_member')
    .addColumn('close_relative_unit_codes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('concurrent_reason', 'text', (c) => c.check(sql`concurrent_reason is null or btrim(concurrent_reason) <> ''`))
    .execute();
  await db.schema
    .createTable('recusal_exception')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('inspection_team.id'))
    .addColumn('staff_id', 'uuid', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('grounds', sql`text[]`, (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`btrim(reason) <> ''`))
    .addColumn('approved_by', 'text', (c) => c.notNull())
    .addColumn('approved_on', 'date', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('recusal_exception_member_unit_key', ['team_id', 'staff_id', 'unit_code'])
    .execute();
  await db.schema
    .createTable('follow_up_without_plan')
    .addColumn('inspection_id', 'uuid', (c) => c.primaryKey().references('inspection.id'))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`btrim(reason) <> ''`))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_on', 'date', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('follow_up_without_plan').execute();
  await db.schema.dropTable('recusal_exception').execute();
  await db.schema.alterTable('inspection_team_member').dropColumn('close_relative_unit_codes').dropColumn('concurrent_reason').execute();
}
