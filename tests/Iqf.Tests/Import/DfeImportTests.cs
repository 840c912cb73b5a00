using System.Text;
using Iqf.Data.Import;
using Iqf.Data.Import.Kinds;
using Iqf.Domain;
using Iqf.Tests.Support;

namespace Iqf.Tests.Import;

/// <summary>
/// The real public files in ../shared/data (beside the checkout, or beside a folder above it when
/// the checkout is a worktree; IQF_SHARED_DATA names it outright). They are not in the
/// repository, so tests that read them are skipped, not passed, when the folder is absent.
/// </summary>
public static class DfeData
{
    public static string? Root { get; } = Find();

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("IQF_SHARED_DATA") is { Length: > 0 } given)
            return Directory.Exists(given) ? given : null;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Iqf.sln"))) dir = dir.Parent;
        for (var up = dir?.Parent; up is not null; up = up.Parent)
        {
            var data = Path.Combine(up.FullName, "shared", "data");
            if (Directory.Exists(Path.Combine(data, "dfe-early-years"))) return data;
        }
        return null;
    }

    public static string FileAt(string relative) => Path.Combine(Root!, relative);

    public const string FullList = "dfe-early-years/1-ey-quals-full-2024-with-new-reference-fields.csv";
    public const string Batch1 = "dfe-early-years/2-ey-quals-updates-09-08-24.csv";
    public const string Batch2 = "dfe-early-years/3-ey-quals-updates-10-09-24.csv";
    public const string Funded = "dfe-funded-cyp/approved-children-workforce-2025-02.csv";
}

/// <summary>A fact that needs the real files: skipped (with the reason) when ../shared/data is absent.</summary>
public sealed class DfeDataFactAttribute : FactAttribute
{
    public DfeDataFactAttribute()
    {
        if (DfeData.Root is null) Skip = "the real DfE files (../shared/data) are not beside this checkout";
    }
}

internal static class DfeImport
{
    public static async Task<ImportReport> FromFile(string cs, ImportKind kind, string relative, bool create = true)
    {
        await using var file = File.OpenRead(DfeData.FileAt(relative));
        return await Importer.RunAsync(cs, kind, file, Path.GetFileName(relative), new ImportOptions("test:dfe", CreateOrganisations: create));
    }

    public static Task<ImportReport> FromText(string cs, ImportKind kind, string csv, ImportOptions? options = null) =>
        Importer.RunAsync(cs, kind, new MemoryStream(Encoding.UTF8.GetBytes(csv)), "inline.csv", options ?? new ImportOptions("test:dfe"));

    public static Task<long> Count(string cs, string sql) => TestPostgres.ScalarAsync<long>(cs, sql);

    /// <summary>An early years record as one line: title | type | level | body | valid from | valid to | notes ('-' for none).</summary>
    public static Task<string> EarlyYears(string cs, string reference) => TestPostgres.ScalarAsync<string>(cs, $"""
        select concat_ws(' | ', q.title, q.type,
                 coalesce((select string_agg(l.level_code::text, '/' order by l.ordinal) from qualification_level ql join level_lookup l on l.level_id = ql.level_id
                           where ql.qualification_id = q.id and ql.is_primary and l.framework_code = 'RQF'), '-'),
                 coalesce(o.name::text, '-'), coalesce(rq.valid_from::text, '-'), coalesce(rq.valid_to::text, '-'), coalesce(q.notes, '-'))
        from qualification q left join organisation o on o.id = q.awarding_body_id
        left join role_qualification rq on rq.qualification_id = q.id and rq.job_role_id = (select id from job_role where title = 'Nursery nurse')
        where q.reference = '{reference}'
        """);

    /// <summary>Every early years record and its practitioner link, one line each, to tell which records an import touched.</summary>
    public static async Task<Dictionary<string, string>> Snapshot(string cs)
    {
        var text = await TestPostgres.ScalarAsync<string>(cs, """
            select string_agg(q.reference || '=' || md5(concat_ws('|', q.title, q.type, q.notes, q.awarding_body_id, q.status, q.updated_at,
                     (select string_agg(ql.level_id::text, ',' order by ql.level_id) from qualification_level ql where ql.qualification_id = q.id),
                     (select string_agg(concat_ws('/', rq.job_role_id, rq.valid_from, rq.valid_to, rq.conditions, rq.requirement), ',') from role_qualification rq where rq.qualification_id = q.id))),
                   E'\n' order by q.reference)
            from qualification q where q.reference like 'EYQ-%'
            """);
        return text.Split('\n').Select(l => l.Split('=')).ToDictionary(p => p[0], p => p[1]);
    }

