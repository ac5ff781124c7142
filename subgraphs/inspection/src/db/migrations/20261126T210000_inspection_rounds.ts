import { type Kysely, sql } from 'kysely';

/**
 * 巡察轮次、巡察组、巡察、巡前通报、发现问题、会商研判、问题线索移交、反馈会、整改、回头看、派驻组交办问题的处理。
 * Stage, status and kind columns carry CHECK constraints; invariants the database can hold are held there.
 */
const STAGES = `('PREPARATION', 'ENTRY', 'FACT_FINDING', 'REPORTING', 'FEEDBACK', 'TRANSFER', 'RECTIFICATION', 'FOLLOW_UP')`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('inspection_round')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number between 1 and 99`))
    .addColumn('theme', 'text', (c) => c.notNull().check(sql`btrim(theme) <> ''`))
    .addColumn('start_on', 'date', (c) => c.notNull())
    .addColumn('end_on', 'date')
    .addColumn('stage', 'text', (c) =>
      c
        .notNull()
        .defaultTo('PREPARATION')
        .check(sql.raw(`stage in ${STAGES}`)),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('inspection_round_year_number_key', ['year', 'number'])
    .addCheckConstraint('inspection_round_dates_check', sql`end_on is null or end_on >= start_on`)
    .execute();

  await db.schema
    .createTable('inspection_round_stage_change')
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('inspection_round.id'))
    .addColumn('stage', 'text', (c) => c.notNull().check(sql.raw(`stage in ${STAGES}`)))
    .addColumn('entered_on', 'date', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('inspection_round_stage_change_pkey', ['round_id', 'stage'])
    .execute();

  await db.schema
    .createTable('inspection_team')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('inspection_round.id'))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`btrim(name) <> ''`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('inspection_team_round_name_key', ['round_id', 'name'])
    .execute();
  await db.schema.createIndex('inspection_team_round_idx').on('inspection_team').column('round_id').execute();

  await db.schema
    .createTable('inspection_team_member')
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('inspection_team.id'))
    .addColumn('staff_id', 'uuid', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('LEADER', 'DEPUTY_LEADER', 'MEMBER')`))
    .addColumn('home_body_kind', 'text', (c) =>
      c.notNull().check(sql`home_body_kind in ('INSPECTION_OFFICE', 'COMMISSION_DEPARTMENT', 'STATIONED_GROUP', 'TOWNSHIP_COMMISSION', 'OTHER_UNIT')`),
    )
    .addColumn('home_body_id', 'text')
    .addColumn('home_body_name', 'text', (c) => c.notNull().check(sql`btrim(home_body_name) <> ''`))
    .addColumn('home_unit_code', 'text', (c) => c.references('unit.code'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('inspection_team_member_pkey', ['team_id', 'staff_id'])
    .execute();
  // One leader per team.
  await sql`create unique index inspection_team_one_leader on inspection_team_member (team_id) where role = 'LEADER'`.execute(db);
  await db.schema.createIndex('inspection_team_member_staff_idx').on('inspection_team_member').column('staff_id').execute();

  await db.schema
    .createTable('inspection')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('inspection_round.id'))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('inspection_team.id'))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('inspection_round_unit_key', ['round_id', 'unit_code'])
    .execute();
  await db.schema.createIndex('inspection_unit_idx').on('inspection').column('unit_code').execute();
  await db.schema.createIndex('inspection_team_idx').on('inspection').column('team_id').execute();

  await db.schema
    .createTable('briefing')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('inspection_id', 'uuid', (c) => c.notNull().references('inspection.id'))
    .addColumn('body', 'text', (c) => c.notNull().check(sql`body in ('PETITION_OFFICE', 'CONDUCT_OFFICE', 'CASE_MANAGEMENT_OFFICE', 'STATIONED_GROUP')`))
    .addColumn('stationed_group_id', 'text')
    .addColumn('briefed_by_staff_id', 'uuid', (c) => c.notNull())
    .addColumn('briefed_on', 'date', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull().check(sql`btrim(content) <> ''`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('briefing_inspection_body_key', ['inspection_id', 'body'])
    .addCheckConstraint('briefing_stationed_group_check', sql`(body = 'STATIONED_GROUP') = (stationed_group_id is not null)`)
    .execute();

  await db.schema
    .createTable('finding')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('inspection_id', 'uuid', (c) => c.notNull().references('inspection.id'))
    .addColumn('category', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`category in ('PARTY_LEADERSHIP', 'PARTY_BUILDING', 'STRICT_GOVERNANCE', 'EIGHT_PROVISIONS', 'FORMALISM_BUREAUCRATISM', 'CORRUPTION', 'FUNDS_MANAGEMENT', 'PERSONNEL_SELECTION', 'MASS_INTERESTS', 'PREVIOUS_RECTIFICATION', 'OTHER')`,
        ),
    )
    .addColumn('description', 'text', (c) => c.notNull().check(sql`btrim(description) <> ''`))
    .addColumn('amount_involved', sql`numeric(14,2)`, (c) => c.check(sql`amount_involved >= 0`))
    .addColumn('recorded_on', 'date', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('finding_inspection_idx').on('finding').column('inspection_id').execute();

  await db.schema
    .createTable('finding_person')
    .addColumn('finding_id', 'uuid', (c) => c.notNull().references('finding.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull())
    .addPrimaryKeyConstraint('finding_person_pkey', ['finding_id', 'person_id'])
    .execute();
  await db.schema.createIndex('finding_person_person_idx').on('finding_person').column('person_id').execute();

  await db.schema
    .createTable('consultation')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('finding_id', 'uuid', (c) => c.notNull().references('finding.id'))
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('departments', sql`text[]`, (c) =>
      c
        .notNull()
        .check(
          sql`cardinality(departments) > 0 and departments <@ array['INSPECTION_OFFICE', 'TRIAL_OFFICE', 'SUPERVISION_OFFICE', 'STATIONED_GROUP', 'CASE_MANAGEMENT_OFFICE', 'PETITION_OFFICE', 'CONDUCT_OFFICE']::text[]`,
        ),
    )
    .addColumn('question', 'text', (c) => c.notNull().check(sql`btrim(question) <> ''`))
    .addColumn('conclusion', 'text', (c) =>
      c.notNull().check(sql`conclusion in ('TRANSFER_AS_CLUE', 'ORDER_RECTIFICATION', 'FURTHER_VERIFICATION', 'NOT_SUBSTANTIATED')`),
    )
    .addColumn('conclusion_note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('consultation_finding_idx').on('consultation').columns(['finding_id', 'held_on']).execute();

  await db.schema
    .createTable('clue_transfer')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('finding_id', 'uuid', (c) => c.notNull().unique().references('finding.id'))
    .addColumn('transferred_on', 'date', (c) => c.notNull())
    .addColumn('receiver_kind', 'text', (c) => c.notNull().check(sql`receiver_kind in ('DEPARTMENT', 'STATIONED_GROUP', 'COLLABORATION_ZONE')`))
    .addColumn('receiver_id', 'text', (c) => c.notNull().check(sql`btrim(receiver_id) <> ''`))
    .addColumn('priority', 'boolean', (c) => c.notNull())
    .addColumn('escalated', 'boolean', (c) => c.notNull())
    .addColumn('feedback_due_on', 'date', (c) => c.notNull())
    .addColumn('feedback_received_on', 'date')
    .addColumn('feedback_summary', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('clue_transfer_due_check', sql`feedback_due_on > transferred_on`)
    .addCheckConstraint(
      'clue_transfer_feedback_check',
      sql`(feedback_received_on is null) = (feedback_summary is null) and (feedback_received_on is null or feedback_received_on >= transferred_on)`,
    )
    .execute();
  await db.schema.createIndex('clue_transfer_due_idx').on('clue_transfer').columns(['feedback_due_on', 'id']).execute();

  await db.schema
    .createTable('feedback_meeting')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('inspection_id', 'uuid', (c) => c.notNull().unique().references('inspection.id'))
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('report_due_on', 'date', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('feedback_meeting_due_check', sql`report_due_on > held_on`)
    .execute();

  await db.schema
    .createTable('feedback_meeting_attendee')
    .addColumn('meeting_id', 'uuid', (c) => c.notNull().references('feedback_meeting.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('capacity', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`capacity in ('COMMISSION_LEADER', 'STATIONED_GROUP_HEAD', 'TEAM_LEADER', 'INSPECTION_OFFICE', 'UNIT_PARTY_SECRETARY', 'UNIT_LEADERSHIP', 'OTHER')`,
        ),
    )
    .addColumn('staff_id', 'uuid')
    .addColumn('person_id', 'uuid')
    .addPrimaryKeyConstraint('feedback_meeting_attendee_pkey', ['meeting_id', 'position'])
    .addCheckConstraint('feedback_meeting_attendee_who_check', sql`(staff_id is null) <> (person_id is null)`)
    .execute();

  await db.schema
    .createTable('rectification_plan')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('inspection_id', 'uuid', (c) => c.notNull().unique().references('inspection.id'))
    .addColumn('submitted_on', 'date', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().check(sql`btrim(summary) <> ''`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('SUBMITTED', 'APPROVED', 'RETURNED')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('rectification_plan_review')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('plan_id', 'uuid', (c) => c.notNull().references('rectification_plan.id'))
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('APPROVED', 'RETURNED')`))
    .addColumn('reviewed_on', 'date', (c) => c.notNull())
    .addColumn('reasons', 'text')
    .addColumn('reviewed_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('rectification_plan_review_reasons_check', sql`decision = 'APPROVED' or btrim(coalesce(reasons, '')) <> ''`)
    .execute();
  // A plan is approved at most once.
  await sql`create unique index rectification_plan_approved_once on rectification_plan_review (plan_id) where decision = 'APPROVED'`.execute(db);

  await db.schema
    .createTable('rectification_item')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('plan_id', 'uuid', (c) => c.notNull().references('rectification_plan.id'))
    .addColumn('finding_id', 'uuid', (c) => c.references('finding.id'))
    .addColumn('description', 'text', (c) => c.notNull().check(sql`btrim(description) <> ''`))
    .addColumn('responsible_person_id', 'uuid', (c) => c.notNull())
    .addColumn('deadline', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('PENDING').check(sql`status in ('PENDING', 'IN_PROGRESS', 'COMPLETED')`))
    .addColumn('completed_on', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('rectification_item_completed_check', sql`(status = 'COMPLETED') = (completed_on is not null)`)
    .execute();
  await db.schema.createIndex('rectification_item_plan_idx').on('rectification_item').column('plan_id').execute();

  await db.schema
    .createTable('rectification_progress')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('item_id', 'uuid', (c) => c.notNull().references('rectification_item.id'))
    .addColumn('reported_on', 'date', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().check(sql`btrim(note) <> ''`))
    .addColumn('completes', 'boolean', (c) => c.notNull())
    .addColumn('funds_recovered', sql`numeric(14,2)`, (c) => c.check(sql`funds_recovered >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('rectification_progress_item_idx').on('rectification_progress').columns(['item_id', 'reported_on']).execute();

  await db.schema
    .createTable('follow_up')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('inspection_id', 'uuid', (c) => c.notNull().unique().references('inspection.id'))
    .addColumn('conducted_on', 'date', (c) => c.notNull())
    .addColumn('conclusion', 'text', (c) => c.notNull().check(sql`conclusion in ('RECTIFIED', 'PARTIALLY_RECTIFIED', 'NOT_RECTIFIED')`))
    .addColumn('open_items', 'integer', (c) => c.notNull().check(sql`open_items >= 0`))
    .addColumn('notes', 'text', (c) => c.notNull().check(sql`btrim(notes) <> ''`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('escalation_handling')
    .addColumn('escalation_id', 'text', (c) => c.primaryKey().check(sql`btrim(escalation_id) <> ''`))
    .addColumn('stationed_group_id', 'text', (c) => c.notNull().check(sql`btrim(stationed_group_id) <> ''`))
    .addColumn('inspection_id', 'uuid', (c) => c.notNull().references('inspection.id'))
    .addColumn('received_on', 'date', (c) => c.notNull())
    .addColumn('action', 'text', (c) =>
      c
        .notNull()
        .check(sql`action in ('VERIFIED_DURING_INSPECTION', 'RECORDED_AS_FINDING', 'TRANSFERRED_AS_CLUE', 'INCLUDED_IN_FEEDBACK', 'NOT_SUBSTANTIATED')`),
    )
    .addColumn('finding_id', 'uuid', (c) => c.references('finding.id'))
    .addColumn('notes', 'text', (c) => c.notNull().check(sql`btrim(notes) <> ''`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('escalation_handling_inspection_idx').on('escalation_handling').column('inspection_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'escalation_handling',
    'follow_up',
    'rectification_progress',
    'rectification_item',
    'rectification_plan_review',
    'rectification_plan',
    'feedback_meeting_attendee',
    'feedback_meeting',
    'clue_transfer',
    'consultation',
    'finding_person',
    'finding',
    'briefing',
    'inspection',
    'inspection_team_member',
    'inspection_team',
    'inspection_round_stage_change',
    'inspection_round',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
