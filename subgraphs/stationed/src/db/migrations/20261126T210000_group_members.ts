import { type Kysely, sql } from 'kysely';

/** Group membership (组长 / 副组长 / 成员) with history, and at most one open coverage per unit. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('group_member')
    .addColumn('group_id', 'uuid', (c) => c.notNull().references('stationed_group.id'))
    .addColumn('staff_id', 'uuid', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('LEADER', 'DEPUTY_LEADER', 'MEMBER')`))
    .addColumn('start_on', 'date', (c) => c.notNull())
    .addColumn('end_on', 'date')
    .addPrimaryKeyConstraint('group_member_pk', ['group_id', 'staff_id', 'start_on'])
    .addCheckConstraint('group_member_period', sql`end_on is null or end_on > start_on`)
    .execute();
  await db.schema.createIndex('group_member_staff_idx').on('group_member').columns(['staff_id', 'start_on']).execute();
  // A staff member holds one open membership per group; a group has one sitting leader.
  await sql`create unique index group_member_one_open on group_member (group_id, staff_id) where end_on is null`.execute(db);
  await sql`create unique index group_member_one_leader on group_member (group_id) where end_on is null and role = 'LEADER'`.execute(db);
  // 综合派驻: a unit is overseen by one group at a time.
  await sql`create unique index group_coverage_one_open on group_coverage (unit_code) where end_on is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('group_coverage_one_open').execute();
  await db.schema.dropTable('group_member').execute();
}