    public static string[] Changed(Dictionary<string, string> before, Dictionary<string, string> after) =>
        after.Where(a => before.TryGetValue(a.Key, out var b) && b != a.Value).Select(a => a.Key).Order().ToArray();

    public static string[] Added(Dictionary<string, string> before, Dictionary<string, string> after) =>
        after.Keys.Except(before.Keys).Order().ToArray();
}

public class DfeRealFileTests
{
    [DfeDataFact]
    public async Task The_early_years_list_imports_without_errors_and_its_update_batches_edit_exactly_the_references_they_name()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        var kind = new DfeEarlyYearsImport();

        var full = await DfeImport.FromFile(cs, kind, DfeData.FullList);
        full.Errors.ShouldBeEmpty();
        (full.Rows, full.New, full.Updated, full.Written).ShouldBe((279, 279, 0, true));
        (await DfeImport.Count(cs, "select count(*) from qualification where reference like 'EYQ-%'")).ShouldBe(279);
        (await DfeImport.Count(cs, """
            select count(*) from role_qualification rq join job_role r on r.id = rq.job_role_id
            where r.title = 'Nursery nurse' and rq.requirement = 'accepted'
            """)).ShouldBe(279);

        // A sample of rows, read by hand from the file.
        (await DfeImport.EarlyYears(cs, "EYQ-002")).ShouldBe("BTEC First Diploma in Early Years | diploma | 2 | Edexcel | - | 2014-08-31 | -");
        (await DfeImport.EarlyYears(cs, "EYQ-084")).ShouldBe(
            "Higher Level Teaching Assistant Status (HLTA) | professional-status | 3 | Training and Development Agency for Schools | - | 2014-08-31 | -");
        (await DfeImport.EarlyYears(cs, "EYQ-185")).ShouldBe("BA (Hons) Childhood Studies | honours-degree | 6 | Nottingham Trent University | - | 2014-08-31 | -");
        (await DfeImport.EarlyYears(cs, "EYQ-221")).ShouldBe(
            "Level 2 Children and Young People's Workforce (CYPW) Intermediate Apprenticeship Framework (early years pathway) | other | 2 | - | 2019-09-01 | - | -");
        (await DfeImport.EarlyYears(cs, "EYQ-223")).ShouldBe(
            "NCFE CACHE Level 3 Diploma in Early Years Education and Care (Early Years Educator) | diploma | 3 | NCFE | 2014-09-01 | - | Ofqual number: 601/2147/6");
        (await DfeImport.EarlyYears(cs, "EYQ-240")).ShouldBe(
            "T Level Technical Qualification in Education and Childcare (Specialism - Early Years Educator) | other | 3 | NCFE | 2020-09-01 | 2023-01-31 | Ofqual number: 603/5829/4");
        (await TestPostgres.ScalarAsync<string>(cs, """
            select rq.conditions from role_qualification rq join qualification q on q.id = rq.qualification_id where q.reference = 'EYQ-020'
            """)).ShouldBe("Considered full and relevant at level 2 where the practitioner achieved it and had their practice assessed in the Early Years Foundation Stage in the maintained sector.");
        (await DfeImport.Count(cs, "select count(*) from role_qualification rq join qualification q on q.id = rq.qualification_id where q.reference = 'EYQ-002' and rq.conditions is null")).ShouldBe(1);

