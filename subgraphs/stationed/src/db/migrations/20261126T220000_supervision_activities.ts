import { type Kysely, sql } from 'kysely';

/** 日常监督: activities (列席, 谈心谈话, 约谈, 监督检查, 专项检查), persons involved, issues found. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('supervision_activity')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('group_id', 'uuid', (c) => c.notNull().references('stationed_group.id'))
    .addColumn('unit_code', 'text', (c) => c.notNull().check(sql`char_length(unit_code) = 18`))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('ATTEND_PARTY_GROUP_MEETING', 'ATTEND_DEMOCRATIC_LIFE_MEETING', 'HEART_TO_HEART_TALK', 'ADMONISHMENT_TALK', 'SUPERVISION_CHECK', 'SPECIAL_CHECK')`,
        ),
    )
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull().check(sql`btrim(notes) <> ''`))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('supervision_activity_unit_idx').on('supervision_activity').columns(['unit_code', 'held_on', 'id']).execute();
  await db.schema.createIndex('supervision_activity_group_idx').on('supervision_activity').columns(['group_id', 'held_on', 'id']).execute();

  await db.schema
    .createTable('supervision_activity_person')
    .addColumn('activity_id', 'uuid', (c) => c.notNull().references('supervision_activity.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull())
    .addPrimaryKeyConstraint('supervision_activity_person_pk', ['activity_id', 'person_id'])
    .execute();
  await db.schema.createIndex('supervision_activity_person_idx').on('supervision_activity_person').columns(['person_id']).execute();

  await db.schema
    .createTable('supervision_issue')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('activity_id', 'uuid', (c) => c.notNull().references('supervision_activity.id'))
    .addColumn('group_id', 'uuid', (c) => c.notNull().references('stationed_group.id'))
    .addColumn('unit_code', 'text', (c) => c.notNull().check(sql`char_length(unit_code) = 18`))
    .addColumn('description', 'text', (c) => c.notNull().check(sql`btrim(description) <> ''`))
    .addColumn('found_on', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('OPEN').check(sql`status in ('OPEN', 'ESCALATED', 'RESOLVED')`))
    .addColumn('resolved_on', 'date')
    .addColumn('resolution', 'text')
    .addCheckConstraint('supervision_issue_resolution', sql`(status = 'RESOLVED') = (resolved_on is not null and resolution is not null)`)
    .addCheckConstraint('supervision_issue_resolved_after_found', sql`resolved_on is null or resolved_on >= found_on`)
    .execute();
  await db.schema.createIndex('supervision_issue_unit_idx').on('supervision_issue').columns(['unit_code', 'status']).execute();
  await db.schema.createIndex('supervision_issue_group_idx').on('supervision_issue').columns(['group_id', 'status']).execute();
  await db.schema.createIndex('supervision_issue_activity_idx').on('supervision_issue').columns(['activity_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('supervision_issue').execute();
  await db.schema.dropTable('supervision_activity_person').execute();
  await db.schema.dropTable('supervision_activity').execute();
}
