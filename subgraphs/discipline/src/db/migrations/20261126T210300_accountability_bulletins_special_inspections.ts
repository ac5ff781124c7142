import { type Kysely, sql } from 'kysely';

/** Accountability decisions, periodic bulletins, joint special inspections. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table accountability_decision (
      id uuid primary key default gen_random_uuid(),
      rectification_item_id uuid,
      unit_code text check (char_length(unit_code) = 18),
      person_id uuid references person (id),
      decided_on date not null,
      measure text not null check (btrim(measure) <> ''),
      reason text not null check (btrim(reason) <> ''),
      check (unit_code is not null or person_id is not null)
    )`.execute(db);
  await sql`create index accountability_item_idx on accountability_decision (rectification_item_id)`.execute(db);
  await sql`
    create table bulletin (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('PETITION_ANALYSIS', 'FOUR_WINDS_ANALYSIS', 'CASE_STATUS')),
      title text not null check (btrim(title) <> ''),
      period_start date not null,
      period_end date not null,
      issued_on date not null,
      recipients text[] not null check (cardinality(recipients) > 0),
      check (period_end >= period_start and issued_on >= period_end)
    )`.execute(db);
  await sql`
    create table special_inspection (
      id uuid primary key default gen_random_uuid(),
      theme text not null check (btrim(theme) <> ''),
      started_on date not null,
      ended_on date,
      check (ended_on is null or ended_on >= started_on)
    )`.execute(db);
  await sql`
    create table special_inspection_team (
      id uuid primary key default gen_random_uuid(),
      special_inspection_id uuid not null references special_inspection (id),
      name text not null check (btrim(name) <> ''),
      staff_ids uuid[] not null check (cardinality(staff_ids) > 0),
      unique (special_inspection_id, name)
    )`.execute(db);
  await sql`
    create table special_inspection_check (
      id uuid primary key default gen_random_uuid(),
      special_inspection_id uuid not null references special_inspection (id),
      team_id uuid references special_inspection_team (id),
      unit_code text not null check (char_length(unit_code) = 18),
      checked_on date not null,
      problems_found integer not null check (problems_found >= 0),
      funds_returned numeric(14, 2) not null check (funds_returned >= 0)
    )`.execute(db);
  await sql`create index special_inspection_check_si_idx on special_inspection_check (special_inspection_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['special_inspection_check', 'special_inspection_team', 'special_inspection', 'bulletin', 'accountability_decision'])
    await db.schema.dropTable(table).execute();
}