        // Spellings of known bodies became their aliases; unknown bodies were created once.
        (await TestPostgres.ScalarAsync<string>(cs, "select o.name::text from organisation_alias a join organisation o on o.id = a.organisation_id where a.alias = 'Edexcel (now Pearson Education Ltd)'"))
            .ShouldBe("Edexcel");
        (await TestPostgres.ScalarAsync<string>(cs, "select o.name::text from organisation_alias a join organisation o on o.id = a.organisation_id where a.alias = 'CACHE Council for Awards in Care Health and Education'"))
            .ShouldBe("CACHE");
        (await TestPostgres.ScalarAsync<string>(cs, "select string_agg(a.alias::text, ';' order by a.alias) from organisation_alias a join organisation o on o.id = a.organisation_id where o.name = 'Training Qualifications UK'"))
            .ShouldBe("TQUK;Training Qualification UK");
        (await TestPostgres.ScalarAsync<string>(cs, "select type from organisation where name = 'Nottingham Trent University'")).ShouldBe("higher-education");
        (await DfeImport.Count(cs, "select count(*) from organisation where name::text ilike '%various%'")).ShouldBe(0);

        var again = await DfeImport.FromFile(cs, kind, DfeData.FullList);
        (again.Errors.Count, again.New, again.Updated, again.Unchanged).ShouldBe((0, 0, 0, 279));

        // The first batch: three earlier references gain an end date, eight are new.
        var before = await DfeImport.Snapshot(cs);
        var batch1 = await DfeImport.FromFile(cs, kind, DfeData.Batch1);
        batch1.Errors.ShouldBeEmpty();
        (batch1.New, batch1.Updated, batch1.Unchanged).ShouldBe((8, 3, 0));
        batch1.Changes.Where(c => c.Action == "updated").Select(c => (c.Key, string.Join(",", c.Fields.Select(f => f.Field + "=" + f.After))))
            .ShouldBe([("EYQ-267", "valid_to=2024-08-31"), ("EYQ-268", "valid_to=2024-08-31"), ("EYQ-269", "valid_to=2024-08-31")]);
        var after = await DfeImport.Snapshot(cs);
        DfeImport.Changed(before, after).ShouldBe(["EYQ-267", "EYQ-268", "EYQ-269"]);
        DfeImport.Added(before, after).ShouldBe(["EYQ-527", "EYQ-528", "EYQ-529", "EYQ-530", "EYQ-531", "EYQ-532", "EYQ-533", "EYQ-534"]);

        // The second batch: ten earlier references edited (one with a malformed number), nine new.
        before = after;
        var batch2 = await DfeImport.FromFile(cs, kind, DfeData.Batch2);
        batch2.Errors.ShouldBeEmpty();
        (batch2.New, batch2.Updated, batch2.Unchanged).ShouldBe((9, 10, 0));
        after = await DfeImport.Snapshot(cs);
        string[] edited = ["EYQ-231", "EYQ-241", "EYQ-250", "EYQ-251", "EYQ-275", "EYQ-279", "EYQ-511", "EYQ-512", "EYQ-528", "EYQ-530"];
        batch2.Changes.Where(c => c.Action == "updated").Select(c => c.Key).Order().ShouldBe(edited);
        DfeImport.Changed(before, after).ShouldBe(edited);
        DfeImport.Added(before, after).ShouldBe(["EYQ-535", "EYQ-536", "EYQ-537", "EYQ-538", "EYQ-539", "EYQ-540", "EYQ-541", "EYQ-542", "EYQ-543"]);
        (await DfeImport.Count(cs, "select count(*) from qualification where reference like 'EYQ-%'")).ShouldBe(279 + 8 + 9);

        // "603/7741/0/" is reported, not guessed: the record keeps the number it had.
        batch2.Notes.ShouldContain("line 4: EYQ-251: Qualification Number '603/7741/0/' is not an Ofqual number (NNN/NNNN/C); it is not stored (the record keeps Ofqual number: 603/7741/0)");
        (await DfeImport.EarlyYears(cs, "EYQ-251")).ShouldBe(
            "Level 4 Diploma in Steiner Waldorf Early Childhood Studies (Early Years Educator) | diploma | 4 | Crossfields Institute | 2014-09-01 | 2024-08-31 | Ofqual number: 603/7741/0");
        // A new spelling of the same body changes nothing; a new number does.
        batch2.Changes.Single(c => c.Key == "EYQ-511").Fields.Select(f => f.Field).ShouldBe(["conditions", "notes"]);
        batch2.Changes.Single(c => c.Key == "EYQ-530").Fields.ShouldBe([new FieldChange("notes", "Ofqual number: 610/3696/3", "Ofqual number: 610/3697/3")]);
        (await DfeImport.EarlyYears(cs, "EYQ-250")).ShouldEndWith("| 2014-09-01 | 2025-08-31 | Ofqual number: 601/7670/2");

