namespace Iqf.Data.Import.Kinds;

/// <summary>
/// The "modules" format. A module's code is unique across the database (a module is shared by
/// the qualifications that contain it), so each row is one module's place in one qualification,
/// keyed by (qualification_reference, code):
/// <list type="bullet">
/// <item>the module's own fields (title, level and framework, credits, glh) must be the same on
/// every row for that code; they are compared with the stored module and changed from rows for
/// qualifications that already contain it. A row adding an existing module to another
/// qualification must give the stored values, so a typo on such a row never renames a unit
/// other qualifications share; to change a module, include a row for a qualification that
/// already has it;</item>
/// <item>its place in the qualification (mandatory, group, position) belongs to the row. The
/// rows for one qualification, in file order, give positions 0..n-1 (as the editor and seeder number them); moving rows is a change of
/// position. Existing modules of that qualification the file does not list keep theirs;</item>
/// <item>the qualification must already be in the database (one file is one kind).</item>
/// </list>
/// The code's stored spelling is kept (codes match regardless of case).
/// </summary>
public sealed class ModuleImport : ImportKind
{
    public override string Name => "modules";
    public override string Table => "qualification_module";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        ImportColumn.Reference("qualification_reference").AsRequired(),
        ImportColumn.Text("code", 64).AsRequired(),
        ImportColumn.Text("title", 500).AsRequired(),
        ImportColumn.Level("level"),
        ImportColumn.Text("framework", 40),
        ImportColumn.WholeNumber("credits"),
        ImportColumn.WholeNumber("glh"),
        ImportColumn.Boolean("mandatory"),
        ImportColumn.Text("group", 100),
    ];

    public override string KeySql => "s.qualification_reference || ' / ' || s.code";

    public override IReadOnlyList<KeyColumn> LinkKey { get; } =
    [
        new("qualification_id", "(select q.id from qualification q where q.reference = s.qualification_reference)"),
        new("module_id", "(select m.id from module m where m.code = s.code::citext)"),
    ];

    public override IReadOnlyList<ScalarField> Scalars => [];

    private static readonly string[] ModuleFields = ["title", "level", "framework", "credits", "glh"];
    private static readonly string[] PlaceFields = ["mandatory", "group", "position"];

    public override IReadOnlyList<(string Field, string Sql)> Derived { get; } =
    [
        ("title", "s.title"),
        ("level", "(select l.level_code::text from import_module_row r join level_lookup l on l.level_id = r.level_id where r.line = s.line)"),
        ("framework", "(select l.framework_code::text from import_module_row r join level_lookup l on l.level_id = r.level_id where r.line = s.line)"),
        ("credits", "s.credits"),
        ("glh", "s.glh"),
        ("mandatory", "coalesce(s.mandatory, 'true')"),
        ("group", "s.\"group\""),
        ("position", "(select r.position::text from import_module_row r where r.line = s.line)"),
    ];

    public override bool Covers(string field, IReadOnlySet<string> present) => field switch
    {
        "level" or "framework" => present.Contains("level") || present.Contains("framework"),
        "position" => true,
        _ => present.Contains(field),
    };

    public override string CurrentFromSql =>
        "qualification_module t join module m on m.id = t.module_id where t.qualification_id = w.qualification_id and t.module_id = w.module_id";

    public override string CurrentSql => """
        jsonb_build_object('title', m.title,
          'level', (select l.level_code::text from level_lookup l where l.level_id = m.level_id),
          'framework', (select l.framework_code::text from level_lookup l where l.level_id = m.level_id),
          'credits', m.credits::text, 'glh', m.glh::text,
          'mandatory', t.mandatory::text, 'group', t.group_name, 'position', t.position::text)
        """;

    public override IEnumerable<string> PrepareSql(IReadOnlySet<string> present, ImportOptions options)
    {
        // Per row: its module's first row in the file, its level, and its position in its qualification.
        yield return """
            create temp table import_module_row on commit drop as
            select s.line, s.code,
                   min(s.line) over (partition by lower(s.code)) as first_line,
                   row_number() over (partition by s.qualification_reference order by s.line) - 1 as position,
                   (select l.level_id from level_lookup l where l.framework_code = coalesce(s.framework, 'RQF')::citext and l.level_code = s.level::citext) as level_id,
                   (select m.id from module m where m.code = s.code::citext) as module_id
            from stage s where s.code is not null;
            create index on import_module_row (line);
            analyze import_module_row;
            """;
    }

    public override IEnumerable<string> Checks(IReadOnlySet<string> present, ImportOptions options)
    {
        yield return RepeatedKey("s.qualification_reference || ' ' || lower(s.code)", "code", "module in the same qualification");
        yield return """
            select s.line, 'qualification_reference', 'there is no qualification ' || s.qualification_reference || ' (import qualifications first)'
            from stage s where s.qualification_reference is not null
              and not exists (select 1 from qualification q where q.reference = s.qualification_reference)
            """;
        if (present.Contains("framework"))
            yield return """
                select s.line, 'framework', 'there is no level framework ' || s.framework || ' (the codes are ' || (select string_agg(code::text, ', ' order by code) from level_framework) || ')'
                from stage s where s.framework is not null and not exists (select 1 from level_framework f where f.code = s.framework::citext)
                """;
        if (present.Contains("level"))
            yield return """
                select s.line, 'level', 'a module has one level, not ' || s.level from stage s where strpos(s.level, '/') > 0
                union all
                select s.line, 'level', coalesce(s.framework, 'RQF') || ' has no level ' || s.level
                from stage s
                where strpos(s.level, '/') = 0
                  and exists (select 1 from level_framework f where f.code = coalesce(s.framework, 'RQF')::citext)
                  and not exists (select 1 from level_lookup l where l.framework_code = coalesce(s.framework, 'RQF')::citext and l.level_code = s.level::citext)
                """;

        // Every row for one module gives the module's fields alike (compared with its first row).
        yield return """
            select s.line, 'title', 'module ' || s.code || ' is titled ''' || f.title || ''' on line ' || f.line || ': every row for one module must give the same title'
            from stage s join import_module_row r on r.line = s.line join stage f on f.line = r.first_line
            where s.line <> f.line and interchange_canon(s.title) is distinct from interchange_canon(f.title)
            """;
        if (Covers("level", present))
            yield return $"""
                select s.line, 'level', 'module ' || s.code || ' has level ' || coalesce({SpelledLevel("fr.level_id")}, '(none)') || ' on line ' || fr.line || ': every row for one module must give the same level'
                from stage s join import_module_row r on r.line = s.line join import_module_row fr on fr.line = r.first_line
                where s.line <> fr.line and r.level_id is distinct from fr.level_id
                """;
        foreach (var column in new[] { "credits", "glh" }.Where(present.Contains))
            yield return $"""
                select s.line, '{column}', 'module ' || s.code || ' has {column} ' || coalesce(f.{column}, '(empty)') || ' on line ' || f.line || ': every row for one module must give the same {column}'
                from stage s join import_module_row r on r.line = s.line join stage f on f.line = r.first_line
                where s.line <> f.line and s.{column} is distinct from f.{column}
                """;

        // A row adding an existing module to another qualification gives the module as it is stored,
        // unless the file also has a row for a qualification that already contains it (that row changes it).
        var fields = new List<(string Column, string Given, string Stored)> { ("title", "s.title", "m.title") };
        if (Covers("level", present)) fields.Add(("level", SpelledLevel("r.level_id"), SpelledLevel("m.level_id")));
        if (present.Contains("credits")) fields.Add(("credits", "s.credits", "m.credits::text"));
        if (present.Contains("glh")) fields.Add(("glh", "s.glh", "m.glh::text"));
        foreach (var (column, given, stored) in fields)
            yield return $"""
                select s.line, '{column}', 'module ' || m.code || ' is already in the database with {column} ''' || coalesce({stored}, '(empty)') || ''''
                       || coalesce(' (in ' || (select string_agg(q.reference, ', ' order by q.reference) from qualification_module qm join qualification q on q.id = qm.qualification_id where qm.module_id = m.id) || ')', '')
                       || ': a row adding it to another qualification must give the same {column}; to change the module, include a row for a qualification that has it'
                from stage s join import_module_row r on r.line = s.line join module m on m.id = r.module_id
                where s.line = r.first_line
                  and not exists (select 1 from import_module_row x join stage xs on xs.line = x.line
                                  join qualification q on q.reference = xs.qualification_reference
                                  join qualification_module qm on qm.qualification_id = q.id and qm.module_id = m.id
                                  where x.module_id = m.id)
                  and interchange_canon({given}) is distinct from interchange_canon({stored})
                """;
    }

    private static string SpelledLevel(string levelId) =>
        $"(select l.framework_code || ' ' || l.level_code from level_lookup l where l.level_id = {levelId})";

    public override IEnumerable<string>? WriteSql(IReadOnlySet<string> present, ImportOptions options) =>
    [
        // New modules, from their first row (the code as that row spells it).
        """
        insert into module (code, title, level_id, credits, glh)
        select s.code, s.title, r.level_id, s.credits::integer, s.glh::integer
        from want w join import_module_row r on r.line = w.line join stage s on s.line = w.line
        where w.module_id is null and r.first_line = w.line
        order by w.line
        """,
        "update want w set module_id = m.id from import_module_row r join module m on m.code = r.code::citext where r.line = w.line and w.module_id is null",
        // Changed modules, from one of their updated rows (all rows of a module agree).
        $"""
        update module m set
          title = case when x.changed @> array['title'] then x.fields ->> 'title' else m.title end,
          level_id = case when x.changed && array['level', 'framework'] then x.level_id else m.level_id end,
          credits = case when x.changed @> array['credits'] then (x.fields ->> 'credits')::integer else m.credits end,
          glh = case when x.changed @> array['glh'] then (x.fields ->> 'glh')::integer else m.glh end,
          updated_at = now()
        from (select distinct on (w.module_id) w.module_id, w.fields, p.changed, r.level_id
              from want w join import_plan p on p.line = w.line join import_module_row r on r.line = w.line
              where p.action = 'updated' and p.changed && array[{Quoted(ModuleFields)}]
              order by w.module_id, w.line) x
        where m.id = x.module_id
        """,
        """
        insert into qualification_module (qualification_id, module_id, mandatory, group_name, position)
        select w.qualification_id, w.module_id, coalesce((w.fields ->> 'mandatory')::boolean, true), w.fields ->> 'group', (w.fields ->> 'position')::integer
        from want w join import_plan p on p.line = w.line
        where p.action = 'new'
        order by w.line
        """,
        $"""
        update qualification_module t set
          mandatory = case when p.changed @> array['mandatory'] then (w.fields ->> 'mandatory')::boolean else t.mandatory end,
          group_name = case when p.changed @> array['group'] then w.fields ->> 'group' else t.group_name end,
          position = case when p.changed @> array['position'] then (w.fields ->> 'position')::integer else t.position end
        from want w join import_plan p on p.line = w.line
        where p.action = 'updated' and p.changed && array[{Quoted(PlaceFields)}]
          and t.qualification_id = w.qualification_id and t.module_id = w.module_id
        """,
    ];

    private static string Quoted(IEnumerable<string> fields) => string.Join(", ", fields.Select(f => $"'{f}'"));
}
