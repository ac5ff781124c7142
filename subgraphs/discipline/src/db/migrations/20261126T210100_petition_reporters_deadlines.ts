import { type Kysely, sql } from 'kysely';

/** Reporter identity apart from the petition; subject persons; forwarding and acknowledgement dates. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table petition add column out_of_jurisdiction boolean not null default false`.execute(db);
  await sql`alter table petition add column forwarded_on date`.execute(db);
  await sql`alter table petition add column forwarded_to text`.execute(db);
  await sql`alter table petition add column acknowledged_on date`.execute(db);
  await sql`alter table petition add constraint petition_forwarded_check check ((forwarded_on is null) = (forwarded_to is null) and (forwarded_on is null or (out_of_jurisdiction and forwarded_on >= received_on)))`.execute(
    db,
  );
  await sql`alter table petition add constraint petition_acknowledged_check check (acknowledged_on is null or (named and acknowledged_on >= received_on))`.execute(
    db,
  );
  // Kept apart so that no query of petitions can reach it by accident; one row per named petition.
  await sql`
    create table petition_reporter (
      petition_id uuid primary key references petition (id),
      name text not null check (btrim(name) <> ''),
      contact text,
      id_number text,
      address text
    )`.execute(db);
  await sql`
    create table petition_subject (
      petition_id uuid not null references petition (id),
      person_id uuid not null references person (id),
      primary key (petition_id, person_id)
    )`.execute(db);
  await sql`create index petition_subject_person_idx on petition_subject (person_id)`.execute(db);
  await sql`create index petition_received_idx on petition (received_on)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('petition_subject').execute();
  await db.schema.dropTable('petition_reporter').execute();
  for (const column of ['out_of_jurisdiction', 'forwarded_on', 'forwarded_to', 'acknowledged_on'])
    await db.schema.alterTable('petition').dropColumn(column).execute();
}
