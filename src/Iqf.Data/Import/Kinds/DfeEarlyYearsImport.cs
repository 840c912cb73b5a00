using System.Globalization;
using System.Text.RegularExpressions;

namespace Iqf.Data.Import.Kinds;

/// <summary>
/// "dfe-early-years": the Department for Education's list of early years qualifications that are
/// full and relevant for the EYFS staff:child ratios, and its update batches, in the list's own
/// columns. A row is one qualification keyed by its list reference (EYQ-nnn), so a batch that
/// names an earlier reference edits that record and never adds a second one (see
/// docs/decisions/0009-dfe-early-years-import.md for why the Ofqual number is not the key). The
/// row's Mon-YY window ("Sep-14" to "Aug-24"; "null" or empty is open) and its notes become the
/// validity and conditions of the qualification's link to the early years practitioner roles.
/// </summary>
public sealed partial class DfeEarlyYearsImport : ImportKind
{
    public const string RefColumn = "Qualification Ref";
    public const string LevelColumn = "Qualification Level";
    public const string FromColumn = "From which date";
    public const string ToColumn = "To which date";
    public const string NameColumn = "Qualification Name";
    public const string BodyColumn = "Awarding Organisation Title";
    public const string NumberColumn = "Qualification Number";
    public const string NotesColumn = "Notes/Additional Requirements";

    /// <summary>
    /// The roles the list speaks about, found by title or alias: in the seed both are aliases of
    /// "Nursery nurse". Every role so found gets the link.
    /// </summary>
    public static readonly IReadOnlyList<string> PractitionerRoles = ["Early years practitioner", "Early years educator"];

    /// <summary>What a stored Ofqual number looks like in the qualification's notes.</summary>
    public const string NumberNotePrefix = "Ofqual number: ";

