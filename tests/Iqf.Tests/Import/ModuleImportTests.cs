using Iqf.Data.Import;
using Iqf.Data.Import.Kinds;
using Iqf.Tests.Support;
using static Iqf.Tests.Import.ImportTestKit;

namespace Iqf.Tests.Import;

/// <summary>
/// The modules format. Its exporter is written elsewhere, so the round trip here is the sample
/// file (which the seeder also loads) into a database holding only the sample qualifications.
/// </summary>
public class ModuleImportTests
{
    private static Task<ImportReport> Import(string cs, string csv, ImportOptions? options = null) => ImportTestKit.Import(cs, new ModuleImport(), csv, options);

    private static readonly string[] Tables = ["module", "qualification_module"];

    private const string Header = "qualification_reference,code,title,level,framework,credits,glh,mandatory,group\n";

    private static async Task<string> WithSampleModulesAsync()
    {
        var cs = await WithSampleQualificationsAsync();
        (await Import(cs, SampleFile("modules.csv"))).Errors.ShouldBeEmpty();
        return cs;
    }

    /// <summary>A qualification's modules as "code:position:mandatory:group", in position order.</summary>
    private static Task<string> Modules(string cs, string reference) => Text(cs, $"""
        select string_agg(m.code || ':' || qm.position || ':' || qm.mandatory || ':' || coalesce(qm.group_name, '-'), ' ' order by qm.position, m.code)
        from qualification_module qm join module m on m.id = qm.module_id join qualification q on q.id = qm.qualification_id where q.reference = '{reference}'
        """);

    [Fact]
    public async Task The_sample_file_imports_into_a_database_without_modules_as_the_seeder_loads_it_and_again_changes_nothing()
    {
        var cs = await WithSampleQualificationsAsync();
        var report = await Import(cs, SampleFile("modules.csv"));
        report.Errors.ShouldBeEmpty();
        (report.Rows, report.New, report.Updated).ShouldBe((102, 102, 0));
        (await Count(cs, "select count(*) from module")).ShouldBe(91);
        (await Count(cs, "select count(*) from qualification_module")).ShouldBe(102);

        // Hand-checked rows of seed/sample/modules.csv.
        (await Text(cs, """
            select string_agg(q.reference || ':' || qm.position, ' ' order by q.reference) from qualification_module qm
            join module m on m.id = qm.module_id join qualification q on q.id = qm.qualification_id where m.code = 'CCLD301'
            """)).ShouldBe("NVQ3-CCLD:0 NVQ3-CCLD-CG:0 PW-NVQ3:0");
        (await Modules(cs, "NVQ2-CCLD")).ShouldBe("CCLD201:0:true:- CCLD202:1:true:- CCLD203:2:true:- CCLD205:3:false:Optional units");
        (await Modules(cs, "CYPW-L3")).ShouldBe("SHC31:0:true:- CYPCORE31:1:true:- CYPCORE33:2:true:- CYPCORE36:3:true:- CYPOP5:4:false:Early learning and childcare pathway options");
        (await Text(cs, """
            select string_agg(m.code || ' ' || coalesce(l.framework_code || ' ' || l.level_code, '-') || ' ' || coalesce(m.credits::text, '-') || ' ' || coalesce(m.glh::text, '-') || ' ' || m.title, ' | ' order by m.code)
            from module m left join level_lookup l on l.level_id = m.level_id where m.code in ('CYPCORE31', 'FDEY101', 'NNEB-01', 'SHC31')
            """)).ShouldBe("CYPCORE31 QCF 3 4 30 Understand child and young person development | FDEY101 FHEQ 4 20 - Child development from birth to five | "
                           + "NNEB-01 NQF-PRE-2004 3 - - Physical care and development of the young child | "
                           + "SHC31 QCF 3 3 10 Promote communication in health, social care or children's and young people's settings");

        // The same content as the seeder's, positions included (both number a qualification's rows from 0).
        var seeded = await NewDatabaseAsync(sample: true);
        const string modules = "select string_agg(m.code || '|' || m.title || '|' || coalesce(m.level_id::text, '-') || '|' || coalesce(m.credits::text, '-') || '|' || coalesce(m.glh::text, '-'), E'\\n' order by m.code) from module m";
        (await Text(cs, modules)).ShouldBe(await Text(seeded, modules));
        const string places = """
            select string_agg(q.reference || '|' || m.code || '|' || qm.mandatory || '|' || coalesce(qm.group_name, '-') || '|' || qm.position, E'\n' order by q.reference, m.code)
            from qualification_module qm join module m on m.id = qm.module_id join qualification q on q.id = qm.qualification_id
            """;
        (await Text(cs, places)).ShouldBe(await Text(seeded, places));

        var history = await Count(cs, "select count(*) from history");
        var again = await Import(cs, SampleFile("modules.csv"));
        (again.New, again.Updated, again.Unchanged).ShouldBe((0, 0, 102));
        (await Count(cs, "select count(*) from history")).ShouldBe(history);
    }

