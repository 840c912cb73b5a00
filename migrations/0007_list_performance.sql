-- Faster title search on large lists (the admin list at 100,000 qualifications).

-- The folded title is stored, so a search compares plain text instead of calling unaccent()
-- on every candidate row; the trigram index moves onto the stored column.
alter table qualification add column title_search text generated always as (search_text(title)) stored;
create index qualification_title_search_trgm on qualification using gin (title_search gin_trgm_ops);
drop index qualification_title_trgm;

alter table module add column title_search text generated always as (search_text(title)) stored;
create index module_title_search_trgm on module using gin (title_search gin_trgm_ops);
drop index module_title_trgm;

-- The list's filter panel offers the age focuses in use, found by skipping through this index.
create index qualification_age_focus_idx on qualification (age_focus);

-- JIT compilation costs tens of milliseconds per query and pays off only on long analytical
-- scans; every query here is short, so it is switched off for this database.
do $$ begin execute format('alter database %I set jit = off', current_database()); end $$;