    public override string Name => "dfe-early-years";
    public override string Table => "qualification";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        ImportColumn.Pattern(RefColumn, "^EYQ-[0-9]{1,6}$", "an early years list reference (EYQ- and a number, for example EYQ-123)", upper: true).AsRequired(),
        ImportColumn.Level(LevelColumn).AsRequired(),
        ImportColumn.Custom(FromColumn, c => ReadMonth(c, lastDay: false)).AsRequired(),
        ImportColumn.Custom(ToColumn, c => ReadMonth(c, lastDay: true)),
        ImportColumn.Text(NameColumn, 500).AsRequired(),
        ImportColumn.Text(BodyColumn, 300),
        ImportColumn.Text(NumberColumn, 100),
        ImportColumn.Text(NotesColumn, 20_000),
        // Content ids of the DfE's own service: accepted, not kept.
        ImportColumn.Text("AdditionalRequirementQuestions", 4000),
        ImportColumn.Text("RatioRequirements", 4000),
    ];

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    [GeneratedRegex("^([A-Za-z]{3})-([0-9]{2}|[0-9]{4})$")]
    private static partial Regex MonthYear();

    /// <summary>
    /// "Sep-14" as the first day of that month (a window's start) or its last day (a window's
    /// end); "null" is no date. Two-digit years 00-69 are 20xx, 70-99 are 19xx.
    /// </summary>
    public static (string? Value, string? Error) ReadMonth(string cell, bool lastDay)
    {
        if (cell.Equals("null", StringComparison.OrdinalIgnoreCase)) return (null, null);
        var m = MonthYear().Match(cell);
        var month = m.Success ? Array.IndexOf(Months, m.Groups[1].Value.ToLowerInvariant()) + 1 : 0;
        if (month == 0)
            return (null, $"'{ImportColumn.Clip(cell)}' is not a month in the form Mon-YY (for example Sep-14), or null");
        var year = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        if (m.Groups[2].Value.Length == 2) year += year < 70 ? 2000 : 1900;
        var day = lastDay ? DateTime.DaysInMonth(year, month) : 1;
        return (new DateOnly(year, month, day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null);
    }

    private static readonly string Ref = "s." + Dfe.Col(RefColumn);
    private static readonly string Number = "s." + Dfe.Col(NumberColumn);
    // The cell as an Ofqual number in either spelling, exactly: "603/7741/0/" is not one.
    private static readonly string NumberOk = $"upper({Number}) ~ '^([0-9]{{3}}/[0-9]{{4}}/[0-9X]|[0-9]{{7}}[0-9X])$'";
    // "Not required" is the list's way of saying the qualification has no Ofqual number.
    private static readonly string NumberMalformed = $"({Number} is not null and lower({Number}) <> 'not required' and not {NumberOk})";
    private static readonly string Existing = $"(select q.id from qualification q where q.reference = {Ref})";

    public override string KeySql => Ref;
    public override string MatchSql => Existing;
    public override string MatchNewSql => "(select q.id from qualification q where q.reference = w.fields ->> 'reference')";

    /// <summary>
    /// The list has no type: a new record's type is read from its title by these rules (the first
    /// that matches), and an existing record keeps the type it has.
    /// </summary>
    public static readonly IReadOnlyList<(string Pattern, string Type)> TypeFromTitle =
    [
        (@"\mNVQ\M", "nvq"),
        (@"foundation degree|\mFd(A|Sc|Ed)\M", "foundation-degree"),
        (@"post ?graduate|\mPGCE\M", "postgraduate"),
        (@"\mstatus\M|\m(QTS|EYPS|EYTS|HLTA)\M", "professional-status"),
        (@"diploma|\mHND\M", "diploma"),
        (@"certificate|\mcert|\mHNC\M", "certificate"),
        (@"\maward\M", "award"),
        (@"degree|\mB(A|Sc|Ed)\M|honours|\mhons\M", "honours-degree"),
    ];

    private static readonly string TypeSql =
        $"coalesce((select q.type from qualification q where q.reference = {Ref}), case {string.Join(" ", TypeFromTitle.Select(t => $"when s.{Dfe.Col(NameColumn)} ~* {Dfe.Lit(t.Pattern)} then {Dfe.Lit(t.Type)}"))} else 'other' end)";

    public override IReadOnlyList<ScalarField> Scalars { get; } =
    [
        new("reference", "reference", From: Ref),
        new("title", "title", From: "s." + Dfe.Col(NameColumn)),
        new("type", "type", From: TypeSql),
        // A malformed number is not stored, and does not wipe the number a record already has.
        new("notes", "notes", From: $"""
            case when {NumberOk} then {Dfe.Lit(NumberNotePrefix)} || normalise_reference({Number})
                 when {NumberMalformed} then (select q.notes from qualification q where q.reference = {Ref})
            end
            """),
    ];

    private const string Link = "(select rq.{0} from role_qualification rq join import_role r on r.job_role_id = rq.job_role_id where rq.qualification_id = t.id order by r.job_role_id limit 1)";

    public override IReadOnlyList<(string Field, string Sql)> Derived { get; } =
    [
        ("level", Dfe.WantLevel),
        ("framework", Dfe.WantFramework),
        ("awarding_body", DfeAwardingBodies.WantSql(BodyColumn)),
        ("roles", "(select string_agg(r.title, ';' order by r.title) from import_role r)"),
        ("valid_from", "s." + Dfe.Col(FromColumn)),
        ("valid_to", "s." + Dfe.Col(ToColumn)),
        ("conditions", $"case when lower(s.{Dfe.Col(NotesColumn)}) <> 'none' then s.{Dfe.Col(NotesColumn)} end"),
    ];

    public override bool Covers(string field, IReadOnlySet<string> present) => field switch
    {
        "reference" => present.Contains(RefColumn),
        "title" or "type" => present.Contains(NameColumn),
        "notes" => present.Contains(NumberColumn),
        "level" or "framework" => present.Contains(LevelColumn),
        "awarding_body" => present.Contains(BodyColumn),
        "roles" => true,
        "valid_from" => present.Contains(FromColumn),
        "valid_to" => present.Contains(ToColumn),
        "conditions" => present.Contains(NotesColumn),
        _ => false,
    };

    public override string CurrentSql => $"""
        jsonb_build_object('reference', t.reference, 'title', t.title, 'type', t.type, 'notes', t.notes,
          'level', {Dfe.CurrentLevel}, 'framework', {Dfe.CurrentFramework},
          'awarding_body', (select o.name::text from organisation o where o.id = t.awarding_body_id),
          'roles', (select string_agg(r.title, ';' order by r.title) from role_qualification rq join import_role r on r.job_role_id = rq.job_role_id where rq.qualification_id = t.id),
          'valid_from', {string.Format(Link, "valid_from::text")}, 'valid_to', {string.Format(Link, "valid_to::text")},
          'conditions', {string.Format(Link, "conditions")})
        """;

    public override IEnumerable<string> PrepareSql(IReadOnlySet<string> present, ImportOptions options)
    {
        yield return DfeAwardingBodies.PrepareSql(BodyColumn);
        yield return Dfe.PrepareLevels(LevelColumn);
        var names = $"array[{string.Join(", ", PractitionerRoles.Select(Dfe.Lit))}]::citext[]";
        yield return $"""
            create temp table import_role on commit drop as
            select r.id as job_role_id, r.title::text as title from job_role r
            where r.archived_at is null
              and (r.title = any ({names}) or exists (select 1 from job_role_alias a where a.job_role_id = r.id and a.alias = any ({names})))
            """;
    }

    public override IEnumerable<string> Checks(IReadOnlySet<string> present, ImportOptions options)
    {
        yield return RepeatedKey(Ref, RefColumn, "qualification reference");
        yield return Dfe.LevelCheck(LevelColumn);
        yield return $"""
            select s.line, {Dfe.Lit(ToColumn)}, 'ends (' || s.{Dfe.Col(ToColumn)} || ') before the window starts (' || s.{Dfe.Col(FromColumn)} || ')'
            from stage s where s.{Dfe.Col(ToColumn)}::date < s.{Dfe.Col(FromColumn)}::date
            """;
        yield return $"""
            select 1::bigint, null::text, 'no role is titled or aliased {string.Join(" or ", PractitionerRoles)}: the list''s windows belong to that role (load the roles first: ./iqf seed)'
            where not exists (select 1 from import_role)
            """;
        if (present.Contains(BodyColumn) && !options.CreateOrganisations)
            yield return DfeAwardingBodies.UnknownCheck(BodyColumn);
    }

    public override IEnumerable<string> NoteSql(IReadOnlySet<string> present, ImportOptions options)
    {
        if (present.Contains(NumberColumn))
            yield return $"""
                select 'line ' || s.line || ': ' || {Ref} || ': {NumberColumn} ''' || {Number} || ''' is not an Ofqual number (NNN/NNNN/C); it is not stored'
                       || coalesce(' (the record keeps ' || (select q.notes from qualification q where q.reference = {Ref}) || ')', '')
                from stage s where {NumberMalformed} order by s.line
                """;
        if (present.Contains(BodyColumn))
            foreach (var sql in DfeAwardingBodies.NoteSql(options)) yield return sql;
        // Entries of the list are distinct by its own key; a record from another source that looks
        // like the same qualification (its Ofqual number, or the same body, level and nearly the
        // same title) is worth a look, but the list is not the in-putter's to correct.
        yield return Dfe.LikelyDuplicates(
            rows: $"""
                select s.line, {Ref} as key, search_text(s.{Dfe.Col(NameColumn)}) as folded, {Dfe.RowLevels} as levels,
                       (select b.organisation_id from import_body b where b.given = s.{Dfe.Col(BodyColumn)} and not b.no_body) as body,
                       case when {NumberOk} then normalise_reference({Number}) end as number
                from stage s
                """,
            numberMatches: "select r.line, q.reference, q.title from r join qualification q on q.reference = r.number",
            numberWhy: "its Ofqual number",
            candidates: "q.reference !~ '^EYQ-'");
    }

    public override IEnumerable<string> BeforeSql(IReadOnlySet<string> present, ImportOptions options) =>
        present.Contains(BodyColumn) ? DfeAwardingBodies.BeforeSql(options) : [];

    public override IEnumerable<string> RelationSql(IReadOnlySet<string> present, ImportOptions options)
    {
        if (present.Contains(BodyColumn)) yield return DfeAwardingBodies.RelationSql(BodyColumn);
        if (present.Contains(LevelColumn)) yield return Dfe.LevelRelationSql;
        // The window and conditions of each practitioner role's link; fields not changed keep their stored spelling.
        yield return """
            update role_qualification rq set
              valid_from = case when p.changed @> array['valid_from'] then (w.fields ->> 'valid_from')::date else rq.valid_from end,
              valid_to = case when p.changed @> array['valid_to'] then (w.fields ->> 'valid_to')::date else rq.valid_to end,
              conditions = case when p.changed @> array['conditions'] then w.fields ->> 'conditions' else rq.conditions end
            from want w join import_plan p on p.line = w.line cross join import_role r
            where rq.qualification_id = w.target_id and rq.job_role_id = r.job_role_id
              and p.changed && array['valid_from', 'valid_to', 'conditions'];
            insert into role_qualification (job_role_id, qualification_id, relevance, requirement, significant, valid_from, valid_to, conditions)
            select r.job_role_id, w.target_id, 'core', 'accepted', true, (w.fields ->> 'valid_from')::date, (w.fields ->> 'valid_to')::date, w.fields ->> 'conditions'
            from want w join import_plan p on p.line = w.line cross join import_role r
            where p.changed && array['roles', 'valid_from', 'valid_to', 'conditions']
            on conflict (job_role_id, qualification_id) do nothing;
            """;
    }
}
