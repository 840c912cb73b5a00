-- Modules are found and sorted by code as often as by title: the module list searches codes
-- anywhere in them and sorts by them, and the qualification editor's autocomplete matches their
-- start. As 0007 did for titles, the folded code is stored, so a search or sort compares plain
-- text instead of calling unaccent() on every row (the benchmark has a million modules), and a
-- trigram index on it serves both the "contains" and the "starts with" LIKE, which the unique
-- index on the citext code cannot.
alter table module add column code_search text generated always as (search_text(code::text)) stored;
create index module_code_search_trgm on module using gin (code_search gin_trgm_ops);
