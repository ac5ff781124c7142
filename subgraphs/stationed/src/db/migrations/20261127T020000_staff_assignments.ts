import { type Kysely, sql } from 'kysely';

/**
 * Staff deployment: time-bounded assignments of pool staff to stationed work (when they have no
 * inspection task) and of stationed staff to inspection teams. One assignment at a time per staff
 * member; the mutations check overlaps under a per-staff advisory lock.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_assignment')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('staff_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('STATIONED_WORK', 'INSPECTION_TEAM')`))
    .addColumn('group_id', 'uuid', (c) => c.references('stationed_group.id'))
    .addColumn('inspection_team_id', 'text', (c) => c.check(sql`char_length(inspection_team_id) between 1 and 128`))
    .addColumn('start_on', 'date', (c) => c.notNull())
    .addColumn('end_on', 'date', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('staff_assignment_period', sql`end_on > start_on`)
    .addCheckConstraint(
      'staff_assignment_target',
      sql`(kind = 'STATIONED_WORK' and group_id is not null and inspection_team_id is null) or (kind = 'INSPECTION_TEAM' and inspection_team_id is not null)`,
    )
    .execute();
  await db.schema.createIndex('staff_assignment_staff_idx').on('staff_assignment').columns(['staff_id', 'start_on']).execute();
  await db.schema.createIndex('staff_assignment_group_idx').on('staff_assignment').columns(['group_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('staff_assignment').execute();
}
