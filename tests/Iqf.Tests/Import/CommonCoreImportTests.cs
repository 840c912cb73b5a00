using Iqf.Data.Import;
using Iqf.Data.Import.Kinds;
using Iqf.Tests.Support;
using static Iqf.Tests.Import.ImportTestKit;

namespace Iqf.Tests.Import;

/// <summary>
/// The common-core format. Its exporter is written elsewhere, so the round trip here is the
/// sample file (which the seeder also loads) into a database holding only the sample
/// qualifications and modules.
/// </summary>
public class CommonCoreImportTests
{
    private static Task<ImportReport> Import(string cs, string csv, ImportOptions? options = null) => ImportTestKit.Import(cs, new CommonCoreImport(), csv, options);

    private static readonly string[] Tables = ["module_common_core", "qualification_common_core"];

    private const string Header = "qualification_reference,module_code,area,version,coverage,evidence\n";

    private static async Task<string> WithSampleModulesAsync()
    {
        var cs = await WithSampleQualificationsAsync();
        (await ImportTestKit.Import(cs, new ModuleImport(), SampleFile("modules.csv"))).Errors.ShouldBeEmpty();
        return cs;
    }

    private static async Task<string> WithSampleMappingsAsync()
    {
        var cs = await WithSampleModulesAsync();
        (await Import(cs, SampleFile("common-core.csv"))).Errors.ShouldBeEmpty();
        return cs;
    }

    private const string ModuleMappings = """
        select string_agg(m.code || '|' || a.number || '|' || v.code || '|' || x.coverage || '|' || coalesce(x.evidence, '-'), E'\n' order by m.code, a.number)
        from module_common_core x join module m on m.id = x.module_id join common_core_area a on a.id = x.area_id join common_core_version v on v.id = x.version_id
        """;

    private const string QualificationMappings = """
        select string_agg(q.reference || '|' || a.number || '|' || v.code || '|' || x.coverage || '|' || coalesce(x.evidence, '-'), E'\n' order by q.reference, a.number)
        from qualification_common_core x join qualification q on q.id = x.qualification_id join common_core_area a on a.id = x.area_id join common_core_version v on v.id = x.version_id
        """;

    [Fact]
    public async Task The_sample_file_imports_into_a_database_without_mappings_as_the_seeder_loads_it_and_again_changes_nothing()
    {
        var cs = await WithSampleModulesAsync();
        var report = await Import(cs, SampleFile("common-core.csv"));
        report.Errors.ShouldBeEmpty();
        (report.Rows, report.New, report.Updated).ShouldBe((110, 110, 0));
        (await Count(cs, "select count(*) from module_common_core")).ShouldBe(97);
        (await Count(cs, "select count(*) from qualification_common_core")).ShouldBe(13);

        // Hand-checked rows of seed/sample/common-core.csv.
        (await Text(cs, QualificationMappings + " where q.reference = 'EYPS'"))
            .ShouldBe("""
                EYPS|1|2005|full|Standards on communicating with children and families
                EYPS|2|2005|full|Covers child and young person development
                EYPS|3|2005|full|Covers safeguarding and promoting welfare
                EYPS|4|2005|partial|One standard on supporting transitions
                EYPS|5|2005|full|Standards on teamwork and collaboration
                EYPS|6|2005|partial|Partly covers recording and sharing information appropriately
                """);
        (await Text(cs, ModuleMappings + " where m.code in ('CCLD301', 'QTS-TS5')"))
            .ShouldBe("""
                CCLD301|1|2005|full|Whole unit on communication and relationships with children and adults
                CCLD301|6|2005|partial|Confidentiality of information
                QTS-TS5|2|2010|partial|Knowledge of how children develop and learn
                """);
        (await Text(cs, QualificationMappings + " where q.reference = 'QTS' and a.number = 2"))
            .ShouldBe("QTS|2|2010|full|Covers child and young person development");

        // The same content as the seeder's.
        var seeded = await NewDatabaseAsync(sample: true);
        (await Text(cs, ModuleMappings)).ShouldBe(await Text(seeded, ModuleMappings));
        (await Text(cs, QualificationMappings)).ShouldBe(await Text(seeded, QualificationMappings));

        var history = await Count(cs, "select count(*) from history");
        var again = await Import(cs, SampleFile("common-core.csv"));
        (again.New, again.Updated, again.Unchanged).ShouldBe((0, 0, 110));
        (await Count(cs, "select count(*) from history")).ShouldBe(history);
    }

