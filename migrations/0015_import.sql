-- Imports compare incoming text with stored text through interchange_canon, so that a file
-- differing only in whitespace, quote style or dash style changes nothing (the sources come
-- from word processors and spreadsheets that curl quotes and lengthen dashes at will).
create function interchange_canon(t text) returns text
language sql immutable parallel safe as $$
  select nullif(btrim(regexp_replace(
           translate(t, E'\u2018\u2019\u201A\u201B\u2032\u201C\u201D\u201E\u201F\u2033\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00A0',
                        E'\'\'\'\'\'"""""-------\u0020'),
           '\s+', ' ', 'g')), '')
$$;

-- Files uploaded on the admin Import page, kept in the database (not on one node's disk) from
-- the dry run to the confirmation, with the progress and the report of the latest run. Not
-- curated data, so not in the history; removed once imported or after a day.
create table import_upload (
  id                   uuid primary key default gen_random_uuid(),
  kind                 text not null,
  file_name            text not null,
  content              bytea not null,
  create_organisations boolean not null default false,
  allow_similar        boolean not null default false,
  uploaded_by          text not null,
  uploaded_at          timestamptz not null default now(),
  state                text not null default 'checking'
                         check (state in ('checking', 'checked', 'importing', 'imported', 'failed')),
  rows_read            bigint not null default 0,
  report               jsonb,
  problem              text,
  updated_at           timestamptz not null default now()
);
create index import_upload_uploaded_at_idx on import_upload (uploaded_at);
