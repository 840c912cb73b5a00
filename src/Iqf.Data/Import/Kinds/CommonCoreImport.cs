namespace Iqf.Data.Import.Kinds;

/// <summary>
/// The "common-core" format: mappings of qualifications (empty module_code) and modules to the
/// six Common Core areas. A record is a row of qualification_common_core, keyed by
/// (qualification, area), or of module_common_core, keyed by (module, area): a module-level
/// mapping belongs to the module wherever it is used, so a row naming it through another
/// qualification that contains the module restates the same mapping. Such repeats must agree
/// (version, coverage, evidence; whitespace, quote and dash style aside) and count once; the
/// same mapping twice through one qualification is a repeated row, as in the other formats.
/// The area is 1 to 6 or its name in either version; the qualification, and the module in that
/// qualification, must already be in the database.
/// </summary>
public sealed class CommonCoreImport : ImportKind
{
    public override string Name => "common-core";
    /// <summary>And qualification_common_core: <see cref="CurrentFromSql"/> and <see cref="WriteSql"/> choose per row.</summary>
    public override string Table => "module_common_core";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        ImportColumn.Reference("qualification_reference").AsRequired(),
        ImportColumn.Text("module_code", 64),
        ImportColumn.Text("area", 300).AsRequired(),
        ImportColumn.Choice("version", ["2005", "2010"]),
        ImportColumn.Choice("coverage", Iqf.Domain.Vocabulary.Coverages),
        ImportColumn.Text("evidence", 4000),
    ];

    public override string KeySql => "s.qualification_reference || coalesce(' / ' || s.module_code, '') || ' / area ' || s.area";

    public override IReadOnlyList<KeyColumn> LinkKey { get; } =
    [
        new("qualification_id", "(select i.qualification_id from import_mapping i where i.line = s.line)"),
        new("module_id", "(select i.module_id from import_mapping i where i.line = s.line)"),
        new("area_id", "(select i.area_id from import_mapping i where i.line = s.line)"),
    ];

    // A module mapping repeated through another qualification is the record its first row gave.
    public override string? RecordFilterSql => "exists (select 1 from import_mapping i where i.line = s.line and (i.module_id is null or i.first_line = s.line))";

    public override IReadOnlyList<ScalarField> Scalars => [];

    public override IReadOnlyList<(string Field, string Sql)> Derived { get; } =
    [
        ("version", "coalesce(s.version, '2010')"),
        ("coverage", "coalesce(s.coverage, 'full')"),
        ("evidence", "s.evidence"),
    ];

    public override string CurrentFromSql => """
        (select x.version_id, x.coverage, x.evidence from module_common_core x where x.module_id = w.module_id and x.area_id = w.area_id
         union all
         select x.version_id, x.coverage, x.evidence from qualification_common_core x
         where w.module_id is null and x.qualification_id = w.qualification_id and x.area_id = w.area_id) t
        """;

    public override string CurrentSql =>
        "jsonb_build_object('version', (select v.code from common_core_version v where v.id = t.version_id), 'coverage', t.coverage, 'evidence', t.evidence)";

    public override IEnumerable<string> PrepareSql(IReadOnlySet<string> present, ImportOptions options)
    {
        // An area given by its name (in either version) becomes its number; what is neither stays as given for the check.
        yield return """
            update stage s set area = a.number::text
            from common_core_area a join common_core_area_name n on n.area_id = a.id
            where s.area !~ '^[0-9]+$' and lower(interchange_canon(n.name::text)) = lower(interchange_canon(s.area))
            """;
        yield return """
            create temp table import_mapping on commit drop as
            select s.line, q.id as qualification_id, m.id as module_id, a.id as area_id, s.module_code is not null as for_module,
                   case when m.id is not null then min(s.line) over (partition by m.id, a.id) end as first_line
            from stage s
            left join qualification q on q.reference = s.qualification_reference
            left join module m on m.code = s.module_code::citext
            left join common_core_area a on a.number::text = s.area;
            create index on import_mapping (line);
            analyze import_mapping;
            """;
    }

    public override IEnumerable<string> Checks(IReadOnlySet<string> present, ImportOptions options)
    {
        yield return """
            select s.line, 'qualification_reference', 'there is no qualification ' || s.qualification_reference || ' (import qualifications first)'
            from stage s join import_mapping i on i.line = s.line where s.qualification_reference is not null and i.qualification_id is null
            union all
            select s.line, 'module_code', 'there is no module ' || s.module_code || ' (import modules first)'
            from stage s join import_mapping i on i.line = s.line where s.module_code is not null and i.module_id is null
            union all
            select s.line, 'module_code', 'qualification ' || s.qualification_reference || ' does not contain module ' || s.module_code
                   || ': name a qualification that contains it (import modules first)'
            from stage s join import_mapping i on i.line = s.line
            where i.qualification_id is not null and i.module_id is not null
              and not exists (select 1 from qualification_module qm where qm.qualification_id = i.qualification_id and qm.module_id = i.module_id)
            union all
            select s.line, 'area', '''' || s.area || ''' is not a Common Core area: 1 to 6, or an area''s name in the 2005 or 2010 version'
            from stage s join import_mapping i on i.line = s.line where s.area is not null and i.area_id is null
            """;
        yield return """
            select s.line, 'version', 'the Common Core version ' || coalesce(s.version, '2010') || ' is not in the database'
            from stage s where not exists (select 1 from common_core_version v where v.code = coalesce(s.version, '2010'))
            """;
        // The same qualification (and module) and area twice.
        yield return """
            select i.line, 'area', 'the same mapping as line ' || f.first_line || ': a file may give each mapping once'
            from import_mapping i
            join (select i.qualification_id, i.module_id, i.area_id, min(i.line) as first_line from import_mapping i
                  where i.qualification_id is not null and i.area_id is not null and i.for_module = (i.module_id is not null)
                  group by 1, 2, 3 having count(*) > 1) f
              on f.qualification_id = i.qualification_id and f.module_id is not distinct from i.module_id and f.area_id = i.area_id
                 and i.for_module = (i.module_id is not null) and i.line <> f.first_line
            """;
        // A module's mapping restated through another qualification agrees with its first row.
        foreach (var (column, given) in new[] { ("version", "coalesce(X.version, '2010')"), ("coverage", "coalesce(X.coverage, 'full')"), ("evidence", "interchange_canon(X.evidence)") })
        {
            if (!present.Contains(column)) continue;
            yield return $"""
                select s.line, '{column}', 'module ' || s.module_code || '''s mapping to area ' || s.area || ' is given on line ' || f.line || ' (through ' || f.qualification_reference
                       || ') with {column} ' || coalesce('''' || f.{column} || '''', '(empty)') || ': a module maps to an area once, whichever qualification contains it'
                from stage s join import_mapping i on i.line = s.line join stage f on f.line = i.first_line
                where s.line <> f.line and s.qualification_reference <> f.qualification_reference
                  and {given.Replace("X.", "s.")} is distinct from {given.Replace("X.", "f.")}
                """;
        }
    }

    public override IEnumerable<string>? WriteSql(IReadOnlySet<string> present, ImportOptions options) =>
    [
        """
        insert into module_common_core (module_id, area_id, coverage, version_id, evidence)
        select w.module_id, w.area_id, coalesce(w.fields ->> 'coverage', 'full'),
               (select v.id from common_core_version v where v.code = coalesce(w.fields ->> 'version', '2010')), w.fields ->> 'evidence'
        from want w join import_plan p on p.line = w.line
        where p.action = 'new' and w.module_id is not null
        order by w.line
        """,
        """
        insert into qualification_common_core (qualification_id, area_id, coverage, version_id, evidence)
        select w.qualification_id, w.area_id, coalesce(w.fields ->> 'coverage', 'full'),
               (select v.id from common_core_version v where v.code = coalesce(w.fields ->> 'version', '2010')), w.fields ->> 'evidence'
        from want w join import_plan p on p.line = w.line
        where p.action = 'new' and w.module_id is null
        order by w.line
        """,
        $"""
        update module_common_core x set {Sets}
        from want w join import_plan p on p.line = w.line
        where p.action = 'updated' and w.module_id is not null and x.module_id = w.module_id and x.area_id = w.area_id
        """,
        $"""
        update qualification_common_core x set {Sets}
        from want w join import_plan p on p.line = w.line
        where p.action = 'updated' and w.module_id is null and x.qualification_id = w.qualification_id and x.area_id = w.area_id
        """,
    ];

    private const string Sets = """
        version_id = case when p.changed @> array['version'] then (select v.id from common_core_version v where v.code = w.fields ->> 'version') else x.version_id end,
          coverage = case when p.changed @> array['coverage'] then w.fields ->> 'coverage' else x.coverage end,
          evidence = case when p.changed @> array['evidence'] then w.fields ->> 'evidence' else x.evidence end
        """;
}