    [Fact]
    public async Task A_module_mapping_repeated_through_other_qualifications_is_one_mapping()
    {
        var cs = await WithSampleMappingsAsync();
        var history = await Count(cs, "select count(*) from history");
        var same = await Import(cs, Header + """
            NVQ3-CCLD,CCLD301,1,2005,full,Whole unit on communication and relationships with children and adults
            NVQ3-CCLD-CG,CCLD301,1,2005,full,Whole unit on communication and relationships with children and adults
            PW-NVQ3,ccld301,Effective communication and engagement,2005,,Whole unit on communication and  relationships with children and adults
            """);
        same.Errors.ShouldBeEmpty();
        (same.Rows, same.New, same.Updated, same.Unchanged).ShouldBe((3, 0, 0, 1));
        (await Count(cs, "select count(*) from history")).ShouldBe(history);

        var added = await Import(cs, Header + """
            NVQ3-CCLD-CG,CCLD301,4,2010,partial,Settling children into a new setting
            PW-NVQ3,CCLD301,Supporting transitions,,partial,Settling children into a new setting
            """);
        added.Errors.ShouldBeEmpty();
        (added.New, added.Updated, added.Unchanged).ShouldBe((1, 0, 0));
        added.Changes.ShouldHaveSingleItem().Key.ShouldBe("NVQ3-CCLD-CG / CCLD301 / area 4");
        (await Text(cs, ModuleMappings + " where m.code = 'CCLD301' and a.number = 4"))
            .ShouldBe("CCLD301|4|2010|partial|Settling children into a new setting");
    }

    [Fact]
    public async Task Reimporting_changes_only_what_changed_field_by_field_and_ignores_quote_and_dash_style()
    {
        var cs = await WithSampleMappingsAsync();
        var history = await Count(cs, "select max(id) from history");
        var report = await Import(cs, Header + """
            EYPS,,Supporting transitions,2005,full,One standard on supporting transitions
            CACHE-DCE,DCE-01,1,2005,partial,"Partly covers communicating and engaging with children, young people and families"
            CACHE-DCE,DCE-01,2,2010,full,Development from conception to 16 across all domains
            CACHE-DCE,DCE-02,3,2010,full,Recognising and responding to abuse;  safeguarding procedures
            CACHE-DCE,DCE-02,6,2010,partial,Partly covers recording and sharing information “appropriately”
            NVQ3-CCLD,CCLD305,3,2005,full,Child protection procedures and children’s rights
            """);
        report.Errors.ShouldBeEmpty();
        (report.New, report.Updated, report.Unchanged).ShouldBe((0, 3, 3));
        report.Changes.Select(c => (c.Key, string.Join(", ", c.Fields.Select(f => $"{f.Field}: {f.Before} -> {f.After}")))).ShouldBe(
        [
            ("EYPS / area 4", "coverage: partial -> full"),
            ("CACHE-DCE / DCE-01 / area 1", "version: 2010 -> 2005"),
            ("CACHE-DCE / DCE-02 / area 6", "evidence: Partly covers recording and sharing information appropriately -> Partly covers recording and sharing information “appropriately”"),
        ]);
        (await Text(cs, $"select string_agg(distinct table_name || ' ' || operation, ', ') from history where id > {history}"))
            .ShouldBe("module_common_core U, qualification_common_core U");
        (await Count(cs, $"select count(*) from history where id > {history}")).ShouldBe(3);
        // Unchanged rows keep their stored spelling.
        (await Text(cs, "select x.evidence from module_common_core x join module m on m.id = x.module_id join common_core_area a on a.id = x.area_id where m.code = 'CCLD305' and a.number = 3"))
            .ShouldBe("Child protection procedures and children's rights");
    }

