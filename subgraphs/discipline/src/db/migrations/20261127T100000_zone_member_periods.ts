import { type Kysely, sql } from 'kysely';

/** When a staff member joined and left a collaboration zone (null: not recorded / still a member). */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table zone_member add column start_on date, add column end_on date`.execute(db);
  await sql`alter table zone_member add constraint zone_member_period_check check (start_on is null or end_on is null or end_on > start_on)`.execute(db);
  await sql`create index zone_member_staff_idx on zone_member (staff_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index zone_member_staff_idx`.execute(db);
  await sql`alter table zone_member drop constraint zone_member_period_check, drop column start_on, drop column end_on`.execute(db);
}
