using Iqf.Domain;

namespace Iqf.Data.Import.Kinds;

/// <summary>
/// The "qualifications" format, keyed by the normalised reference. Awarding bodies are found by
/// name, acronym or alias; levels in their common spellings within the row's framework (RQF by
/// default). A title nearly identical to another qualification's with the same awarding body and
/// level, in the file or the database, blocks the import unless --allow-similar: entering the
/// same qualification twice was the sources' hardest data problem.
/// </summary>
public sealed class QualificationImport : ImportKind
{
    /// <summary>Trigram similarity of folded titles from which two titles count as nearly identical.</summary>
    public const double SimilarTitle = 0.8;

    public override string Name => "qualifications";
    public override string Table => "qualification";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        ImportColumn.Reference("reference").AsRequired(),
        ImportColumn.Text("title", 500).AsRequired(),
        ImportColumn.Choice("type", Vocabulary.QualificationTypes).AsRequired(),
        ImportColumn.Level("level"),
        ImportColumn.Text("framework", 40),
        ImportColumn.List("other_levels", 60),
        ImportColumn.Text("awarding_body", 300),
        ImportColumn.Choice("status", Vocabulary.QualificationStatuses),
        ImportColumn.Date("operational_start"),
        ImportColumn.Date("operational_end"),
        ImportColumn.Date("certification_end"),
        ImportColumn.WholeNumber("credits"),
        ImportColumn.WholeNumber("glh"),
        ImportColumn.WholeNumber("tqt"),
        ImportColumn.Pattern("age_focus", @"^(all|[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}\+)$", "an age focus such as 0-5, 11-19, 16+ or all"),
        ImportColumn.Text("sector_subject_area", 200),
        ImportColumn.Url("url"),
        ImportColumn.Choice("common_core_status", Vocabulary.CommonCoreStatuses),
        ImportColumn.Text("notes", 20_000),
    ];

    public override string KeySql => "s.reference";
    public override string MatchSql => "(select q.id from qualification q where q.reference = s.reference)";
    public override string MatchNewSql => "(select q.id from qualification q where q.reference = w.fields ->> 'reference')";

    public override IReadOnlyList<ScalarField> Scalars { get; } =
    [
        new("reference", "reference"),
        new("title", "title"),
        new("type", "type"),
        new("status", "status", Default: "'available'"),
        new("operational_start", "operational_start", "date"),
        new("operational_end", "operational_end", "date"),
        new("certification_end", "certification_end", "date"),
        new("credits", "credits", "integer"),
        new("glh", "glh", "integer"),
        new("tqt", "tqt", "integer"),
        new("age_focus", "age_focus"),
        new("common_core_status", "common_core_status", Default: "'not-started'"),
        new("notes", "notes"),
    ];

    public override IReadOnlyList<(string Field, string Sql)> Derived { get; } =
    [
        ("awarding_body", "(select coalesce(o.name::text, s.awarding_body) from import_body b left join organisation o on o.id = b.organisation_id where b.given = s.awarding_body)"),
        ("level", "(select string_agg(l.level_code::text, '/' order by l.ordinal) from import_level il join level_lookup l on l.level_id = il.level_id where il.line = s.line and il.is_primary)"),
        ("framework", "(select min(l.framework_code::text) from import_level il join level_lookup l on l.level_id = il.level_id where il.line = s.line and il.is_primary)"),
        ("other_levels", "(select string_agg(l.framework_code || ':' || l.level_code, ';' order by l.framework_code, l.ordinal) from import_level il join level_lookup l on l.level_id = il.level_id where il.line = s.line and not il.is_primary)"),
        ("sector_subject_area", "(select a.code from sector_subject_area a where a.code = s.sector_subject_area or lower(a.name) = lower(s.sector_subject_area) order by a.code = s.sector_subject_area desc limit 1)"),
        ("url", "s.url"),
    ];

    // The level and framework columns speak about the same levels: either present covers both.
    public override bool Covers(string field, IReadOnlySet<string> present) => field switch
    {
        "level" or "framework" => present.Contains("level") || present.Contains("framework"),
        _ => present.Contains(field),
    };

    public override string CurrentSql => """
        jsonb_build_object('reference', t.reference, 'title', t.title, 'type', t.type, 'status', t.status,
          'operational_start', t.operational_start::text, 'operational_end', t.operational_end::text, 'certification_end', t.certification_end::text,
          'credits', t.credits::text, 'glh', t.glh::text, 'tqt', t.tqt::text, 'age_focus', t.age_focus,
          'common_core_status', t.common_core_status, 'notes', t.notes,
          'awarding_body', (select o.name::text from organisation o where o.id = t.awarding_body_id),
          'level', (select string_agg(l.level_code::text, '/' order by l.ordinal) from qualification_level ql join level_lookup l on l.level_id = ql.level_id where ql.qualification_id = t.id and ql.is_primary),
          'framework', (select min(l.framework_code::text) from qualification_level ql join level_lookup l on l.level_id = ql.level_id where ql.qualification_id = t.id and ql.is_primary),
          'other_levels', (select string_agg(l.framework_code || ':' || l.level_code, ';' order by l.framework_code, l.ordinal) from qualification_level ql join level_lookup l on l.level_id = ql.level_id where ql.qualification_id = t.id and not ql.is_primary),
          'sector_subject_area', (select a.code from sector_subject_area a where a.id = t.sector_subject_area_id),
          'url', (select e.url from link_owner lo join external_link e on e.id = lo.link_id where lo.qualification_id = t.id order by lo.id limit 1))
        """;

    public override IEnumerable<string> PrepareSql(IReadOnlySet<string> present, ImportOptions options)
    {
        // Each distinct awarding body spelling is looked up once, not once per row.
        yield return """
            create temp table import_body on commit drop as
            select given, find_organisation(given) as organisation_id from (select distinct awarding_body as given from stage where awarding_body is not null) d;
            """;
        // The rows' levels, resolved: primary ones from level (+ framework, RQF by default), others from other_levels.
        yield return """
            create temp table import_level on commit drop as
            select s.line, l.level_id, true as is_primary, null::text as given
            from stage s cross join lateral unnest(string_to_array(s.level, '/')) code
            join level_lookup l on l.framework_code = coalesce(s.framework, 'RQF')::citext and l.level_code = code::citext
            union all
            select s.line, l.level_id, false, item
            from stage s cross join lateral unnest(string_to_array(s.other_levels, ';')) item
            join level_lookup l on l.framework_code = btrim(split_part(item, ':', 1))::citext and l.level_code = btrim(split_part(item, ':', 2))::citext;
            create index on import_level (line);
            analyze import_level;
            """;
    }

    public override IEnumerable<string> Checks(IReadOnlySet<string> present, ImportOptions options)
    {
        yield return RepeatedKey("s.reference", "reference", "qualification reference");
        yield return "select s.line, 'operational_end', 'is before operational_start' from stage s where s.operational_end::date < s.operational_start::date";
        yield return "select s.line, 'certification_end', 'is before operational_start' from stage s where s.certification_end::date < s.operational_start::date";
        if (present.Contains("framework"))
            yield return """
                select s.line, 'framework', 'there is no level framework ' || s.framework || ' (the codes are ' || (select string_agg(code::text, ', ' order by code) from level_framework) || ')'
                from stage s where s.framework is not null and not exists (select 1 from level_framework f where f.code = s.framework::citext)
                """;
        if (present.Contains("level"))
            yield return """
                select s.line, 'level', coalesce(s.framework, 'RQF') || ' has no level ' || code
                from stage s cross join lateral unnest(string_to_array(s.level, '/')) code
                where exists (select 1 from level_framework f where f.code = coalesce(s.framework, 'RQF')::citext)
                  and not exists (select 1 from level_lookup l where l.framework_code = coalesce(s.framework, 'RQF')::citext and l.level_code = code::citext)
                """;
        if (present.Contains("other_levels"))
            yield return """
                select s.line, 'other_levels', '''' || item || ''' is not FRAMEWORK:LEVEL with a level that framework has (for example QCF:3)'
                from stage s cross join lateral unnest(string_to_array(s.other_levels, ';')) item
                where item !~ '^[^:]+:[^:]+$'
                   or not exists (select 1 from level_lookup l where l.framework_code = btrim(split_part(item, ':', 1))::citext
                                                                and l.level_code = btrim(split_part(item, ':', 2))::citext)
                """;
        if (present.Contains("awarding_body") && !options.CreateOrganisations)
            yield return """
                select s.line, 'awarding_body', 'no organisation has the name, acronym or alias ''' || s.awarding_body || ''' (or more than one has): add it first, or import with --create-organisations'
                from stage s join import_body b on b.given = s.awarding_body where b.organisation_id is null
                """;
        if (present.Contains("sector_subject_area"))
            yield return """
                select s.line, 'sector_subject_area', 'there is no sector subject area with the code or name ''' || s.sector_subject_area || ''''
                from stage s where s.sector_subject_area is not null
                  and not exists (select 1 from sector_subject_area a where a.code = s.sector_subject_area or lower(a.name) = lower(s.sector_subject_area))
                """;
        if (!options.AllowSimilar && present.Contains("awarding_body"))
        {
            // Same awarding body, same primary levels, nearly the same title, another reference.
            yield return $"""
                with r as (
                  select s.line, s.reference, s.title, search_text(s.title) as folded, b.organisation_id as body,
                         coalesce((select array_agg(il.level_id order by il.level_id) from import_level il where il.line = s.line and il.is_primary), '{"{}"}') as levels
                  from stage s left join import_body b on b.given = s.awarding_body
                )
                select r.line, 'title', 'nearly the same title as ' || x.what || ' with the same awarding body and level; if they are different qualifications, import with --allow-similar'
                from r join lateral (
                  select 'line ' || o.line || ' (' || o.reference || ')' as what from r o
                  where o.line < r.line and o.body is not distinct from r.body and o.levels = r.levels and o.reference <> r.reference
                    and o.folded % r.folded and similarity(o.folded, r.folded) >= {SimilarTitle}
                  union all
                  select q.reference || ' ' || q.title from qualification q
                  where q.title_search % r.folded and similarity(q.title_search, r.folded) >= {SimilarTitle}
                    and q.awarding_body_id is not distinct from r.body and q.reference <> r.reference and q.archived_at is null
                    and coalesce((select array_agg(ql.level_id order by ql.level_id) from qualification_level ql where ql.qualification_id = q.id and ql.is_primary), '{"{}"}') = r.levels
                    and not exists (select 1 from stage x where x.reference = q.reference)
                  limit 1) x on true
                """;
        }
    }

    public override IEnumerable<string> NoteSql(IReadOnlySet<string> present, ImportOptions options)
    {
        if (options.CreateOrganisations && present.Contains("awarding_body"))
            yield return "select 'creates the organisation ' || given || ' (type awarding-body)' from import_body where organisation_id is null order by given";
    }

    public override IEnumerable<string> BeforeSql(IReadOnlySet<string> present, ImportOptions options)
    {
        if (options.CreateOrganisations && present.Contains("awarding_body"))
        {
            yield return "insert into organisation (name, type) select given, 'awarding-body' from import_body where organisation_id is null on conflict do nothing";
            yield return "update import_body b set organisation_id = o.id from organisation o where b.organisation_id is null and o.name = b.given::citext";
        }
    }

    public override IEnumerable<string> RelationSql(IReadOnlySet<string> present, ImportOptions options)
    {
        if (present.Contains("awarding_body"))
            yield return """
                update qualification q set awarding_body_id = b.organisation_id, updated_at = now()
                from want w join import_plan p on p.line = w.line join stage s on s.line = w.line left join import_body b on b.given = s.awarding_body
                where p.changed @> array['awarding_body'] and q.id = w.target_id
                """;
        if (present.Contains("sector_subject_area"))
            yield return """
                update qualification q set sector_subject_area_id = (select a.id from sector_subject_area a where a.code = w.fields ->> 'sector_subject_area'), updated_at = now()
                from want w join import_plan p on p.line = w.line
                where p.changed @> array['sector_subject_area'] and q.id = w.target_id
                """;
        if (Covers("level", present))
            yield return """
                delete from qualification_level ql using want w, import_plan p
                where p.line = w.line and p.changed && array['level', 'framework'] and ql.qualification_id = w.target_id and ql.is_primary;
                insert into qualification_level (qualification_id, level_id, is_primary)
                select w.target_id, il.level_id, true from want w join import_plan p on p.line = w.line join import_level il on il.line = w.line and il.is_primary
                where p.changed && array['level', 'framework']
                on conflict do nothing;
                """;
        if (present.Contains("other_levels"))
            yield return """
                delete from qualification_level ql using want w, import_plan p
                where p.line = w.line and p.changed @> array['other_levels'] and ql.qualification_id = w.target_id and not ql.is_primary;
                insert into qualification_level (qualification_id, level_id, is_primary)
                select w.target_id, il.level_id, false from want w join import_plan p on p.line = w.line join import_level il on il.line = w.line and not il.is_primary
                where p.changed @> array['other_levels']
                on conflict do nothing;
                """;
        if (present.Contains("url"))
            foreach (var sql in ImportLinks.SyncSql("url", "qualification_id", "specification")) yield return sql;
    }
}
