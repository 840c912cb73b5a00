-- Search and lookups for the occupational standards and provider offering pages.

-- The standards lists search code and title case- and accent-insensitively, as every other
-- main list does; these trigram indexes on the folded text serve that LIKE '%...%'.
create index nos_suite_title_trgm on nos_suite using gin (search_text(title) gin_trgm_ops);
create index nos_suite_code_trgm on nos_suite using gin (search_text(code::text) gin_trgm_ops);
create index occupational_standard_title_trgm on occupational_standard using gin (search_text(title) gin_trgm_ops);
create index occupational_standard_code_trgm on occupational_standard using gin (search_text(code::text) gin_trgm_ops);

-- The standards list filters by a suite's owner, and deleting an organisation checks whether
-- it owns a suite.
create index nos_suite_owner_idx on nos_suite (owner_organisation_id);

-- An offering's web page is one of its link owners (the link checker sees it there); finding
-- and cascading them by offering needs the same partial index the other owner columns have.
create index link_owner_offering_idx on link_owner (provider_offering_id) where provider_offering_id is not null;