    [Fact]
    public async Task A_dry_run_reports_the_changes_and_writes_nothing()
    {
        var cs = await WithSampleMappingsAsync();
        var before = await Footprint(cs, Tables);
        var report = await Import(cs, Header + """
            EYE-L3,,4,,,
            EYE-L3,EYE01,1,2010,full,
            """, new ImportOptions("test", DryRun: true));
        report.Errors.ShouldBeEmpty();
        report.Written.ShouldBeFalse();
        (report.New, report.Updated).ShouldBe((1, 1));
        report.Changes[0].Fields.ShouldBe([new FieldChange("coverage", null, "full"), new FieldChange("version", null, "2010")]);
        report.Changes[1].Fields.ShouldBe(
        [
            new FieldChange("coverage", "partial", "full"),
            new FieldChange("evidence", "Partly covers communicating and engaging with children, young people and families", null),
        ]);
        (await Footprint(cs, Tables)).ShouldBe(before);
    }

    [Theory]
    [InlineData("NO-SUCH,,1,,,\n", 2, "qualification_reference", "there is no qualification NO-SUCH")]
    [InlineData("EYE-L3,NO-UNIT,1,,,\n", 2, "module_code", "there is no module NO-UNIT")]
    [InlineData("EYE-L3,CCLD301,1,,,\n", 2, "module_code", "qualification EYE-L3 does not contain module CCLD301")]
    [InlineData("EYE-L3,,7,,,\n", 2, "area", "'7' is not a Common Core area: 1 to 6, or an area's name in the 2005 or 2010 version")]
    [InlineData("EYE-L3,,Wellbeing,,,\n", 2, "area", "'Wellbeing' is not a Common Core area")]
    [InlineData("EYE-L3,,1,2020,,\n", 2, "version", "is not one of 2005, 2010")]
    [InlineData("EYE-L3,,1,,most,\n", 2, "coverage", "is not one of full, partial")]
    [InlineData("EYE-L3,,1,,,\neye-l3,,Effective communication and engagement,,,\n", 3, "area", "the same mapping as line 2")]
    [InlineData("EYE-L3,EYE01,1,,,\nEYE-L3,eye01,1,,,\n", 3, "area", "the same mapping as line 2")]
    [InlineData("NVQ3-CCLD,CCLD301,4,,,One thing\nPW-NVQ3,CCLD301,4,,,Another thing\n", 3, "evidence",
        "module CCLD301's mapping to area 4 is given on line 2 (through NVQ3-CCLD) with evidence 'One thing': a module maps to an area once")]
    [InlineData("NVQ3-CCLD,CCLD301,4,2005,,\nPW-NVQ3,CCLD301,4,,,\n", 3, "version", "with version '2005'")]
    [InlineData("EYE-L3,,,,,\n", 2, "area", "is required but empty")]
    public async Task Bad_input_is_reported_with_line_and_column_and_nothing_is_written(string rows, long line, string column, string message)
    {
        var cs = await WithSampleMappingsAsync();
        var before = await Footprint(cs, Tables);
        var report = await Import(cs, Header + rows);
        report.Written.ShouldBeFalse();
        var error = report.Errors.ShouldHaveSingleItem();
        (error.Line, error.Column).ShouldBe((line, column));
        error.Message.ShouldContain(message);
        (await Footprint(cs, Tables)).ShouldBe(before);
    }

    [Theory]
    [InlineData("qualification_reference,module_code,area,weight\nEYE-L3,,1,3\n", "weight", "unknown column")]
    [InlineData("qualification_reference,module_code\nEYE-L3,\n", "area", "required column is missing")]
    public async Task Bad_headers_are_reported_and_nothing_is_written(string csv, string column, string message)
    {
        var cs = await WithSampleMappingsAsync();
        var before = await Footprint(cs, Tables);
        var error = (await Import(cs, csv)).Errors.ShouldHaveSingleItem();
        (error.Line, error.Column).ShouldBe((1L, column));
        error.Message.ShouldContain(message);
        (await Footprint(cs, Tables)).ShouldBe(before);
    }
}