        var batch2Again = await DfeImport.FromFile(cs, kind, DfeData.Batch2);
        (batch2Again.Errors.Count, batch2Again.New, batch2Again.Updated, batch2Again.Unchanged).ShouldBe((0, 0, 0, 19));
    }

    [DfeDataFact]
    public async Task The_funded_list_imports_without_errors_and_again_changes_nothing()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        var kind = new OfqualFundedImport();

        var report = await DfeImport.FromFile(cs, kind, DfeData.Funded);
        report.Errors.ShouldBeEmpty();
        (report.Rows, report.New, report.Written).ShouldBe((255, 255, true));
        (await DfeImport.Count(cs, "select count(*) from qualification")).ShouldBe(255);
        (await DfeImport.Count(cs, "select count(*) from qualification where type = 'nvq'")).ShouldBe(79);
        (await DfeImport.Count(cs, "select count(*) from qualification where type = 'vrq'")).ShouldBe(123 + 17 + 18 + 1);
        (await DfeImport.Count(cs, "select count(*) from qualification q join sector_subject_area a on a.id = q.sector_subject_area_id where a.code = '1.5'")).ShouldBe(122);
        (await DfeImport.Count(cs, "select count(*) from link_owner where qualification_id is not null and purpose = 'specification'")).ShouldBe(53);

        // A sample of rows, read by hand from the file.
        (await Funded(cs, "603/6032/X")).ShouldBe(
            "Open Awards Level 2 Award in Youth Work Principles (England) (RQF) | nvq | available | 2 | Open Awards | 13.1 | 2020-07-01 | 2026-07-31 | -");
        (await TestPostgres.ScalarAsync<string>(cs, "select notes from qualification where reference = '603/6032/X'")).ShouldBe(
            "Ofqual type: Occupational Qualification\nFunding approved (DfE list): 16-19 from 2020-07-01 to 2026-07-31 (18+ only); Local flexibilities from 2020-07-01 to 2026-07-31");
        (await Funded(cs, "603/7114/6")).ShouldBe(
            "OCR Level 1/Level 2 Cambridge National in Child Development | other | available | 1/2 | OCR | 1.5 | 2022-09-01 | 2026-07-31 | -");
        (await Funded(cs, "603/6546/8")).ShouldBe(
            "Gateway Qualifications Entry Level Award in Childcare (Entry 3) | vrq | available | Entry | Gateway Qualifications Limited | 1.5 | 2020-09-01 | 2026-07-31 | -");
        (await Funded(cs, "601/7376/2")).ShouldBe(
            "City & Guilds Level 1 Certificate for Skills for Working in the Health Care, Adult Care and Child Care Sectors | vrq | available | 1 | City & Guilds | 14.2 | 2015-09-01 | 2026-07-31 | -");
        (await Funded(cs, "601/8590/9")).ShouldBe(
            "Focus Awards Level 5 Diploma in Leadership for Health and Social Care and Children and Young People's Services (England) (RQF) | nvq | available | 5 | Focus Awards Limited | 1.3 | 2016-08-01 | 2025-07-31 | "
            + "https://www.focusawards.org.uk/qualification/focus-awards-level-5-diploma-in-leadership-for-health-and-social-care-and-children-and-young-peoples-services-england-rqf/");
        (await TestPostgres.ScalarAsync<string>(cs, "select split_part(notes, E'\\n', 1) from qualification where reference = '610/4551/2'"))
            .ShouldBe("Ofqual type: Technical Occupation Qualification (Additional Specialist)");
        (await TestPostgres.ScalarAsync<string>(cs, "select o.name::text from qualification q join organisation o on o.id = q.awarding_body_id where q.reference = '603/6134/7'"))
            .ShouldBe("Edexcel");

        var again = await DfeImport.FromFile(cs, kind, DfeData.Funded);
        (again.Errors.Count, again.New, again.Updated, again.Unchanged).ShouldBe((0, 0, 0, 255));
    }

    [DfeDataFact]
    public async Task Both_lists_in_one_database_keep_their_records_apart_and_say_which_look_like_the_same_qualification()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        (await DfeImport.FromFile(cs, new OfqualFundedImport(), DfeData.Funded)).Errors.ShouldBeEmpty();
        var early = await DfeImport.FromFile(cs, new DfeEarlyYearsImport(), DfeData.FullList);
        early.Errors.ShouldBeEmpty();
        early.New.ShouldBe(279);
        early.Notes.ShouldContain(n => n.StartsWith("line ") && n.Contains(": EYQ-240 may be the same qualification as 603/5829/4 T Level Technical Qualification in Education and Early Years (Level 3) (delivered by NCFE) (its Ofqual number)"));
        // The funded list's "Training Qualifications UK Ltd" and the early years list's three spellings are one organisation.
        (await DfeImport.Count(cs, "select count(*) from organisation where name = 'Training Qualifications UK'")).ShouldBe(1);
        var fundedAgain = await DfeImport.FromFile(cs, new OfqualFundedImport(), DfeData.Funded);
        (fundedAgain.New, fundedAgain.Updated, fundedAgain.Unchanged).ShouldBe((0, 0, 255));
        fundedAgain.Notes.ShouldContain(n => n.Contains(": 603/5829/4 may be the same qualification as EYQ-") && n.Contains("(which gives this Ofqual number)"));
    }

    /// <summary>A funded record as one line: title | type | status | level | body | ssa | start | end | url.</summary>
    private static Task<string> Funded(string cs, string reference) => TestPostgres.ScalarAsync<string>(cs, $"""
        select concat_ws(' | ', q.title, q.type, q.status,
                 coalesce((select string_agg(l.level_code::text, '/' order by l.ordinal) from qualification_level ql join level_lookup l on l.level_id = ql.level_id
                           where ql.qualification_id = q.id and ql.is_primary and l.framework_code = 'RQF'), '-'),
                 coalesce(o.name::text, '-'), coalesce(a.code, '-'), coalesce(q.operational_start::text, '-'), coalesce(q.operational_end::text, '-'),
                 coalesce((select e.url from link_owner lo join external_link e on e.id = lo.link_id where lo.qualification_id = q.id), '-'))
        from qualification q left join organisation o on o.id = q.awarding_body_id left join sector_subject_area a on a.id = q.sector_subject_area_id
        where q.reference = '{reference}'
        """);
}

