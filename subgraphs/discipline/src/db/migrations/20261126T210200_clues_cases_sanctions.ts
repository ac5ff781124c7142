import { type Kysely, sql } from 'kysely';

/** Problem clues, cases, detentions, recoveries and sanctions, with their invariants as CHECKs. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table clue (
      id uuid primary key default gen_random_uuid(),
      source text not null check (source in ('PETITION', 'INSPECTION_TRANSFER', 'STATIONED_GROUP', 'AUDIT', 'JUDICIAL', 'OTHER')),
      petition_id uuid references petition (id),
      clue_transfer_id uuid unique,
      source_reference text,
      subject_unit_code text check (char_length(subject_unit_code) = 18),
      summary text not null check (btrim(summary) <> ''),
      received_on date not null,
      priority boolean not null,
      handler_kind text not null check (handler_kind in ('DEPARTMENT', 'STATIONED_GROUP', 'ZONE')),
      handler_department_id uuid references department (id),
      handler_stationed_group_id uuid,
      handler_zone_id uuid references collaboration_zone (id),
      escalated boolean not null default false,
      escalation_reason text,
      escalated_on date,
      disposal_method text check (disposal_method in ('INQUIRY_BY_TALK_OR_LETTER', 'PRELIMINARY_VERIFICATION', 'SHELVED_PENDING_CHECK', 'CLOSED')),
      disposed_on date,
      disposed_by_staff_id uuid references staff (id),
      result_report text,
      result_reported_on date,
      created_at timestamptz not null default now(),
      check ((source = 'PETITION') = (petition_id is not null)),
      check ((source = 'INSPECTION_TRANSFER') = (clue_transfer_id is not null)),
      check (source <> 'INSPECTION_TRANSFER' or priority),
      check ((handler_kind = 'DEPARTMENT') = (handler_department_id is not null)),
      check ((handler_kind = 'STATIONED_GROUP') = (handler_stationed_group_id is not null)),
      check ((handler_kind = 'ZONE') = (handler_zone_id is not null)),
      check (escalated = (escalation_reason is not null) and escalated = (escalated_on is not null)),
      check ((disposal_method is null) = (disposed_on is null) and (disposal_method is null) = (disposed_by_staff_id is null)),
      check (disposed_on is null or disposed_on >= received_on),
      check ((result_report is null) = (result_reported_on is null) and (result_reported_on is null or (disposed_on is not null and result_reported_on >= disposed_on)))
    )`.execute(db);
  await sql`create index clue_unit_idx on clue (subject_unit_code)`.execute(db);
  await sql`create index clue_received_idx on clue (received_on)`.execute(db);
  await sql`
    create table clue_subject (
      clue_id uuid not null references clue (id),
      person_id uuid not null references person (id),
      primary key (clue_id, person_id)
    )`.execute(db);
  await sql`create index clue_subject_person_idx on clue_subject (person_id)`.execute(db);
  await sql`
    create table discipline_case (
      id uuid primary key default gen_random_uuid(),
      clue_id uuid not null references clue (id),
      person_id uuid not null references person (id),
      filed_on date not null,
      status text not null check (status in ('FILED', 'UNDER_INVESTIGATION', 'UNDER_TRIAL', 'CLOSED')),
      investigation_started_on date,
      trial_started_on date,
      closed_on date,
      transferred_to_procuratorate_on date,
      unique (clue_id, person_id),
      check ((status = 'FILED') = (investigation_started_on is null)),
      check ((status in ('UNDER_TRIAL', 'CLOSED')) = (trial_started_on is not null)),
      check ((status = 'CLOSED') = (closed_on is not null)),
      check (investigation_started_on is null or investigation_started_on >= filed_on),
      check (trial_started_on is null or trial_started_on >= investigation_started_on),
      check (closed_on is null or closed_on >= trial_started_on),
      check (transferred_to_procuratorate_on is null or transferred_to_procuratorate_on >= trial_started_on)
    )`.execute(db);
  await sql`create index case_person_idx on discipline_case (person_id)`.execute(db);
  await sql`
    create table detention (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null unique references discipline_case (id),
      started_on date not null,
      last_day_on date not null,
      extended_months integer check (extended_months between 1 and 3),
      extended_on date,
      ended_on date,
      check ((extended_months is null) = (extended_on is null)),
      check (last_day_on <= (started_on + interval '6 months')::date),
      check (ended_on is null or (ended_on >= started_on and ended_on <= last_day_on))
    )`.execute(db);
  await sql`
    create table loss_recovery (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references discipline_case (id),
      recovered_on date not null,
      amount numeric(14, 2) not null check (amount > 0)
    )`.execute(db);
  await sql`create index loss_recovery_case_idx on loss_recovery (case_id)`.execute(db);
  await sql`
    create table sanction (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references discipline_case (id),
      person_id uuid not null references person (id),
      type text not null check (type in ('PARTY_WARNING', 'PARTY_SERIOUS_WARNING', 'PARTY_REMOVAL_FROM_POST', 'PARTY_PROBATION', 'PARTY_EXPULSION',
        'GOV_WARNING', 'GOV_DEMERIT', 'GOV_MAJOR_DEMERIT', 'GOV_DEMOTION', 'GOV_DISMISSAL_FROM_POST', 'GOV_EXPULSION')),
      decided_on date not null,
      four_form integer not null check (four_form between 2 and 4),
      check (type not in ('PARTY_WARNING', 'PARTY_SERIOUS_WARNING', 'GOV_WARNING', 'GOV_DEMERIT', 'GOV_MAJOR_DEMERIT') or four_form = 2),
      check (type in ('PARTY_WARNING', 'PARTY_SERIOUS_WARNING', 'GOV_WARNING', 'GOV_DEMERIT', 'GOV_MAJOR_DEMERIT') or four_form in (3, 4)),
      unique (case_id, type)
    )`.execute(db);
  await sql`create index sanction_person_idx on sanction (person_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['sanction', 'loss_recovery', 'detention', 'discipline_case', 'clue_subject', 'clue']) await db.schema.dropTable(table).execute();
}
