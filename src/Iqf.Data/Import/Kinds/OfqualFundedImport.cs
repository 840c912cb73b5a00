using System.Globalization;
using Iqf.Domain;

namespace Iqf.Data.Import.Kinds;

/// <summary>
/// "ofqual-funded": the Department for Education's list of qualifications approved for public
/// funding, in the list's own 46 columns (an Ofqual snapshot with funding streams). A row is a
/// regulated qualification keyed by its Ofqual number. Ofqual's type names map onto ours (the
/// original, with its subcategory, is kept in the notes); its statuses onto ours; sector subject
/// areas by name; awarding organisations by name, acronym or alias (see
/// <see cref="DfeAwardingBodies"/>). The funding streams available to the qualification are kept
/// in the notes, and the earliest start and latest end of their approval become the
/// qualification's operational start and end. AwardingOrganisationURL is the awarding
/// organisation's page for this qualification, so it becomes the qualification's web page (an
/// external link the link checker watches); an empty cell, or one that is not a web address
/// (reported in the notes, like any value the list gets wrong that the in-putter cannot correct),
/// leaves the record's page as it is.
/// </summary>
public sealed class OfqualFundedImport : ImportKind
{
    public const string NumberColumn = "QualificationNumber";
    public const string NameColumn = "QualificationName";
    public const string BodyColumn = "AwardingOrganisation";
    public const string LevelColumn = "Level";
    public const string TypeColumn = "QualificationType";
    public const string SubcategoryColumn = "Subcategory";
    public const string SsaColumn = "SectorSubjectArea";
    public const string StatusColumn = "Status";
    public const string UrlColumn = "AwardingOrganisationURL";

    /// <summary>The funding streams, in the list's column order, with the words the notes use for them.</summary>
    public static readonly IReadOnlyList<(string Prefix, string Label)> Streams =
    [
        ("Age1416", "14-16"),
        ("Age1619", "16-19"),
        ("LocalFlexibilities", "Local flexibilities"),
        ("LegalEntitlementL2L3", "Legal entitlement L2/L3"),
        ("LegalEntitlementEnglishandMaths", "Legal entitlement English and maths"),
        ("DigitalEntitlement", "Digital entitlement"),
        ("LifelongLearningEntitlement", "Lifelong learning entitlement"),
        ("AdvancedLearnerLoans", "Advanced learner loans"),
        ("L3FreeCoursesForJobs", "Free courses for jobs (level 3)"),
    ];

    /// <summary>
    /// Ofqual's qualification types and ours. A type name not listed here is imported as "other"
    /// (the report says so once per name); the original is in the notes either way.
    /// </summary>
    public static readonly IReadOnlyList<(string Ofqual, string Ours)> Types =
    [
        ("Occupational Qualification", "nvq"),
        ("National Vocational Qualification", "nvq"),
        ("Vocationally-Related Qualification", "vrq"),
        ("Vocationally Related Qualification", "vrq"),
        ("Other Vocational Qualification", "vrq"),
        ("Technical Occupation Qualification", "vrq"),
        ("Technical Qualification", "vrq"),
        ("Access to Higher Education", "diploma"),
        ("Diploma", "diploma"),
        ("Advanced Extension Award", "award"),
        ("Other General Qualification", "other"),
        ("Other Life Skills Qualification", "other"),
        ("Alternative Academic Qualification", "other"),
        ("Performing Arts Graded Examination", "other"),
        ("Functional Skills", "other"),
        ("Digital Functional Skills Qualification", "other"),
        ("Essential Digital Skills", "other"),
        ("English For Speakers of Other Languages", "other"),
        ("GCSE", "other"),
        ("GCSE (9 to 1)", "other"),
        ("GCSE (A* to G)", "other"),
        ("GCE A Level", "other"),
        ("GCE AS Level", "other"),
        ("Entry Level", "other"),
        ("Project", "other"),
        ("Principal Learning", "other"),
        ("Key Skills", "other"),
        ("Free Standing Mathematics Qualification", "other"),
        ("Core Maths", "other"),
        ("End-Point Assessment", "other"),
        ("Higher Level", "other"),
    ];

    /// <summary>The list's statuses and ours; anything else is an error (a status is not guessed).</summary>
    public static readonly IReadOnlyList<(string Theirs, string Ours)> Statuses =
    [
        ("Approved", "available"),
        ("Available to learners", "available"),
        ("Available", "available"),
        ("Closing", "closing"),
        ("No longer available to new learners", "closing"),
        ("Withdrawn", "withdrawn"),
        ("No longer awarded", "withdrawn"),
        ("Expired", "withdrawn"),
        ("Historical", "historical"),
    ];