    [Fact]
    public async Task Order_place_and_module_fields_are_changes_reported_field_by_field()
    {
        var cs = await WithSampleModulesAsync();
        var history = await Count(cs, "select max(id) from history");
        var report = await Import(cs, Header + """
            NVQ2-CCLD,CCLD202,Help to keep children safe,2,NQF,,,true,
            NVQ2-CCLD,CCLD201,Contribute to positive relationships,Level 2,nqf,,,true,
            NVQ2-CCLD,CCLD203,Support children’s development,2,NQF,5,,true,
            NVQ2-CCLD,CCLD205,Prepare and maintain environments to meet children's needs,2,NQF,,,true,
            """);
        report.Errors.ShouldBeEmpty();
        (report.New, report.Updated, report.Unchanged).ShouldBe((0, 4, 0));
        report.Changes.Select(c => (c.Key, string.Join(", ", c.Fields.Select(f => $"{f.Field}: {f.Before ?? "-"} -> {f.After ?? "-"}")))).ShouldBe(
        [
            ("NVQ2-CCLD / CCLD202", "position: 1 -> 0"),
            ("NVQ2-CCLD / CCLD201", "position: 0 -> 1"),
            ("NVQ2-CCLD / CCLD203", "credits: - -> 5"),
            ("NVQ2-CCLD / CCLD205", "group: Optional units -> -, mandatory: false -> true"),
        ]);
        (await Modules(cs, "NVQ2-CCLD")).ShouldBe("CCLD202:0:true:- CCLD201:1:true:- CCLD203:2:true:- CCLD205:3:true:-");
        // The curly apostrophe is the same title: the stored spelling stays.
        (await Text(cs, "select title || ' ' || credits from module where code = 'CCLD203'")).ShouldBe("Support children's development 5");
        (await Text(cs, $"select string_agg(distinct table_name || ' ' || operation, ', ') from history where id > {history}"))
            .ShouldBe("module U, qualification_module U");
    }

