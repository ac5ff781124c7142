import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

/**
 * 审计链 — the audit log's hash chain. Each row carries `seq` (its place in the chain, 1, 2, …),
 * `prev_hash` (the previous row's hash) and `hash` = sha256(prev_hash | canonical row). A BEFORE
 * INSERT trigger owned by the migration role fills the three columns and `at` — whatever the
 * service sent — while holding a row lock on the single `audit_chain_head` row, so concurrent
 * writers append one at a time, in the order their inserts reach the lock, inside their own
 * transaction. `npm run audit:verify` recomputes every hash here in TypeScript, independently of
 * the database's function, and names the first row that does not match.
 */

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Adds the chain to an existing `audit_log` (rows already present are chained in id order).
 * Migrations call this one version; a later change gets a new function and a new migration.
 */
export async function addAuditHashChainV1(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_log add column seq bigint, add column prev_hash text, add column hash text`.execute(db);
  await sql`create table audit_chain_head (id boolean primary key default true check (id), seq bigint not null, hash text not null)`.execute(db);
  // One length-prefixed field: '-' for null, otherwise '<utf-8 byte length>:<text>'. Unambiguous
  // without escaping, and the same in TypeScript (auditRowPayload).
  await sql`
    create function audit_log_field(v text) returns text language sql immutable as $$
      select case when v is null then '-' else octet_length(v)::text || ':' || v end
    $$`.execute(db);
  await sql`
    create function audit_log_row_hash(prev_hash text, id bigint, seq bigint, at timestamptz, staff_id text, roles text[],
      operation_name text, operation_type text, action text, record_type text, record_id text, purpose text, request_id text)
    returns text language sql immutable set search_path = public, pg_temp as $$
      select encode(sha256(convert_to(prev_hash || '|' ||
        audit_log_field(id::text) || audit_log_field(seq::text) ||
        audit_log_field(((extract(epoch from at) * 1000000)::bigint)::text) ||
        audit_log_field(staff_id) ||
        coalesce(array_length(roles, 1), 0)::text || '[' ||
          coalesce((select string_agg(audit_log_field(r), '' order by o) from unnest(roles) with ordinality as u(r, o)), '') || ']' ||
        audit_log_field(operation_name) || audit_log_field(operation_type) || audit_log_field(action) ||
        audit_log_field(record_type) || audit_log_field(record_id) || audit_log_field(purpose) || audit_log_field(request_id),
        'UTF8')), 'hex')
    $$`.execute(db);
  // SECURITY DEFINER: the service role may not touch the chain head; the function (owned by the
  // migration role) does. The fixed search_path keeps a temporary table from shadowing the head.
  await sql`
    create function audit_log_chain() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
    declare
      head_seq bigint;
      head_hash text;
    begin
      select h.seq, h.hash into head_seq, head_hash from audit_chain_head h where h.id for update;
      new.at := now();
      new.seq := head_seq + 1;
      new.prev_hash := head_hash;
      new.hash := audit_log_row_hash(new.prev_hash, new.id, new.seq, new.at, new.staff_id, new.roles, new.operation_name,
        new.operation_type, new.action, new.record_type, new.record_id, new.purpose, new.request_id);
      update audit_chain_head set seq = new.seq, hash = new.hash where id;
      return new;
    end
    $$`.execute(db);
  // Chain the rows written before this migration, in id order.
  await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
  await sql`
    do $$
    declare
      r record;
      s bigint := 0;
      h text := ${sql.lit(GENESIS_HASH)};
    begin
      for r in select * from audit_log order by id loop
        s := s + 1;
        update audit_log set seq = s, prev_hash = h,
          hash = audit_log_row_hash(h, r.id, s, r.at, r.staff_id, r.roles, r.operation_name, r.operation_type, r.action,
            r.record_type, r.record_id, r.purpose, r.request_id)
          where id = r.id returning hash into h;
      end loop;
      insert into audit_chain_head (id, seq, hash) values (true, s, h);
    end
    $$`.execute(db);
  await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
  await sql`alter table audit_log alter column seq set not null, alter column prev_hash set not null, alter column hash set not null`.execute(db);
  await sql`create unique index audit_log_seq_idx on audit_log (seq)`.execute(db);
  await sql`create trigger audit_log_chain before insert on audit_log for each row execute function audit_log_chain()`.execute(db);
  await sql`revoke all on function audit_log_chain() from public`.execute(db);
}

/**
 * Adds `client_request_id` (the caller's own X-Request-Id, kept beside the gateway's as
 * client-supplied) to the audit log and to its chain. A row whose `client_request_id` is null hashes
 * exactly as before (so every row written before this migration still verifies, with nothing
 * re-hashed); a row that has one appends `|c` and the length-prefixed value to the hashed text, so
 * setting, changing or clearing it afterwards breaks the row's hash.
 */
export async function addAuditClientRequestIdV2(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_log add column client_request_id text check (client_request_id ~ '^[A-Za-z0-9_-]{1,64}$')`.execute(db);
  await sql`
    create function audit_log_row_hash_v2(prev_hash text, id bigint, seq bigint, at timestamptz, staff_id text, roles text[],
      operation_name text, operation_type text, action text, record_type text, record_id text, purpose text, request_id text,
      client_request_id text)
    returns text language sql immutable set search_path = public, pg_temp as $$
      select encode(sha256(convert_to(prev_hash || '|' ||
        audit_log_field(id::text) || audit_log_field(seq::text) ||
        audit_log_field(((extract(epoch from at) * 1000000)::bigint)::text) ||
        audit_log_field(staff_id) ||
        coalesce(array_length(roles, 1), 0)::text || '[' ||
          coalesce((select string_agg(audit_log_field(r), '' order by o) from unnest(roles) with ordinality as u(r, o)), '') || ']' ||
        audit_log_field(operation_name) || audit_log_field(operation_type) || audit_log_field(action) ||
        audit_log_field(record_type) || audit_log_field(record_id) || audit_log_field(purpose) || audit_log_field(request_id) ||
        case when client_request_id is null then '' else '|c' || audit_log_field(client_request_id) end,
        'UTF8')), 'hex')
    $$`.execute(db);
  await sql`
    create or replace function audit_log_chain() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
    declare
      head_seq bigint;
      head_hash text;
    begin
      select h.seq, h.hash into head_seq, head_hash from audit_chain_head h where h.id for update;
      new.at := now();
      new.seq := head_seq + 1;
      new.prev_hash := head_hash;
      new.hash := audit_log_row_hash_v2(new.prev_hash, new.id, new.seq, new.at, new.staff_id, new.roles, new.operation_name,
        new.operation_type, new.action, new.record_type, new.record_id, new.purpose, new.request_id, new.client_request_id);
      update audit_chain_head set seq = new.seq, hash = new.hash where id;
      return new;
    end
    $$`.execute(db);
  await sql`revoke all on function audit_log_chain() from public`.execute(db);
}

