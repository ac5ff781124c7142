import { type Kysely, sql } from 'kysely';

/** Issues a group could not move in daily supervision, handed to inspection (one escalation per issue). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('escalation')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('issue_id', 'uuid', (c) => c.notNull().unique().references('supervision_issue.id'))
    .addColumn('group_id', 'uuid', (c) => c.notNull().references('stationed_group.id'))
    .addColumn('unit_code', 'text', (c) => c.notNull().check(sql`char_length(unit_code) = 18`))
    .addColumn('summary', 'text', (c) => c.notNull().check(sql`btrim(summary) <> ''`))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`btrim(reason) <> ''`))
    .addColumn('escalated_on', 'date', (c) => c.notNull())
    .addColumn('inspection_round_id', 'text', (c) => c.check(sql`char_length(inspection_round_id) between 1 and 128`))
    .addColumn('inspection_team_id', 'text', (c) => c.check(sql`char_length(inspection_team_id) between 1 and 128`))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('escalation_has_target', sql`inspection_round_id is not null or inspection_team_id is not null`)
    .execute();
  await db.schema.createIndex('escalation_unit_idx').on('escalation').columns(['unit_code', 'escalated_on']).execute();
  await db.schema.createIndex('escalation_group_idx').on('escalation').columns(['group_id', 'escalated_on']).execute();
  await db.schema.createIndex('escalation_team_idx').on('escalation').columns(['inspection_team_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('escalation').execute();
}
