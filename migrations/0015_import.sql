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