/**
 * Version 3 of the chain's triggers (after the client request id of v2): the same rows, hashes and
 * head, appended at a third of the cost. The head row is locked once per INSERT statement (a BEFORE STATEMENT trigger), each row
 * chains onto the newest row of the log — rows the same statement inserted before it included,
 * which the append-only log makes authoritative — and the head is brought up to the newest row once,
 * after the statement. Version 1 locked and rewrote the head for every row.
 */
export async function useAuditChainTriggersV3(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function audit_log_chain() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
    declare
      last_seq bigint;
      last_hash text;
    begin
      select a.seq, a.hash into last_seq, last_hash from audit_log a order by a.seq desc limit 1;
      if not found then
        select h.seq, h.hash into last_seq, last_hash from audit_chain_head h where h.id;
      end if;
      new.at := now();
      new.seq := last_seq + 1;
      new.prev_hash := last_hash;
      new.hash := audit_log_row_hash_v2(new.prev_hash, new.id, new.seq, new.at, new.staff_id, new.roles, new.operation_name,
        new.operation_type, new.action, new.record_type, new.record_id, new.purpose, new.request_id, new.client_request_id);
      return new;
    end
    $$`.execute(db);
  // Writers append one at a time, in the order their statements reach the head's lock, which is
  // held until their transaction ends.
  await sql`
    create function audit_log_chain_lock() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
    begin
      perform 1 from audit_chain_head h where h.id for update;
      return null;
    end
    $$`.execute(db);
  await sql`
    create function audit_log_chain_head() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
    begin
      update audit_chain_head h set seq = l.seq, hash = l.hash
        from (select a.seq, a.hash from audit_log a order by a.seq desc limit 1) l
       where h.id and l.seq > h.seq;
      return null;
    end
    $$`.execute(db);
  await sql`create trigger audit_log_chain_lock before insert on audit_log for each statement execute function audit_log_chain_lock()`.execute(db);
  await sql`create trigger audit_log_chain_head after insert on audit_log for each statement execute function audit_log_chain_head()`.execute(db);
  await sql`revoke all on function audit_log_chain_lock() from public`.execute(db);
  await sql`revoke all on function audit_log_chain_head() from public`.execute(db);
}

/**
 * The row trigger's hash of `new` (chain v4 and v5, the same hash as v2): the roles in array order,
 * each length-prefixed, then every field length-prefixed after the previous hash. PL/pgSQL text
 * inserted into both versions' trigger functions, which declare `roles_text` and `r`.
 */
const CHAIN_ROW_HASH = `      -- The roles in array order, each length-prefixed (v2's string_agg over unnest … with ordinality).
      foreach r in array new.roles loop
        roles_text := roles_text || public.audit_log_field(r);
      end loop;
      new.hash := encode(sha256(convert_to(new.prev_hash || '|' ||
        public.audit_log_field(new.id::text) || public.audit_log_field(new.seq::text) ||
        public.audit_log_field(((extract(epoch from new.at) * 1000000)::bigint)::text) ||
        public.audit_log_field(new.staff_id) ||
        coalesce(array_length(new.roles, 1), 0)::text || '[' || roles_text || ']' ||
        public.audit_log_field(new.operation_name) || public.audit_log_field(new.operation_type) || public.audit_log_field(new.action) ||
        public.audit_log_field(new.record_type) || public.audit_log_field(new.record_id) || public.audit_log_field(new.purpose) ||
        public.audit_log_field(new.request_id) ||
        case when new.client_request_id is null then '' else '|c' || public.audit_log_field(new.client_request_id) end,
        'UTF8')), 'hex');`;

/**
 * Version 4 of the chain's row trigger: the same rows, hashes and head as v3 at about half its cost
 * per row (44 rows: 5.5 → 2.7 ms of the server's CPU). v3 called `audit_log_row_hash_v2`, a SQL
 * function with its own `search_path` (so never inlined: each row ran it through a fresh executor
 * and set the path twice), from a SECURITY DEFINER trigger (the path set and restored again). Here
 * the trigger computes the same text in PL/pgSQL expressions, planned once per connection, as the
 * inserting role: since v3 it touches nothing that role may not read (the newest log row, the head),
 * the head's lock and update stay in the SECURITY DEFINER statement triggers. Without a fixed
 * `search_path` every table and function of its own is named with its schema (a temporary table
 * cannot shadow them; functions and operators are never looked up in `pg_temp`, and the service
 * role may create nothing elsewhere). `audit_log_row_hash_v2` stays, unused by the trigger.
 *
 * `enable_seqscan = off` for the trigger's own statements: a connection plans the "newest row" lookup
 * once and keeps the plan; planned while the log was empty (a fresh database, right after VACUUM), it
 * was a sequential scan, run for every row until autovacuum analyzed the log — 29 ms instead of 1.7 for
 * 44 rows on a log of 5,000. Switched per call, the setting costs the trigger no measurable time.
 */
export async function useAuditChainTriggersV4(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function audit_log_chain() returns trigger language plpgsql security invoker set enable_seqscan = off as $$
    declare
      last_seq bigint;
      last_hash text;
      roles_text text := '';
      r text;
    begin
      select a.seq, a.hash into last_seq, last_hash from public.audit_log a order by a.seq desc limit 1;
      if not found then
        select h.seq, h.hash into last_seq, last_hash from public.audit_chain_head h where h.id;
      end if;
      new.at := now();
      new.seq := last_seq + 1;
      new.prev_hash := last_hash;
${sql.raw(CHAIN_ROW_HASH)}
      return new;
    end
    $$`.execute(db);
  await sql`revoke all on function audit_log_chain() from public`.execute(db);
}

/**
 * Version 5 of the chain's triggers: the same rows, hashes and head as v4, without a lookup per row.
 * v4's row trigger read the newest row of the log for every row it chained (44 index lookups for a
 * dossier's 44 person-level reads). Now the BEFORE STATEMENT trigger, which already locks the head,
 * hands the head's place and hash to the row trigger in a transaction-local setting
 * (`hub.audit_chain_last`, `<seq>:<hash>`); each row chains onto it and stores its own. The head is
 * the newest row: every statement since v1 has left it there, and `audit:verify` reports a head that
 * differs from the log. (v4 chained onto the newest row itself; if someone with the owner's rights set
 * the head back, v5's next rows collide with the log's `seq` and are refused instead.)
 *
 * The service role can change that setting too (any role may set a custom setting), even between
 * the statement trigger and a row (a function called in the inserted values). So the setting is a
 * hint, never trusted: the AFTER STATEMENT trigger (SECURITY DEFINER, holding the head's lock) walks
 * every row after the head in `seq` order and refuses the whole statement unless the places follow
 * one another from the head's and each `prev_hash` is the hash before it — the check `npm run
 * audit:verify` makes — and only then moves the head. A forged hint fails the insert; it cannot
 * leave a broken or forked chain behind. Measured alone (backend CPU, ×100 data): 44 rows 2.0–2.2 →
 * 1.55–1.85 ms, one row 0.27–0.32 → 0.32–0.39 ms. The row trigger runs no statement any more, so it needs
 * neither `enable_seqscan = off` nor any `search_path`: it calls built-in functions only (never
 * looked up in `pg_temp`) and `public.audit_log_field`, named with its schema.
 */
export async function useAuditChainTriggersV5(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function audit_log_chain_lock() returns trigger language plpgsql security definer
      set search_path = public, pg_temp set enable_seqscan = off as $$
    declare
      head_seq bigint;
      head_hash text;
    begin
      -- The head is the newest row (every statement moves it there); locked until the transaction ends.
      select h.seq, h.hash into head_seq, head_hash from audit_chain_head h where h.id for update;
      head_hash := set_config('hub.audit_chain_last', head_seq::text || ':' || head_hash, true);
      return null;
    end
    $$`.execute(db);
  await sql`
    create or replace function audit_log_chain() returns trigger language plpgsql security invoker as $$
    declare
      last text := current_setting('hub.audit_chain_last', true);
      sep int := strpos(last, ':');
      roles_text text := '';
      r text;
    begin
      if sep < 2 then
        raise exception 'audit chain: the statement''s chain position is missing' using errcode = 'object_not_in_prerequisite_state';
      end if;
      new.at := now();
      new.seq := substr(last, 1, sep - 1)::bigint + 1;
      new.prev_hash := substr(last, sep + 1);
${sql.raw(CHAIN_ROW_HASH)}
      last := set_config('hub.audit_chain_last', new.seq::text || ':' || new.hash, true);
      return new;
    end
    $$`.execute(db);
  await sql`
    create or replace function audit_log_chain_head() returns trigger language plpgsql security definer
      set search_path = public, pg_temp set enable_seqscan = off as $$
    declare
      head_seq bigint;
      head_hash text;
      next_seq bigint;
      next_hash text;
      a record;
    begin
      -- The head is locked by this transaction since the statement began.
      select h.seq, h.hash into head_seq, head_hash from audit_chain_head h where h.id;
      next_seq := head_seq;
      next_hash := head_hash;
      for a in select l.seq, l.prev_hash, l.hash from audit_log l where l.seq > head_seq order by l.seq loop
        if a.seq <> next_seq + 1 or a.prev_hash is distinct from next_hash then
          raise exception 'audit chain: row seq % does not follow the chain', a.seq using errcode = 'integrity_constraint_violation';
        end if;
        next_seq := a.seq;
        next_hash := a.hash;
      end loop;
      if next_seq > head_seq then
        update audit_chain_head h set seq = next_seq, hash = next_hash where h.id;
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`revoke all on function audit_log_chain() from public`.execute(db);
  await sql`revoke all on function audit_log_chain_lock() from public`.execute(db);
  await sql`revoke all on function audit_log_chain_head() from public`.execute(db);
}

/**
 * The row trigger's hash from chain v6 on: v5's text, then — only for a row that lists its records
 * in `record_ids` — `|r`, the list's length and each id length-prefixed, in array order. A row with
 * `record_ids` null hashes exactly as before, so every row written earlier still verifies.
 */
const CHAIN_ROW_HASH_V6 = `      foreach r in array new.roles loop
        roles_text := roles_text || public.audit_log_field(r);
      end loop;
      if new.record_ids is not null then
        foreach r in array new.record_ids loop
          ids_text := ids_text || public.audit_log_field(r);
        end loop;
      end if;
      new.hash := encode(sha256(convert_to(new.prev_hash || '|' ||
        public.audit_log_field(new.id::text) || public.audit_log_field(new.seq::text) ||
        public.audit_log_field(((extract(epoch from new.at) * 1000000)::bigint)::text) ||
        public.audit_log_field(new.staff_id) ||
        coalesce(array_length(new.roles, 1), 0)::text || '[' || roles_text || ']' ||
        public.audit_log_field(new.operation_name) || public.audit_log_field(new.operation_type) || public.audit_log_field(new.action) ||
        public.audit_log_field(new.record_type) || public.audit_log_field(new.record_id) || public.audit_log_field(new.purpose) ||
        public.audit_log_field(new.request_id) ||
        case when new.client_request_id is null then '' else '|c' || public.audit_log_field(new.client_request_id) end ||
        case when new.record_ids is null then '' else '|r' || cardinality(new.record_ids)::text || '[' || ids_text || ']' end,
        'UTF8')), 'hex');`;

/**
 * Version 6: one row may name several records of one type (`record_ids`), so a request that reads
 * 44 person-level records of four types appends four rows, not 44. DESIGN §6's entry — who, role,
 * operation, record, stated purpose, time — is unchanged; a row now lists the records its request
 * read instead of repeating the other five for each. A single record, and every write, keeps
 * `record_id` as before; a row holds either `record_id` or a list of at least two ids, never both.
 * Searching by record reads `record_id` (B-tree, as before) or `record_ids` (GIN). The triggers are
 * v5's, with the row hash extended (CHAIN_ROW_HASH_V6); `audit:verify` computes the same.
 *
 * Measured alone on the ×100 demo data (backend CPU per dossier's insert): see docs/bench-results.md.
 */
export async function addAuditRecordListsV6(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_log add column record_ids text[], alter column record_id drop not null`.execute(db);
  await sql`
    alter table audit_log add constraint audit_log_record_or_list check (
      (record_id is not null and record_ids is null)
      or (record_id is null and cardinality(record_ids) >= 2 and array_position(record_ids, null) is null))`.execute(db);
  await sql`create index audit_log_record_ids_idx on audit_log using gin (record_ids)`.execute(db);
  // One row per (entry, record) for whoever reads the log by record in SQL: an entry naming three
  // records appears three times, `record_position` saying which.
  await sql`
    create view audit_log_record as
      select l.id, l.seq, l.at, l.staff_id, l.roles, l.operation_name, l.operation_type, l.action, l.record_type,
             r.record_id, r.record_position, l.purpose, l.request_id, l.client_request_id
        from audit_log l
        cross join lateral unnest(coalesce(l.record_ids, array[l.record_id])) with ordinality as r(record_id, record_position)`.execute(db);
  await sql`
    create or replace function audit_log_chain() returns trigger language plpgsql security invoker as $$
    declare
      last text := current_setting('hub.audit_chain_last', true);
      sep int := strpos(last, ':');
      roles_text text := '';
      ids_text text := '';
      r text;
    begin
      if sep < 2 then
        raise exception 'audit chain: the statement''s chain position is missing' using errcode = 'object_not_in_prerequisite_state';
      end if;
      new.at := now();
      new.seq := substr(last, 1, sep - 1)::bigint + 1;
      new.prev_hash := substr(last, sep + 1);
${sql.raw(CHAIN_ROW_HASH_V6)}
      last := set_config('hub.audit_chain_last', new.seq::text || ':' || new.hash, true);
      return new;
    end
    $$`.execute(db);
  await sql`revoke all on function audit_log_chain() from public`.execute(db);
}

/** One row as the chain hashes it; `atMicros` is `at` in microseconds since the epoch. */
export interface ChainedAuditRow {
  id: number | string;
  seq: number | string;
  atMicros: string;
  staffId: string;
  roles: (string | null)[];
  operationName: string | null;
  operationType: string;
  action: string;
  recordType: string;
  /** Null when the row lists its records in `recordIds` (chain v6). */
  recordId: string | null;
  purpose: string | null;
  requestId: string;
  /** Absent or null: hashed as before `client_request_id` existed. */
  clientRequestId?: string | null | undefined;
  /** Absent or null: hashed as before `record_ids` existed (chain v6). */
  recordIds?: string[] | null | undefined;
  prevHash: string;
  hash: string;
}

const field = (value: string | null): string => (value === null ? '-' : `${Buffer.byteLength(value, 'utf8')}:${value}`);

/** The canonical text the chain hashes, identical to `audit_log_row_hash` in the database. */
export function auditRowPayload(row: Omit<ChainedAuditRow, 'hash'>): string {
  return (
    `${row.prevHash}|` +
    field(String(row.id)) +
    field(String(row.seq)) +
    field(row.atMicros) +
    field(row.staffId) +
    `${row.roles.length}[${row.roles.map(field).join('')}]` +
    field(row.operationName) +
    field(row.operationType) +
    field(row.action) +
    field(row.recordType) +
    field(row.recordId) +
    field(row.purpose) +
    field(row.requestId) +
    (row.clientRequestId == null ? '' : `|c${field(row.clientRequestId)}`) +
    (row.recordIds == null ? '' : `|r${row.recordIds.length}[${row.recordIds.map(field).join('')}]`)
  );
}

export function auditRowHash(row: Omit<ChainedAuditRow, 'hash'>): string {
  return createHash('sha256').update(auditRowPayload(row), 'utf8').digest('hex');
}

export interface AuditChainReport {
  /** Rows checked. */
  rows: number;
  /** The chain head after the last good row: what an auditor writes down to compare later. */
  head: { seq: number; hash: string };
  /** The first row that breaks the chain, or null when the whole chain holds. */
  broken: { id: number | null; seq: number; reason: string } | null;
}

/**
 * Recomputes the chain of one body's audit log, in pages (memory stays bounded), and names the
 * first broken row: a changed row (its hash no longer matches its content), a removed row (a gap
 * in `seq`), a reordered or re-linked row (`prev_hash` differs), or removed newest rows (the head
 * row points past the last row).
 */
export async function verifyAuditChain(db: Kysely<any>, pageSize = 2000): Promise<AuditChainReport> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  // A log not yet migrated to client_request_id or record_ids is verified as it is.
  const columns = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
     where table_name = 'audit_log' and column_name in ('client_request_id', 'record_ids')`.execute(db);
  const has = (name: string) => columns.rows.some((column) => column.name === name);
  const clientRequestId = has('client_request_id') ? sql.ref('client_request_id') : sql`null::text`;
  const recordIds = has('record_ids') ? sql.ref('record_ids') : sql`null::text[]`;
  for (;;) {
    const page = await sql<ChainedAuditRow>`
      select id::text as id, seq::text as seq, ((extract(epoch from at) * 1000000)::bigint)::text as at_micros, staff_id, roles,
        operation_name, operation_type, action, record_type, record_id, purpose, request_id, ${clientRequestId} as client_request_id,
        ${recordIds} as record_ids, prev_hash, hash
      from audit_log where audit_log.seq >= ${expectedSeq} order by audit_log.seq limit ${pageSize}`.execute(db);
    for (const row of page.rows) {
      const seq = Number(row.seq);
      const id = Number(row.id);
      const head = { seq: expectedSeq - 1, hash: prevHash };
      if (seq !== expectedSeq) {
        return {
          rows,
          head,
          broken: { id, seq, reason: `row seq ${expectedSeq}${seq > expectedSeq + 1 ? `–${seq - 1}` : ''} is missing before this row (removed)` },
        };
      }
      if (row.prevHash !== prevHash) return { rows, head, broken: { id, seq, reason: 'prev_hash does not match the previous row (re-linked or reordered)' } };
      if (auditRowHash(row) !== row.hash) return { rows, head, broken: { id, seq, reason: 'hash does not match the row content (changed)' } };
      rows++;
      expectedSeq++;
      prevHash = row.hash;
    }
    if (page.rows.length < pageSize) break;
  }
  const head = { seq: expectedSeq - 1, hash: prevHash };
  const stored = await sql<{ seq: string; hash: string }>`select seq::text as seq, hash from audit_chain_head`.execute(db);
  const storedHead = stored.rows[0];
  if (!storedHead) return { rows, head, broken: { id: null, seq: expectedSeq, reason: 'the chain head row is missing' } };
  if (Number(storedHead.seq) !== head.seq || storedHead.hash !== head.hash) {
    return {
      rows,
      head,
      broken: {
        id: null,
        seq: expectedSeq,
        reason: `the chain head records seq ${storedHead.seq} but the log ends at seq ${head.seq} (newest rows removed or head changed)`,
      },
    };
  }
  return { rows, head, broken: null };
}

// ─── Roles ──────────────────────────────────────────────────────────────────────────────────────

/** Role the embedded (PGlite) service switches to after its migrations. */
export const EMBEDDED_SERVICE_ROLE = 'hub_service';

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The grants a service role gets, run by the owner after every migration (new tables included):
 * read and write on the body's records; on `audit_log` only SELECT and INSERT; on the chain head
 * only SELECT; nothing on the migration bookkeeping; no CREATE in the schema. Owning nothing, the
 * role cannot alter, disable or drop a trigger, replace a function or drop a table.
 */
export function serviceRoleGrants(role: string): string[] {
  const r = quoteIdent(role);
  return [
    `revoke create on schema public from public`,
    `revoke create on schema public from ${r}`,
    `grant usage on schema public to ${r}`,
    `grant select, insert, update, delete on all tables in schema public to ${r}`,
    `grant usage, select, update on all sequences in schema public to ${r}`,
    `revoke update, delete, truncate, references, trigger on audit_log from ${r}`,
    `revoke insert, update, delete, truncate, references, trigger on audit_chain_head from ${r}`,
    `revoke all on kysely_migration, kysely_migration_lock from ${r}`,
  ];
}

/** Applies `serviceRoleGrants` as the schema owner. */
export async function grantServiceRole(db: Kysely<any>, role: string): Promise<void> {
  for (const statement of serviceRoleGrants(role)) await sql.raw(statement).execute(db);
}

/**
 * Embedded mode: creates the NOLOGIN service role if needed, grants it, and switches the single
 * connection to it. The process still holds the database files and the superuser session, so this
 * stops a stray or injected statement, not a determined process; the hash chain still shows any
 * change made afterwards.
 */
export async function restrictEmbeddedSession(db: Kysely<any>): Promise<void> {
  const role = EMBEDDED_SERVICE_ROLE;
  await sql`do $$ begin if not exists (select 1 from pg_roles where rolname = ${sql.lit(role)}) then create role ${sql.raw(quoteIdent(role))} nologin; end if; end $$`.execute(
    db,
  );
  await grantServiceRole(db, role);
  await sql.raw(`set role ${quoteIdent(role)}`).execute(db);
}

/** Whether the connected role owns `audit_log` or is a superuser (then the log protects nothing). */
export async function auditLogOwnedByCurrentRole(db: Kysely<any>): Promise<boolean> {
  const result = await sql<{ owns: boolean }>`
    select (select rolsuper from pg_roles where rolname = current_user)
      or pg_has_role(current_user, (select tableowner from pg_tables where tablename = 'audit_log' and schemaname = 'public'), 'USAGE') as owns`.execute(db);
  return result.rows[0]?.owns === true;
}