public class DfeEarlyYearsImportTests
{
    private const string Header = "Qualification Ref,Qualification Level,From which date,To which date,Qualification Name,Awarding Organisation Title,Qualification Number,Notes/Additional Requirements,AdditionalRequirementQuestions,RatioRequirements";

    [Theory]
    [InlineData("Sep-14", false, "2014-09-01")]
    [InlineData("Aug-14", true, "2014-08-31")]
    [InlineData("Feb-24", true, "2024-02-29")]
    [InlineData("jan-23", true, "2023-01-31")]
    [InlineData("Sep-2014", false, "2014-09-01")]
    [InlineData("Sep-96", false, "1996-09-01")]
    [InlineData("null", true, null)]
    public void Mon_YY_cells_are_the_first_or_last_day_of_their_month(string cell, bool lastDay, string? expected)
    {
        var (value, error) = DfeEarlyYearsImport.ReadMonth(cell, lastDay);
        error.ShouldBeNull();
        value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("EYQ-901,3,2014-09-01,,A title,NCFE,,None,,", "From which date", "'2014-09-01' is not a month in the form Mon-YY (for example Sep-14), or null")]
    [InlineData("EYQ-901,3,Sep-14,Sept-24,A title,NCFE,,None,,", "To which date", "'Sept-24' is not a month in the form Mon-YY")]
    [InlineData("EYQ-901,3,Sep-14,Aug-14,A title,NCFE,,None,,", "To which date", "ends (2014-08-31) before the window starts (2014-09-01)")]
    [InlineData("EYQ-901,9,Sep-14,,A title,NCFE,,None,,", "Qualification Level", "RQF has no level 9")]
    [InlineData("EYQ-901,Level X,Sep-14,,A title,NCFE,,None,,", "Qualification Level", "is not a level")]
    [InlineData("EYQ-901,3,Sep-14,,A title,Nobody Awards,,None,,", "Awarding Organisation Title", "no organisation has the name, acronym or alias 'Nobody Awards'")]
    [InlineData("Q-901,3,Sep-14,,A title,NCFE,,None,,", "Qualification Ref", "is not an early years list reference")]
    [InlineData(",3,Sep-14,,A title,NCFE,,None,,", "Qualification Ref", "is required but empty")]
    public async Task Bad_cells_are_errors_with_line_and_column_and_nothing_is_written(string row, string column, string message)
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        var history = await DfeImport.Count(cs, "select count(*) from history");
        var organisations = await DfeImport.Count(cs, "select count(*) from organisation");
        var report = await DfeImport.FromText(cs, new DfeEarlyYearsImport(),
            $"{Header}\nEYQ-900,2,null,Aug-14,Edexcel (now Pearson Education Ltd) first row,Edexcel (now Pearson Education Ltd),,None,,\n{row}\n");
        var error = report.Errors.ShouldHaveSingleItem();
        (error.Line, error.Column).ShouldBe((3, column));
        error.Message.ShouldContain(message);
        report.Written.ShouldBeFalse();
        (await DfeImport.Count(cs, "select count(*) from qualification")).ShouldBe(0);
        (await DfeImport.Count(cs, "select count(*) from role_qualification")).ShouldBe(0);
        (await DfeImport.Count(cs, "select count(*) from organisation_alias where alias = 'Edexcel (now Pearson Education Ltd)'")).ShouldBe(0);
        (await DfeImport.Count(cs, "select count(*) from organisation")).ShouldBe(organisations);
        (await DfeImport.Count(cs, "select count(*) from history")).ShouldBe(history);
    }

    [Fact]
    public async Task Without_the_practitioner_role_the_list_has_nowhere_to_put_its_windows()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: false);
        var report = await DfeImport.FromText(cs, new DfeEarlyYearsImport(), $"{Header}\nEYQ-1,3,Sep-14,,A title,Various Awarding Organisations,,None,,\n");
        // (An unseeded database has no levels either: that is the row's own error.)
        var error = report.Errors[0];
        (error.Line, error.Column).ShouldBe((1, null));
        error.Message.ShouldStartWith("no role is titled or aliased Early years practitioner or Early years educator");
        (await DfeImport.Count(cs, "select count(*) from qualification")).ShouldBe(0);
    }

    [Fact]
    public async Task An_unknown_column_is_an_error()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        var report = await DfeImport.FromText(cs, new DfeEarlyYearsImport(), $"{Header},Extra\nEYQ-1,3,Sep-14,,A title,NCFE,,None,,,x\n");
        var error = report.Errors.ShouldHaveSingleItem();
        (error.Line, error.Column).ShouldBe((1, "Extra"));
        error.Message.ShouldContain("unknown column");
    }

    [Fact]
    public async Task Malformed_numbers_are_reported_and_not_stored_and_bodies_that_are_no_body_stay_empty()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        var report = await DfeImport.FromText(cs, new DfeEarlyYearsImport(), $"""
            {Header}
            EYQ-901,3,Sep-14,,Level 3 Diploma in Something,NCFE,603/7741/0/,None,,
            EYQ-902,5,Sep-14,Aug-24,Foundation Degree in Early Years,Various Awarding Organisations,Not required,Must include assessed practice,,
            EYQ-903,3,Feb-23,,Level 3 Diploma in Something Else,City and Guilds,60358294,None,,
            """);
        report.Errors.ShouldBeEmpty();
        report.Notes.ShouldBe(["line 2: EYQ-901: Qualification Number '603/7741/0/' is not an Ofqual number (NNN/NNNN/C); it is not stored"]);
        (await DfeImport.EarlyYears(cs, "EYQ-901")).ShouldBe("Level 3 Diploma in Something | diploma | 3 | NCFE | 2014-09-01 | - | -");
        (await DfeImport.EarlyYears(cs, "EYQ-902")).ShouldBe("Foundation Degree in Early Years | foundation-degree | 5 | - | 2014-09-01 | 2024-08-31 | -");
        (await DfeImport.EarlyYears(cs, "EYQ-903")).ShouldBe("Level 3 Diploma in Something Else | diploma | 3 | City & Guilds | 2023-02-01 | - | Ofqual number: 603/5829/4");
        (await TestPostgres.ScalarAsync<string>(cs, "select rq.conditions from role_qualification rq join qualification q on q.id = rq.qualification_id where q.reference = 'EYQ-902'"))
            .ShouldBe("Must include assessed practice");
    }

    [Fact]
    public async Task A_type_corrected_by_hand_is_kept_and_a_dry_run_writes_nothing()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        var csv = $"{Header}\nEYQ-901,3,null,Aug-14,Montessori Diploma,Brand New Montessori College,,None,,\n";
        var dry = await DfeImport.FromText(cs, new DfeEarlyYearsImport(), csv, new ImportOptions("test", DryRun: true, CreateOrganisations: true));
        dry.Errors.ShouldBeEmpty();
        dry.New.ShouldBe(1);
        dry.Notes.ShouldBe(["creates the organisation Brand New Montessori College (type awarding-body)"]);
        (await DfeImport.Count(cs, "select count(*) from qualification")).ShouldBe(0);
        (await DfeImport.Count(cs, "select count(*) from organisation where name = 'Brand New Montessori College'")).ShouldBe(0);

        (await DfeImport.FromText(cs, new DfeEarlyYearsImport(), csv, new ImportOptions("test", CreateOrganisations: true))).Written.ShouldBeTrue();
        await TestPostgres.ExecAsync(cs, "update qualification set type = 'professional-standards' where reference = 'EYQ-901'");
        var again = await DfeImport.FromText(cs, new DfeEarlyYearsImport(), csv);
        (again.New, again.Updated, again.Unchanged).ShouldBe((0, 0, 1));
    }
}

