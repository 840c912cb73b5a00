-- Extensions, shared functions and the change history that every curated table feeds.

create extension if not exists pg_trgm;
create extension if not exists citext;
create extension if not exists unaccent;

-- Case- and accent-folded text for search and duplicate detection. unaccent() is only STABLE
-- (its dictionary could change), so it is wrapped as IMMUTABLE with the dictionary named
-- explicitly; that is what lets trigram indexes be built on it.
create function search_text(t text) returns text
language sql immutable parallel safe strict
as $$ select lower(public.unaccent('public.unaccent'::regdictionary, t)) $$;

-- A qualification reference in its one stored spelling: Ofqual numbers get their obliques
-- (60358294 -> 603/5829/4), everything else is upper-cased and trimmed. The unique key on the
-- stored form is what stops "the same reference in another spelling" being entered twice.
create function normalise_reference(r text) returns text
language sql immutable parallel safe strict
as $$
  select case
    when d ~ '^[0-9]{7}[0-9X]$' then substr(d, 1, 3) || '/' || substr(d, 4, 4) || '/' || substr(d, 8, 1)
    else upper(btrim(r))
  end
  from (select regexp_replace(upper(r), '[[:space:]/]', '', 'g') as d) x
$$;

-- Keeps updated_at honest whatever path updates a row, and only when something changed.
create function touch_updated_at() returns trigger
language plpgsql as $$
begin
  if row(new.*) is distinct from row(old.*) then
    new.updated_at := now();
  end if;
  return new;
end $$;

-- ---------------------------------------------------------------------------------------------
-- History. Statement-level triggers with transition tables record every insert, update and
-- delete on a tracked table, whatever made it (EF, Dapper, COPY, psql). The actor is the
-- transaction's or session's `iqf.actor` setting; when nobody set it the row says 'unknown'
-- rather than staying blank.
-- ---------------------------------------------------------------------------------------------
create table history (
  id             bigint generated always as identity primary key,
  occurred_at    timestamptz not null default now(),
  actor          text not null check (actor <> ''),
  db_user        text not null default session_user,
  table_name     text not null,
  operation      char(1) not null check (operation in ('I', 'U', 'D')),
  row_key        jsonb not null,
  before         jsonb,
  after          jsonb,
  changed_fields text[],
  transaction_id bigint not null default txid_current(),
  check ((operation = 'I' and before is null and after is not null)
      or (operation = 'U' and before is not null and after is not null)
      or (operation = 'D' and before is not null and after is null))
);
create index history_occurred_at_idx on history (occurred_at desc);
create index history_table_idx on history (table_name, occurred_at desc);
create index history_row_key_idx on history using gin (row_key jsonb_path_ops);

create function history_actor() returns text
language sql stable
as $$ select coalesce(nullif(btrim(current_setting('iqf.actor', true)), ''), 'unknown') $$;

-- Trigger arguments name the key columns; an argument starting with '-' names a column whose
-- changes alone are not worth a history row (for example a link's last-checked time).
-- Columns never copied into the history (Identity's password hash and stamps).
create function history_secret_columns() returns text[]
language sql immutable parallel safe
as $$ select array['password_hash', 'security_stamp', 'concurrency_stamp'] $$;

create function history_key(j jsonb, args text[]) returns jsonb
language sql immutable parallel safe
as $$ select jsonb_object_agg(k, j -> k) from unnest(args) k where k not like '-%' $$;

create function history_on_insert() returns trigger
language plpgsql as $$
declare
  who text := history_actor();
begin
  insert into history (actor, table_name, operation, row_key, after)
  select who, tg_table_name, 'I', history_key(r.j, tg_argv), r.j
  from (select to_jsonb(n) - history_secret_columns() as j from new_rows n) r;
  return null;
end $$;

create function history_on_delete() returns trigger
language plpgsql as $$
declare
  who text := history_actor();
begin
  insert into history (actor, table_name, operation, row_key, before)
  select who, tg_table_name, 'D', history_key(r.j, tg_argv), r.j
  from (select to_jsonb(o) - history_secret_columns() as j from old_rows o) r;
  return null;
end $$;

-- Updates are paired old-to-new by key. A row whose only differences are updated_at or the
-- table's quiet columns is not recorded (an idempotent re-save or re-import leaves no trace);
-- when something else changed too, the whole before and after are kept.
create function history_on_update() returns trigger
language plpgsql as $$
declare
  who text := history_actor();
  quiet text[] := array(select substr(a, 2) from unnest(tg_argv) a where a like '-%') || array['updated_at'];
begin
  insert into history (actor, table_name, operation, row_key, before, after, changed_fields)
  select who, tg_table_name, 'U', o.k, o.j, n.j, c.fields
  from (select history_key(to_jsonb(r), tg_argv) as k, to_jsonb(r) - history_secret_columns() as j from old_rows r) o
  join (select history_key(to_jsonb(r), tg_argv) as k, to_jsonb(r) - history_secret_columns() as j from new_rows r) n on n.k = o.k
  cross join lateral (
    select array_agg(e.key order by e.key) as fields
    from jsonb_each(n.j) e
    where e.key <> 'updated_at' and e.value is distinct from o.j -> e.key
  ) c
  where exists (select 1 from unnest(c.fields) f where f <> all (quiet));
  return null;
end $$;

-- Puts a table under history: three statement triggers (PostgreSQL allows transition tables
-- only on single-event triggers) plus the updated_at toucher when the table has that column.
create function history_track(tbl regclass, keys text[] default array['id'], quiet text[] default '{}') returns void
language plpgsql as $$
declare
  args text := (select string_agg(quote_literal(k), ', ') from unnest(keys || array(select '-' || q from unnest(quiet) q)) k);
  name text := (select relname from pg_class where oid = tbl);
begin
  execute format('create trigger %I after insert on %s referencing new table as new_rows '
                 'for each statement execute function history_on_insert(%s)', name || '_history_i', tbl, args);
  execute format('create trigger %I after update on %s referencing old table as old_rows new table as new_rows '
                 'for each statement execute function history_on_update(%s)', name || '_history_u', tbl, args);
  execute format('create trigger %I after delete on %s referencing old table as old_rows '
                 'for each statement execute function history_on_delete(%s)', name || '_history_d', tbl, args);
  if exists (select 1 from pg_attribute where attrelid = tbl and attname = 'updated_at' and not attisdropped) then
    execute format('create trigger %I before update on %s for each row execute function touch_updated_at()',
                   name || '_touch', tbl);
  end if;
end $$;