    [Fact]
    public async Task A_shared_module_is_renamed_through_a_qualification_that_has_it_once_for_all_its_qualifications()
    {
        var cs = await WithSampleModulesAsync();
        var history = await Count(cs, "select max(id) from history");
        var report = await Import(cs, Header + """
            NVQ3-CCLD,CCLD301,Develop and promote positive relationships with children,3,NQF,,,true,
            EYE-L3,EYE01,Support and promote children's early education and development,3,RQF,,,true,
            EYE-L3,CCLD301,Develop and promote positive relationships with children,3,NQF,,,false,Optional units
            """);
        report.Errors.ShouldBeEmpty();
        (report.New, report.Updated, report.Unchanged).ShouldBe((1, 1, 1));
        report.Changes.Single(c => c.Action == "updated").Fields.ShouldBe(
            [new FieldChange("title", "Develop and promote positive relationships", "Develop and promote positive relationships with children")]);
        (await Count(cs, "select count(*) from module where code = 'CCLD301' and title = 'Develop and promote positive relationships with children'")).ShouldBe(1);
        (await Text(cs, """
            select string_agg(q.reference, ' ' order by q.reference) from qualification_module qm join qualification q on q.id = qm.qualification_id
            join module m on m.id = qm.module_id where m.code = 'CCLD301'
            """)).ShouldBe("EYE-L3 NVQ3-CCLD NVQ3-CCLD-CG PW-NVQ3");
        // Rows not in the file keep their places (EYE05 and EYE06 stay at 1 and 2).
        (await Modules(cs, "EYE-L3")).ShouldBe("EYE01:0:true:- CCLD301:1:false:Optional units EYE05:1:true:- EYE06:2:true:-");
        (await Count(cs, $"select count(*) from history where id > {history} and table_name = 'module'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_new_module_given_for_two_qualifications_is_one_module_in_both()
    {
        var cs = await WithSampleModulesAsync();
        var report = await Import(cs, Header + """
            EYE-L3,EYE-NEW,Support children's transitions,3,RQF,2,15,false,Options
            CYPW-L3,eye-new,Support children's transitions,3,RQF,2,15,,
            """);
        report.Errors.ShouldBeEmpty();
        report.New.ShouldBe(2);
        (await Text(cs, "select string_agg(m.code || ' ' || m.title || ' ' || m.credits || ' ' || m.glh, ';') from module m where m.code = 'EYE-NEW'"))
            .ShouldBe("EYE-NEW Support children's transitions 2 15");
        (await Count(cs, "select count(*) from qualification_module qm join module m on m.id = qm.module_id where m.code = 'EYE-NEW' and qm.position = 0")).ShouldBe(2);
        (await Count(cs, "select count(*) from qualification_module qm join module m on m.id = qm.module_id where m.code = 'EYE-NEW' and qm.mandatory")).ShouldBe(1);
    }

    [Fact]
    public async Task A_dry_run_reports_the_changes_and_writes_nothing()
    {
        var cs = await WithSampleModulesAsync();
        var before = await Footprint(cs, Tables);
        var report = await Import(cs, Header + """
            EYE-L3,EYE01,Support and promote children's early education and development,3,RQF,10,,true,
            EYE-L3,DRY-01,A unit that never arrives,3,RQF,,,true,
            """, new ImportOptions("test", DryRun: true));
        report.Errors.ShouldBeEmpty();
        report.Written.ShouldBeFalse();
        (report.New, report.Updated).ShouldBe((1, 1));
        report.Changes[0].Fields.ShouldBe([new FieldChange("credits", null, "10")]);
        report.Changes[1].Fields.Select(f => f.Field).ShouldBe(["framework", "level", "mandatory", "position", "title"]);
        (await Footprint(cs, Tables)).ShouldBe(before);
    }

    [Theory]
    [InlineData("NO-SUCH,M-1,A unit,,,,,,\n", 2, "qualification_reference", "there is no qualification NO-SUCH (import qualifications first)")]
    [InlineData("EYE-L3,M-1,A unit,Level 12,,,,,\n", 2, "level", "is not a level")]
    [InlineData("EYE-L3,M-1,A unit,1/2,,,,,\n", 2, "level", "a module has one level, not 1/2")]
    [InlineData("EYE-L3,M-1,A unit,9,QCF,,,,\n", 2, "level", "QCF has no level 9")]
    [InlineData("EYE-L3,M-1,A unit,3,XYZ,,,,\n", 2, "framework", "there is no level framework XYZ")]
    [InlineData("EYE-L3,M-1,A unit,,,-1,,,\n", 2, "credits", "is not a whole number")]
    [InlineData("EYE-L3,M-1,A unit,,,,1.5,,\n", 2, "glh", "is not a whole number")]
    [InlineData("EYE-L3,M-1,A unit,,,,,yes,\n", 2, "mandatory", "is not true or false")]
    [InlineData("EYE-L3,M-1,A unit,,,,,,\neye-l3,m-1,A unit,,,,,,\n", 3, "code", "the same module in the same qualification as line 2")]
    [InlineData("EYE-L3,M-1,A unit,,,,,,\nCYPW-L3,M-1,Another unit,,,,,,\n", 3, "title", "module M-1 is titled 'A unit' on line 2: every row for one module must give the same title")]
    [InlineData("EYE-L3,M-1,A unit,3,,,,,\nCYPW-L3,M-1,A unit,2,,,,,\n", 3, "level", "module M-1 has level RQF 3 on line 2")]
    [InlineData("EYE-L3,M-1,A unit,,,4,,,\nCYPW-L3,M-1,A unit,,,,,,\n", 3, "credits", "module M-1 has credits 4 on line 2")]
    [InlineData("EYE-L3,CCLD301,Positive relationships,3,NQF,,,,\n", 2, "title",
        "module CCLD301 is already in the database with title 'Develop and promote positive relationships' (in NVQ3-CCLD, NVQ3-CCLD-CG, PW-NVQ3): a row adding it to another qualification must give the same title")]
    [InlineData("EYE-L3,CCLD301,Develop and promote positive relationships,3,NQF,6,,,\n", 2, "credits", "module CCLD301 is already in the database with credits '(empty)'")]
    [InlineData("EYE-L3,M-1,,,,,,,\n", 2, "title", "is required but empty")]
    public async Task Bad_input_is_reported_with_line_and_column_and_nothing_is_written(string rows, long line, string column, string message)
    {
        var cs = await WithSampleModulesAsync();
        var before = await Footprint(cs, Tables);
        var report = await Import(cs, Header + rows);
        report.Written.ShouldBeFalse();
        var error = report.Errors.ShouldHaveSingleItem();
        (error.Line, error.Column).ShouldBe((line, column));
        error.Message.ShouldContain(message);
        (await Footprint(cs, Tables)).ShouldBe(before);
    }

    [Theory]
    [InlineData("qualification_reference,code,title,unit_type\nEYE-L3,M-1,A unit,x\n", 1, "unit_type", "unknown column")]
    [InlineData("qualification_reference,code\nEYE-L3,M-1\n", 1, "title", "required column is missing")]
    [InlineData("qualification_reference,code,title,group\nEYE-L3,M-1,A unit,{long}\n", 2, "group", "is 101 characters long; at most 100 are allowed")]
    public async Task Bad_headers_and_overlong_cells_are_reported_too(string csv, long line, string column, string message)
    {
        var cs = await WithSampleModulesAsync();
        var before = await Footprint(cs, Tables);
        var report = await Import(cs, csv.Replace("{long}", new string('g', 101)));
        var error = report.Errors.ShouldHaveSingleItem();
        (error.Line, error.Column).ShouldBe((line, column));
        error.Message.ShouldContain(message);
        (await Footprint(cs, Tables)).ShouldBe(before);
    }
}