    public override string Name => "ofqual-funded";
    public override string Table => "qualification";

    public override IReadOnlyList<ImportColumn> Columns { get; } = BuildColumns();

    private static List<ImportColumn> BuildColumns()
    {
        var columns = new List<ImportColumn>
        {
            ImportColumn.Custom("DateOfOfqualDataSnapshot", ReadDate),
            ImportColumn.Text(NameColumn, 500).AsRequired(),
            ImportColumn.Text(BodyColumn, 300),
            ImportColumn.Custom(NumberColumn, ReadNumber).AsRequired(),
            ImportColumn.Level(LevelColumn),
            ImportColumn.Text(TypeColumn, 200),
            ImportColumn.Text(SubcategoryColumn, 200),
            ImportColumn.Text(SsaColumn, 200),
            ImportColumn.Custom(StatusColumn, ReadStatus),
            // Checked in SQL: an address that is not one is reported and not stored, not an error.
            ImportColumn.Text(UrlColumn, 4000),
        };
        foreach (var (prefix, _) in Streams)
        {
            columns.Add(ImportColumn.Boolean(prefix + "_FundingAvailable"));
            columns.Add(ImportColumn.Custom(prefix + "_FundingApprovalStartDate", ReadDate));
            columns.Add(ImportColumn.Custom(prefix + "_FundingApprovalEndDate", ReadDate));
            columns.Add(ImportColumn.Text(prefix + "_Notes", 1000));
        }
        return columns;
    }

