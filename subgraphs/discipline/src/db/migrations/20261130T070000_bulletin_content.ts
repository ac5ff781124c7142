import { type Kysely, sql } from 'kysely';

/**
 * 定期通报 carry their content: the issuing body (a commission department, or 巡察办 for its 报备材料),
 * recipients from the registry (departments, stationed groups, inspection teams, or a whole force),
 * a body of text, structured figures and material references. Existing bulletins migrate: their
 * issuer follows their kind, the free-text recipients that name a registry body become recipients,
 * the others (bodies outside the commission, e.g. 区委) stay as a note that grants no reading.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table bulletin drop constraint bulletin_kind_check`.execute(db);
  await sql`alter table bulletin add constraint bulletin_kind_check check (kind in ('PETITION_ANALYSIS', 'FOUR_WINDS_ANALYSIS', 'CASE_STATUS', 'INSPECTION_REPORT'))`.execute(
    db,
  );
  await sql`alter table bulletin drop constraint bulletin_recipients_check`.execute(db);
  await sql`alter table bulletin rename column recipients to external_recipients`.execute(db);
  await sql`
    alter table bulletin
      add column issuer_body text check (issuer_body in ('PETITION_OFFICE', 'CONDUCT_SUPERVISION', 'CASE_MANAGEMENT', 'INSPECTION_OFFICE')),
      add column issuer_department_id uuid references department (id),
      add column issued_by_staff_id text,
      add column body text check (body is null or btrim(body) <> ''),
      add column figures jsonb not null default '[]'::jsonb check (jsonb_typeof(figures) = 'array'),
      add column materials jsonb not null default '[]'::jsonb check (jsonb_typeof(materials) = 'array')`.execute(db);
  await sql`
    update bulletin set issuer_body = case kind
      when 'PETITION_ANALYSIS' then 'PETITION_OFFICE'
      when 'FOUR_WINDS_ANALYSIS' then 'CONDUCT_SUPERVISION'
      when 'CASE_STATUS' then 'CASE_MANAGEMENT'
      else 'INSPECTION_OFFICE' end`.execute(db);
  await sql`
    update bulletin b set issuer_department_id = (
      select d.id from department d where d.kind = b.issuer_body order by d.name, d.id limit 1)
    where b.issuer_body <> 'INSPECTION_OFFICE'`.execute(db);
  await sql`alter table bulletin alter column issuer_body set not null`.execute(db);
  await sql`
    create table bulletin_recipient (
      bulletin_id uuid not null references bulletin (id),
      kind text not null check (kind in ('DEPARTMENT', 'STATIONED_GROUP', 'INSPECTION_TEAM', 'INSPECTION_OFFICE', 'ALL_DEPARTMENTS', 'ALL_STATIONED_GROUPS')),
      target_id text check (target_id is null or btrim(target_id) <> ''),
      check ((kind in ('DEPARTMENT', 'STATIONED_GROUP', 'INSPECTION_TEAM')) = (target_id is not null))
    )`.execute(db);
  await sql`create unique index bulletin_recipient_unique on bulletin_recipient (bulletin_id, kind, coalesce(target_id, ''))`.execute(db);
  await sql`create index bulletin_recipient_target_idx on bulletin_recipient (kind, target_id)`.execute(db);
  // Free-text recipients that name the commission's own bodies become registry recipients.
  await sql`
    insert into bulletin_recipient (bulletin_id, kind, target_id)
    select distinct b.id, m.kind, m.target_id
    from bulletin b, unnest(b.external_recipients) as r(name)
    join lateral (
      select 'ALL_STATIONED_GROUPS' as kind, null::text as target_id where btrim(r.name) in ('各派驻纪检组', '派驻纪检组')
      union all select 'ALL_DEPARTMENTS', null where btrim(r.name) in ('区纪委监委各部门', '纪委监委有关部门', '区纪委监委有关部门')
      union all select 'INSPECTION_OFFICE', null where btrim(r.name) in ('巡察办', '巡察机构', '区委巡察办')
      union all select 'DEPARTMENT', d.id::text from department d where d.name = btrim(r.name)
    ) m on true`.execute(db);
  await sql`
    update bulletin set external_recipients = array(
      select r from unnest(external_recipients) r
      where btrim(r) not in ('各派驻纪检组', '派驻纪检组', '区纪委监委各部门', '纪委监委有关部门', '区纪委监委有关部门', '巡察办', '巡察机构', '区委巡察办')
        and not exists (select 1 from department d where d.name = btrim(r)))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('bulletin_recipient').execute();
  await sql`alter table bulletin drop column issuer_body, drop column issuer_department_id, drop column issued_by_staff_id, drop column body, drop column figures, drop column materials`.execute(
    db,
  );
  await sql`alter table bulletin rename column external_recipients to recipients`.execute(db);
}