public class DfeFundedImportTests
{
    private const string Header = "QualificationNumber,QualificationName,AwardingOrganisation,Level,QualificationType,Subcategory,SectorSubjectArea,Status,Age1619_FundingAvailable,Age1619_FundingApprovalStartDate,Age1619_FundingApprovalEndDate,Age1619_Notes";

    [Theory]
    [InlineData("60358294,A title,NCFE,Level 9,Vocationally-Related Qualification,,Child development and well-being,Approved,True,01/09/2020,31/07/2026,", "Level", "RQF has no level 9")]
    [InlineData("60358294,A title,NCFE,Level One,Vocationally-Related Qualification,,Child development and well-being,Approved,True,01/09/2020,31/07/2026,", "Level", "is not a level")]
    [InlineData("6035829,A title,NCFE,Level 3,Vocationally-Related Qualification,,Child development and well-being,Approved,True,01/09/2020,31/07/2026,", "QualificationNumber", "is not an Ofqual qualification number")]
    [InlineData("60358294,A title,NCFE,Level 3,Vocationally-Related Qualification,,Child development and well-being,Pending,True,01/09/2020,31/07/2026,", "Status", "'Pending' is not a status of the list")]
    [InlineData("60358294,A title,NCFE,Level 3,Vocationally-Related Qualification,,Child development,Approved,True,01/09/2020,31/07/2026,", "SectorSubjectArea", "there is no sector subject area with the code or name 'Child development'")]
    [InlineData("60358294,A title,NCFE,Level 3,Vocationally-Related Qualification,,Child development and well-being,Approved,True,2020-09-01,31/07/2026,", "Age1619_FundingApprovalStartDate", "is not a date in the form DD/MM/YYYY")]
    [InlineData("60358294,A title,NCFE,Level 3,Vocationally-Related Qualification,,Child development and well-being,Approved,Yes,01/09/2020,31/07/2026,", "Age1619_FundingAvailable", "is not true or false")]
    [InlineData("60358294,A title,NCFE,Level 3,Vocationally-Related Qualification,,Child development and well-being,Approved,True,01/09/2026,31/07/2026,", "Age1619_FundingApprovalEndDate", "is before Age1619_FundingApprovalStartDate")]
    [InlineData("60358294,A title,Nobody Awards,Level 3,Vocationally-Related Qualification,,Child development and well-being,Approved,True,01/09/2020,31/07/2026,", "AwardingOrganisation", "no organisation has the name, acronym or alias 'Nobody Awards'")]
    public async Task Bad_cells_are_errors_with_line_and_column_and_nothing_is_written(string row, string column, string message)
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        var history = await DfeImport.Count(cs, "select count(*) from history");
        var report = await DfeImport.FromText(cs, new OfqualFundedImport(), $"{Header}\n60000001,Fine,NCFE,Level 2,Occupational Qualification,,Health and social care,Approved,False,,,\n{row}\n");
        var error = report.Errors.ShouldHaveSingleItem();
        (error.Line, error.Column).ShouldBe((3, column));
        error.Message.ShouldContain(message);
        (await DfeImport.Count(cs, "select count(*) from qualification")).ShouldBe(0);
        (await DfeImport.Count(cs, "select count(*) from history")).ShouldBe(history);
    }

    [Fact]
    public async Task Combined_levels_types_unknown_to_us_and_an_empty_web_address_are_handled()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        var report = await DfeImport.FromText(cs, new OfqualFundedImport(), $"""
            {Header},AwardingOrganisationURL
            60000001,Award One,NCFE,Entry Level/Level 1,Something New,,Preparation for work,Approved,True,01/09/2020,31/07/2026,,https://www.ncfe.org.uk/one
            60000002,Award Two,City and Guilds of London Institute,Level 2/3,GCSE (9 to 1),,1.5,Available to learners,False,,,,www.cityandguilds.com/two
            """);
        report.Errors.ShouldBeEmpty();
        report.Notes.ShouldBe([
            "line 3: 600/0000/2: AwardingOrganisationURL 'www.cityandguilds.com/two' is not a web address (http or https); it is not stored",
            "1 row(s) have the qualification type 'Something New', which this import does not know: imported as other, the name kept in the notes (first on line 2)",
        ], ignoreOrder: true);
        (await DfeImport.Count(cs, "select count(*) from link_owner where qualification_id is not null")).ShouldBe(1);
        (await TestPostgres.ScalarAsync<string>(cs, """
            select string_agg(q.reference || ' ' || q.type || ' ' || (select string_agg(l.level_code::text, '/' order by l.ordinal) from qualification_level ql
                     join level_lookup l on l.level_id = ql.level_id where ql.qualification_id = q.id and ql.is_primary) || ' ' || coalesce(q.operational_end::text, '-'), '; ' order by q.reference)
            from qualification q
            """)).ShouldBe("600/0000/1 other Entry/1 2026-07-31; 600/0000/2 other 2/3 -");

        // The page stays when a later list has none for it.
        var again = await DfeImport.FromText(cs, new OfqualFundedImport(),
            $"{Header},AwardingOrganisationURL\n60000001,Award One,NCFE,Entry Level/Level 1,Something New,,Preparation for work,Approved,True,01/09/2020,31/07/2026,,\n");
        (again.New, again.Updated, again.Unchanged).ShouldBe((0, 0, 1));
        (await TestPostgres.ScalarAsync<string>(cs, "select e.url from link_owner lo join external_link e on e.id = lo.link_id join qualification q on q.id = lo.qualification_id where q.reference = '600/0000/1'"))
            .ShouldBe("https://www.ncfe.org.uk/one");
    }
}

public class DfeLevelSpellingTests
{
    [Theory]
    [InlineData("Entry Level", "Entry")]
    [InlineData("Level 1", "1")]
    [InlineData("Level 8", "8")]
    [InlineData("Level 1/2", "1/2")]
    [InlineData("Level 2/3", "2/3")]
    [InlineData("Level 1/Level 2", "1/2")]
    [InlineData("Entry Level/Level 1", "Entry/1")]
    [InlineData("Entry 3", "Entry 3")]
    public void The_levels_of_the_national_funded_list_are_understood(string text, string codes) =>
        string.Join('/', LevelSpelling.Parse(text)!).ShouldBe(codes);
}