    /// <summary>The list's dates: DD/MM/YYYY.</summary>
    public static (string? Value, string? Error) ReadDate(string cell) =>
        DateOnly.TryParseExact(cell, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? (d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null)
            : (null, $"'{ImportColumn.Clip(cell)}' is not a date in the form DD/MM/YYYY");

    /// <summary>An Ofqual number: 8 characters without obliques as the list writes it (or NNN/NNNN/C), stored with obliques.</summary>
    public static (string? Value, string? Error) ReadNumber(string cell)
    {
        var upper = cell.ToUpperInvariant();
        return System.Text.RegularExpressions.Regex.IsMatch(upper, "^([0-9]{7}[0-9X]|[0-9]{3}/[0-9]{4}/[0-9X])$")
            ? (QualificationReference.Normalise(upper), null)
            : (null, $"'{ImportColumn.Clip(cell)}' is not an Ofqual qualification number (8 characters such as 6035829X, or 603/5829/X)");
    }

    public static (string? Value, string? Error) ReadStatus(string cell) =>
        Statuses.FirstOrDefault(s => string.Equals(s.Theirs, cell, StringComparison.OrdinalIgnoreCase)) is { Theirs: not null } found
            ? (found.Ours, null)
            : (null, $"'{ImportColumn.Clip(cell)}' is not a status of the list ({string.Join(", ", Statuses.Select(s => s.Theirs))})");

    private const string OfqualReference = "'^[0-9]{3}/[0-9]{4}/'";

    /// <summary>SQL: the row's AwardingOrganisationURL is an http(s) address the link tables can hold.</summary>
    private static readonly string UrlOk =
        $"({C(UrlColumn)} ~* '^https?://[^/?#[:space:]]+[.][^/?#[:space:]]+([/?#][^[:space:]]*)?$' and length({C(UrlColumn)}) <= 2000)";

    private static string C(string column) => "s." + Dfe.Col(column);

    /// <summary>SQL over stage row s: one row per funding stream (ord, label, available, starts, ends, note).</summary>
    private static readonly string StreamRows =
        "(values " + string.Join(", ", Streams.Select((x, i) =>
            $"({i}, {Dfe.Lit(x.Label)}, {C(x.Prefix + "_FundingAvailable")}, {C(x.Prefix + "_FundingApprovalStartDate")}, {C(x.Prefix + "_FundingApprovalEndDate")}, {C(x.Prefix + "_Notes")})"))
        + ") f (ord, label, available, starts, ends, note)";

    private static readonly string TypeSql =
        $"coalesce((select m.ours from (values {string.Join(", ", Types.Select(t => $"({Dfe.Lit(t.Ofqual)}, {Dfe.Lit(t.Ours)})"))}) m (theirs, ours) where lower(m.theirs) = lower({C(TypeColumn)})), 'other')";

    private static readonly string KnownTypes = $"array[{string.Join(", ", Types.Select(t => Dfe.Lit(t.Ofqual.ToLowerInvariant())))}]";

    private static readonly string NotesSql = $"""
        nullif(concat_ws(E'\n',
          'Ofqual type: ' || {C(TypeColumn)} || coalesce(' (' || {C(SubcategoryColumn)} || ')', ''),
          'Funding approved (DfE list): ' || (select string_agg(f.label || coalesce(' from ' || f.starts, '') || coalesce(' to ' || f.ends, '') || coalesce(' (' || f.note || ')', ''), '; ' order by f.ord)
                                             from {StreamRows} where f.available = 'true')), '')
        """;

    public override string KeySql => C(NumberColumn);
    public override string MatchSql => $"(select q.id from qualification q where q.reference = {C(NumberColumn)})";
    public override string MatchNewSql => "(select q.id from qualification q where q.reference = w.fields ->> 'reference')";

    public override IReadOnlyList<ScalarField> Scalars { get; } =
    [
        new("reference", "reference", From: C(NumberColumn)),
        new("title", "title", From: C(NameColumn)),
        new("type", "type", From: TypeSql),
        new("status", "status", Default: "'available'", From: C(StatusColumn)),
        new("operational_start", "operational_start", "date", From: $"(select min(f.starts) from {StreamRows} where f.available = 'true')"),
        new("operational_end", "operational_end", "date", From: $"(select max(f.ends) from {StreamRows} where f.available = 'true')"),
        new("notes", "notes", From: NotesSql),
    ];

    public override IReadOnlyList<(string Field, string Sql)> Derived { get; } =
    [
        ("level", Dfe.WantLevel),
        ("framework", Dfe.WantFramework),
        ("awarding_body", DfeAwardingBodies.WantSql(BodyColumn)),
        ("sector_subject_area", $"(select a.code from sector_subject_area a where a.code = {C(SsaColumn)} or lower(a.name) = lower({C(SsaColumn)}) order by a.code = {C(SsaColumn)} desc, a.code limit 1)"),
        ("url", $"coalesce(case when {UrlOk} then {C(UrlColumn)} end, (select e.url from link_owner lo join external_link e on e.id = lo.link_id join qualification q on q.id = lo.qualification_id where q.reference = {C(NumberColumn)} order by lo.id limit 1))"),
    ];

    private static bool HasStreams(IReadOnlySet<string> present) => Streams.Any(x => present.Contains(x.Prefix + "_FundingAvailable"));

    public override bool Covers(string field, IReadOnlySet<string> present) => field switch
    {
        "reference" => present.Contains(NumberColumn),
        "title" => present.Contains(NameColumn),
        "type" => present.Contains(TypeColumn),
        "status" => present.Contains(StatusColumn),
        "operational_start" or "operational_end" => HasStreams(present),
        "notes" => present.Contains(TypeColumn) || HasStreams(present),
        "level" or "framework" => present.Contains(LevelColumn),
        "awarding_body" => present.Contains(BodyColumn),
        "sector_subject_area" => present.Contains(SsaColumn),
        "url" => present.Contains(UrlColumn),
        _ => false,
    };

    public override string CurrentSql => $"""
        jsonb_build_object('reference', t.reference, 'title', t.title, 'type', t.type, 'status', t.status,
          'operational_start', t.operational_start::text, 'operational_end', t.operational_end::text, 'notes', t.notes,
          'level', {Dfe.CurrentLevel}, 'framework', {Dfe.CurrentFramework},
          'awarding_body', (select o.name::text from organisation o where o.id = t.awarding_body_id),
          'sector_subject_area', (select a.code from sector_subject_area a where a.id = t.sector_subject_area_id),
          'url', (select e.url from link_owner lo join external_link e on e.id = lo.link_id where lo.qualification_id = t.id order by lo.id limit 1))
        """;

    public override IEnumerable<string> PrepareSql(IReadOnlySet<string> present, ImportOptions options)
    {
        yield return DfeAwardingBodies.PrepareSql(BodyColumn);
        yield return Dfe.PrepareLevels(LevelColumn);
    }

    public override IEnumerable<string> Checks(IReadOnlySet<string> present, ImportOptions options)
    {
        yield return RepeatedKey(C(NumberColumn), NumberColumn, "qualification number");
        if (present.Contains(LevelColumn)) yield return Dfe.LevelCheck(LevelColumn);
        foreach (var (prefix, _) in Streams)
            yield return $"""
                select s.line, {Dfe.Lit(prefix + "_FundingApprovalEndDate")}, 'is before {prefix}_FundingApprovalStartDate'
                from stage s where {C(prefix + "_FundingApprovalEndDate")}::date < {C(prefix + "_FundingApprovalStartDate")}::date
                """;
        if (present.Contains(SsaColumn))
            yield return $"""
                select s.line, {Dfe.Lit(SsaColumn)}, 'there is no sector subject area with the code or name ''' || {C(SsaColumn)} || ''''
                from stage s where {C(SsaColumn)} is not null
                  and not exists (select 1 from sector_subject_area a where a.code = {C(SsaColumn)} or lower(a.name) = lower({C(SsaColumn)}))
                """;
        if (HasStreams(present))
            yield return $"""
                select s.line, null, 'the funding window would start the qualification on ' || x.starts || ', after its certification end ' || q.certification_end
                from stage s join qualification q on q.reference = {C(NumberColumn)}
                cross join lateral (select min(f.starts) as starts from {StreamRows} where f.available = 'true') x
                where q.certification_end < x.starts::date
                """;
        if (present.Contains(BodyColumn) && !options.CreateOrganisations)
            yield return DfeAwardingBodies.UnknownCheck(BodyColumn);
    }

    public override IEnumerable<string> NoteSql(IReadOnlySet<string> present, ImportOptions options)
    {
        if (present.Contains(TypeColumn))
            yield return $"""
                select count(*) || ' row(s) have the qualification type ''' || {C(TypeColumn)} || ''', which this import does not know: imported as other, the name kept in the notes (first on line ' || min(s.line) || ')'
                from stage s where {C(TypeColumn)} is not null and not (lower({C(TypeColumn)}) = any ({KnownTypes}))
                group by {C(TypeColumn)} order by min(s.line)
                """;
        if (present.Contains(UrlColumn))
            yield return $"""
                select 'line ' || s.line || ': ' || {C(NumberColumn)} || ': {UrlColumn} ''' || left({C(UrlColumn)}, 200) || ''' is not a web address (http or https); it is not stored'
                from stage s where {C(UrlColumn)} is not null and not {UrlOk} order by s.line
                """;
        if (present.Contains(BodyColumn))
            foreach (var sql in DfeAwardingBodies.NoteSql(options)) yield return sql;
        // Qualifications with different Ofqual numbers are different qualifications. A record under
        // a local reference that looks like this one (its notes give this number, or the same
        // body, level and nearly the same title) is worth a look; both are kept.
        yield return Dfe.LikelyDuplicates(
            rows: $"""
                select s.line, {C(NumberColumn)} as key, search_text({C(NameColumn)}) as folded, {Dfe.RowLevels} as levels,
                       (select b.organisation_id from import_body b where b.given = {C(BodyColumn)} and not b.no_body) as body
                from stage s
                """,
            numberMatches: $"""
                select r.line, n.reference, n.title from r
                join (select q.reference, q.title, substring(q.notes from {Dfe.Lit("^" + DfeEarlyYearsImport.NumberNotePrefix + "([0-9]{3}/[0-9]{4}/[0-9X])")}) as number
                      from qualification q where q.notes like {Dfe.Lit(DfeEarlyYearsImport.NumberNotePrefix + "%")}) n on n.number = r.key
                where n.reference <> r.key
                """,
            numberWhy: "which gives this Ofqual number",
            candidates: $"q.reference !~ {OfqualReference}");
    }

    public override IEnumerable<string> BeforeSql(IReadOnlySet<string> present, ImportOptions options) =>
        present.Contains(BodyColumn) ? DfeAwardingBodies.BeforeSql(options) : [];

    public override IEnumerable<string> RelationSql(IReadOnlySet<string> present, ImportOptions options)
    {
        if (present.Contains(BodyColumn)) yield return DfeAwardingBodies.RelationSql(BodyColumn);
        if (present.Contains(LevelColumn)) yield return Dfe.LevelRelationSql;
        if (present.Contains(SsaColumn))
            yield return """
                update qualification q set sector_subject_area_id = (select a.id from sector_subject_area a where a.code = w.fields ->> 'sector_subject_area'), updated_at = now()
                from want w join import_plan p on p.line = w.line
                where p.changed @> array['sector_subject_area'] and q.id = w.target_id
                """;
        if (present.Contains(UrlColumn))
            foreach (var sql in ImportLinks.SyncSql("url", "qualification_id", "specification")) yield return sql;
    }
}
