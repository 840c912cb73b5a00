namespace Iqf.Data.Import.Kinds;

/// <summary>Small helpers shared by the DfE formats' SQL.</summary>
public static class Dfe
{
    /// <summary>A stage column by its name in the file's header ("Qualification Ref").</summary>
    public static string Col(string name) => ImportStaging.Quote(name);

    /// <summary>A SQL string literal.</summary>
    public static string Lit(string text) => "'" + text.Replace("'", "''") + "'";

    /// <summary>
    /// SQL returning notes: rows that may be the same qualification as a record from another
    /// source, either because a record shares the row's Ofqual number (<paramref name="numberMatches"/>:
    /// line, reference, title, over CTE r) or because one of the <paramref name="candidates"/> (a
    /// condition over qualification q) has the same awarding body and primary levels and nearly the
    /// same title. Set-based: candidates are paired with rows by body and levels first, so only
    /// those pairs have their titles compared (a trigram index probe per row reads most of the
    /// index when titles share words, as awarding bodies' titles do).
    /// </summary>
    /// <param name="rows">SQL over stage s: line, key, folded (search_text of the title), levels (sorted level ids), body (organisation id or null)</param>
    public static string LikelyDuplicates(string rows, string numberMatches, string numberWhy, string candidates) => $"""
        with r as materialized ({rows}),
        c as materialized (
          select q.reference, q.title, q.title_search, coalesce(q.awarding_body_id, 0) as body, {RecordLevels} as levels
          from qualification q where q.archived_at is null and {candidates}
        ),
        found as (
          select m.line, m.reference, m.title, {Lit(numberWhy)} as why, 0 as rank from ({numberMatches}) m
          union all
          select r.line, c.reference, c.title, 'same awarding body and level, nearly the same title', 1
          from r join c on c.body = coalesce(r.body, 0) and c.levels = r.levels
          where similarity(c.title_search, r.folded) >= {QualificationImport.SimilarTitle.ToString(System.Globalization.CultureInfo.InvariantCulture)}
        )
        select 'line ' || f.line || ': ' || r.key || ' may be the same qualification as ' || f.reference || ' ' || f.title || ' (' || f.why || '); both are kept'
        from (select distinct on (line) * from found order by line, rank, reference) f join r on r.line = f.line
        order by f.line
        """;

    /// <summary>SQL: the primary levels of qualification t, as level codes joined by '/' in order.</summary>
    public const string CurrentLevel =
        "(select string_agg(l.level_code::text, '/' order by l.ordinal) from qualification_level ql join level_lookup l on l.level_id = ql.level_id where ql.qualification_id = t.id and ql.is_primary)";

    /// <summary>SQL: the framework of qualification t's primary levels.</summary>
    public const string CurrentFramework =
        "(select min(l.framework_code::text) from qualification_level ql join level_lookup l on l.level_id = ql.level_id where ql.qualification_id = t.id and ql.is_primary)";

    /// <summary>SQL: import_level (line, level_id, level_code, ordinal): each row's RQF levels from the stage column (codes joined by '/').</summary>
    public static string PrepareLevels(string column) => $"""
        create temp table import_level on commit drop as
        select s.line, l.level_id, l.level_code::text as level_code, l.ordinal
        from stage s cross join lateral unnest(string_to_array(s.{Col(column)}, '/')) code
        join level_lookup l on l.framework_code = 'RQF' and l.level_code = code::citext;
        create index on import_level (line);
        analyze import_level;
        """;

    public static string WantLevel => "(select string_agg(il.level_code, '/' order by il.ordinal) from import_level il where il.line = s.line)";
    public static string WantFramework => "(select 'RQF' from import_level il where il.line = s.line limit 1)";

    public static string LevelCheck(string column) => $"""
        select s.line, {Lit(column)}, 'RQF has no level ' || code
        from stage s cross join lateral unnest(string_to_array(s.{Col(column)}, '/')) code
        where not exists (select 1 from level_lookup l where l.framework_code = 'RQF' and l.level_code = code::citext)
        """;

    /// <summary>SQL: replaces the primary levels of the rows whose level changes with their RQF levels.</summary>
    public const string LevelRelationSql = """
        delete from qualification_level ql using want w, import_plan p
        where p.line = w.line and p.changed && array['level', 'framework'] and ql.qualification_id = w.target_id and ql.is_primary;
        insert into qualification_level (qualification_id, level_id, is_primary)
        select w.target_id, il.level_id, true from want w join import_plan p on p.line = w.line join import_level il on il.line = w.line
        where p.changed && array['level', 'framework']
        on conflict (qualification_id, level_id) do update set is_primary = true;
        """;

    /// <summary>SQL: the stage rows' primary level ids as a sorted array (for comparing with a record's).</summary>
    public const string RowLevels = "coalesce((select array_agg(il.level_id order by il.level_id) from import_level il where il.line = s.line), '{}')";

    /// <summary>SQL: qualification q's primary level ids as a sorted array.</summary>
    public const string RecordLevels = "coalesce((select array_agg(ql.level_id order by ql.level_id) from qualification_level ql where ql.qualification_id = q.id and ql.is_primary), '{}')";
}
