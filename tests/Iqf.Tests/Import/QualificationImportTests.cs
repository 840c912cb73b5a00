using System.Text;
using Iqf.Data.Import;
using Iqf.Data.Import.Kinds;
using Iqf.Data.Interchange;
using Iqf.Tests.Support;
using Npgsql;

namespace Iqf.Tests.Import;

public class QualificationImportTests
{
    private static Task<ImportReport> Import(string cs, string csv, ImportOptions? options = null) =>
        Importer.RunAsync(cs, new QualificationImport(), new MemoryStream(Encoding.UTF8.GetBytes(csv)), "qualifications.csv",
            options ?? new ImportOptions("test:importer"));

    private static async Task<string> Export(string cs, InterchangeExports.Writer writer)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        var text = new StringWriter();
        await writer(conn, null, text, default);
        return text.ToString();
    }

    private static Task<long> Count(string cs, string sql) => TestPostgres.ScalarAsync<long>(cs, sql);

    [Fact]
    public async Task The_sample_qualifications_exported_imported_into_an_empty_database_and_exported_again_are_byte_identical()
    {
        var sample = await TestPostgres.CreateDatabaseAsync(seeded: true);
        await new Iqf.Data.Seeding.Seeder(sample, "test").RunAsync(sample: true);
        var first = await Export(sample, QualificationExport.WriteAsync);

        var empty = await TestPostgres.CreateDatabaseAsync(seeded: true);
        // The sample knowingly holds a likely duplicate (DCE-L3 beside CACHE-DCE), which the import catches.
        var careful = await Import(empty, first);
        careful.Errors.ShouldHaveSingleItem().Message.ShouldContain("(CACHE-DCE)");
        var report = await Import(empty, first, new ImportOptions("test:importer", AllowSimilar: true));
        report.Errors.ShouldBeEmpty();
        report.New.ShouldBe((int)await Count(sample, "select count(*) from qualification"));
        (await Export(empty, QualificationExport.WriteAsync)).ShouldBe(first);

        var again = await Import(empty, first, new ImportOptions("test:importer", AllowSimilar: true));
        (again.New, again.Updated).ShouldBe((0, 0));
    }

    [Fact]
    public async Task References_in_either_spelling_bodies_by_acronym_and_levels_in_common_spellings_are_understood()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        var report = await Import(cs, """
            reference,title,type,level,awarding_body,other_levels,sector_subject_area
            50112345,Level 3 Diploma for the Children's Workforce,diploma,Level 3,cache,QCF:3,1.5
            LOCAL-ONE,Award in Playwork,award,L1/2,City and Guilds,,
            """);
        report.Errors.ShouldBeEmpty();
        (await TestPostgres.ScalarAsync<string>(cs, """
            select string_agg(l.framework_code || ' ' || l.level_code || case when ql.is_primary then '*' else '' end, ', ' order by l.framework_code, l.ordinal)
            from qualification q join qualification_level ql on ql.qualification_id = q.id join level_lookup l on l.level_id = ql.level_id
            where q.reference = '501/1234/5'
            """)).ShouldBe("QCF 3, RQF 3*");
        (await Count(cs, "select count(*) from qualification_level ql join qualification q on q.id = ql.qualification_id where q.reference = 'LOCAL-ONE' and ql.is_primary")).ShouldBe(2);
        var reimport = await Import(cs, "reference,title,type,level\n501/1234/5,Level 3 Diploma for the Children's Workforce,diploma,3\n");
        (reimport.New, reimport.Updated, reimport.Unchanged).ShouldBe((0, 0, 1));
    }

    [Theory]
    [InlineData("reference,title,type\n12/34,A title,award\n", "reference", "is not a qualification reference")]
    [InlineData("reference,title,type,level\nAB-1,A title,award,Level 12\n", "level", "is not a level")]
    [InlineData("reference,title,type,level,framework\nAB-1,A title,award,9,QCF\n", "level", "QCF has no level 9")]
    [InlineData("reference,title,type,framework,level\nAB-1,A title,award,XYZ,3\n", "framework", "there is no level framework XYZ")]
    [InlineData("reference,title,type,awarding_body\nAB-1,A title,award,Nobody Awards\n", "awarding_body", "no organisation has the name, acronym or alias 'Nobody Awards'")]
    [InlineData("reference,title,type,credits\nAB-1,A title,award,-3\n", "credits", "is not a whole number")]
    [InlineData("reference,title,type,operational_start\nAB-1,A title,award,2024-02-30\n", "operational_start", "is not a date")]
    [InlineData("reference,title,type,other_levels\nAB-1,A title,award,QCF-3\n", "other_levels", "is not FRAMEWORK:LEVEL")]
    [InlineData("reference,title,type\nAB-1,A title,award\nab-1,Another,award\n", "reference", "the same qualification reference as line 2")]
    public async Task Bad_values_are_errors_naming_the_column_and_nothing_is_written(string csv, string column, string message)
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        var report = await Import(cs, csv);
        var error = report.Errors.ShouldHaveSingleItem();
        error.Column.ShouldBe(column);
        error.Message.ShouldContain(message);
        (await Count(cs, "select count(*) from qualification")).ShouldBe(0);
    }

    [Fact]
    public async Task Nearly_identical_titles_with_the_same_body_and_level_block_the_import_unless_allowed()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        (await Import(cs, "reference,title,type,level,awarding_body\nAB-1,Level 3 Diploma in Playwork,diploma,3,CACHE\n")).Written.ShouldBeTrue();
        const string csv = """
            reference,title,type,level,awarding_body
            AB-2,Level 3 Diploma in Playwork.,diploma,3,CACHE
            AB-3,Certificate in Youth Work Practice,certificate,2,CACHE
            AB-4,Certificate in Youth Work Practise,certificate,2,CACHE
            AB-5,Level 3 Diploma in Playwork,diploma,2,CACHE
            """;
        var blocked = await Import(cs, csv);
        blocked.Errors.Select(e => (e.Line, e.Column)).ShouldBe([(2, "title"), (4, "title")]);
        blocked.Errors[0].Message.ShouldContain("AB-1 Level 3 Diploma in Playwork");
        blocked.Errors[1].Message.ShouldContain("line 3 (AB-3)");
        var allowed = await Import(cs, csv, new ImportOptions("test", AllowSimilar: true));
        allowed.Errors.ShouldBeEmpty();
        allowed.New.ShouldBe(4);
    }

    [Fact]
    public async Task Unknown_awarding_bodies_can_be_created_on_request_and_the_dry_run_says_so()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        const string csv = "reference,title,type,awarding_body\nAB-1,A title,award,Brand New Awards\n";
        var dry = await Import(cs, csv, new ImportOptions("test", DryRun: true, CreateOrganisations: true));
        dry.Notes.ShouldBe(["creates the organisation Brand New Awards (type awarding-body)"]);
        (await Count(cs, "select count(*) from organisation where name = 'Brand New Awards'")).ShouldBe(0);
        var real = await Import(cs, csv, new ImportOptions("test", CreateOrganisations: true));
        real.Written.ShouldBeTrue();
        (await TestPostgres.ScalarAsync<string>(cs, "select o.name::text from qualification q join organisation o on o.id = q.awarding_body_id where q.reference = 'AB-1'"))
            .ShouldBe("Brand New Awards");
    }
}
