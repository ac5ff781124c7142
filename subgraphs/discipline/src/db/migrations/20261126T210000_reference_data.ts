import { type Kysely, sql } from 'kysely';

/** Reference data: departments, staff pool, persons (subjects), collaboration zones. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table department (
      id uuid primary key default gen_random_uuid(),
      name text not null unique check (btrim(name) <> ''),
      kind text not null check (kind in ('PETITION_OFFICE', 'CONDUCT_SUPERVISION', 'CASE_MANAGEMENT', 'CASE_TRIAL', 'SUPERVISION_OFFICE', 'TOWNSHIP_COMMISSION', 'OTHER'))
    )`.execute(db);
  await sql`
    create table staff (
      id uuid primary key default gen_random_uuid(),
      name text not null check (btrim(name) <> ''),
      home_body text not null check (home_body in ('DISCIPLINE', 'INSPECTION', 'STATIONED', 'FINANCE', 'OTHER')),
      department_id uuid references department (id)
    )`.execute(db);
  await sql`
    create table person (
      id uuid primary key default gen_random_uuid(),
      name text not null check (btrim(name) <> ''),
      unit_code text check (char_length(unit_code) = 18),
      post text not null,
      rank_level text not null check (rank_level in ('VILLAGE', 'STOCK', 'SECTION', 'DIVISION', 'OTHER')),
      party_member boolean not null
    )`.execute(db);
  await sql`create index person_unit_idx on person (unit_code)`.execute(db);
  await sql`
    create table collaboration_zone (
      id uuid primary key default gen_random_uuid(),
      name text not null unique check (btrim(name) <> ''),
      leader_staff_id uuid references staff (id)
    )`.execute(db);
  await sql`
    create table zone_member (
      zone_id uuid not null references collaboration_zone (id),
      staff_id uuid not null references staff (id),
      primary key (zone_id, staff_id)
    )`.execute(db);
  await sql`
    create table zone_township (
      zone_id uuid not null references collaboration_zone (id),
      township text not null check (btrim(township) <> ''),
      primary key (zone_id, township)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['zone_township', 'zone_member', 'collaboration_zone', 'person', 'staff', 'department']) await db.schema.dropTable(table).execute();
}
