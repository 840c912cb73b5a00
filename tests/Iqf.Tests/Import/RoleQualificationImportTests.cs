using Iqf.Data.Import;
using Iqf.Data.Import.Kinds;
using Iqf.Data.Interchange;
using Iqf.Tests.Support;
using static Iqf.Tests.Import.ImportTestKit;

namespace Iqf.Tests.Import;

public class RoleQualificationImportTests
{
    private static Task<ImportReport> Import(string cs, string csv, ImportOptions? options = null) =>
        ImportTestKit.Import(cs, new RoleQualificationImport(), csv, options);

    private static readonly string[] Tables = ["role_qualification"];

    [Fact]
    public async Task The_sample_links_exported_imported_into_a_database_without_them_and_exported_again_are_byte_identical()
    {
        var sample = await NewDatabaseAsync(sample: true);
        var first = await Export(sample, RoleQualificationExport.WriteAsync);
        first.Split("\r\n")[0].ShouldBe("role,qualification_reference,relevance,requirement,significant,valid_from,valid_to,conditions");
        first.ShouldContain("Nursery nurse,CYPW-L3,core,required,true,2010-09-01,2014-08-31,To count as Level 3 staff in early years staff:child ratios");

        var empty = await NewDatabaseAsync(sample: true);
        await TestPostgres.ExecAsync(empty, "delete from role_qualification");
        var report = await Import(empty, first);
        report.Errors.ShouldBeEmpty();
        report.New.ShouldBe(78);
        (await Export(empty, RoleQualificationExport.WriteAsync)).ShouldBe(first);

        var history = await Count(empty, "select count(*) from history");
        var again = await Import(empty, first);
        (again.New, again.Updated, again.Unchanged).ShouldBe((0, 0, 78));
        (await Count(empty, "select count(*) from history")).ShouldBe(history);
    }

    [Fact]
    public async Task The_sample_file_imports_as_the_seeder_loads_it()
    {
        var sample = await NewDatabaseAsync(sample: true);
        var history = await Count(sample, "select count(*) from history");
        var report = await Import(sample, SampleFile("role-qualifications.csv"));
        report.Errors.ShouldBeEmpty();
        (report.New, report.Updated, report.Unchanged).ShouldBe((0, 0, 78));
        (await Count(sample, "select count(*) from history")).ShouldBe(history);
    }

    [Fact]
    public async Task Defaults_fill_empty_cells_and_roles_and_references_match_in_other_spellings()
    {
        var sample = await NewDatabaseAsync(sample: true);
        await TestPostgres.ExecAsync(sample, "delete from role_qualification");
        var report = await Import(sample, """
            role,qualification_reference,significant,conditions
            nursery  NURSE,eye-l3,,
            Social worker,ba-sw,false,Or an equivalent degree
            """);
        report.Errors.ShouldBeEmpty();
        report.New.ShouldBe(2);
        (await Text(sample, """
            select string_agg(r.title || '|' || q.reference || '|' || rq.relevance || '|' || rq.requirement || '|' || rq.significant || '|' || coalesce(rq.conditions, '-'), '; ' order by r.title)
            from role_qualification rq join job_role r on r.id = rq.job_role_id join qualification q on q.id = rq.qualification_id
            """)).ShouldBe("Nursery nurse|EYE-L3|core|recommended|true|-; Social worker|BA-SW|core|recommended|false|Or an equivalent degree");
        (await Count(sample, "select count(*) from history where table_name = 'role_qualification' and operation = 'I' and actor = 'test:importer'")).ShouldBe(2);
    }

    [Fact]
    public async Task Reimporting_changes_only_what_changed_field_by_field()
    {
        var sample = await NewDatabaseAsync(sample: true);
        var history = await Count(sample, "select max(id) from history");
        var report = await Import(sample, """
            role,qualification_reference,relevance,requirement,significant,valid_from,valid_to,conditions
            Nursery nurse,CYPW-L3,core,required,true,2010-09-01,2014-08-31,To count as Level 3 staff in early years staff:child ratios
            Nursery nurse,EYE-L3,core,required,true,2014-09-01,2024-08-31,To count as Level 3 staff in early years staff:child ratios
            Nursery assistant,CYPW-L3,core,recommended,true,,,
            """);
        report.Errors.ShouldBeEmpty();
        (report.New, report.Updated, report.Unchanged).ShouldBe((0, 2, 1));
        report.Changes.Select(c => (c.Line, c.Key)).ShouldBe([(3L, "Nursery nurse / EYE-L3"), (4L, "Nursery assistant / CYPW-L3")]);
        report.Changes[0].Fields.ShouldBe([new FieldChange("valid_to", null, "2024-08-31")]);
        report.Changes[1].Fields.ShouldBe([new FieldChange("relevance", "general", "core")]);
        (await Text(sample, $"select string_agg(distinct table_name || ' ' || operation, ', ') from history where id > {history}"))
            .ShouldBe("role_qualification U");
        (await Count(sample, $"select count(*) from history where id > {history}")).ShouldBe(2);
    }

    [Fact]
    public async Task A_dry_run_reports_the_changes_and_writes_nothing()
    {
        var sample = await NewDatabaseAsync(sample: true);
        var before = await Footprint(sample, Tables);
        var report = await Import(sample, "role,qualification_reference,requirement\nNursery nurse,NNEB-DNN,required\nSocial worker,QTS,\n",
            new ImportOptions("test", DryRun: true));
        report.Errors.ShouldBeEmpty();
        report.Written.ShouldBeFalse();
        (report.New, report.Updated).ShouldBe((1, 1));
        report.Changes.Single(c => c.Action == "updated").Fields.ShouldBe([new FieldChange("requirement", "accepted", "required")]);
        report.Changes.Single(c => c.Action == "new").Fields.ShouldBe([new FieldChange("requirement", null, "recommended")]);
        (await Footprint(sample, Tables)).ShouldBe(before);
    }

    [Theory]
    [InlineData("role,qualification_reference\nNo such role,EYE-L3\n", 2, "role", "there is no role titled 'No such role'")]
    [InlineData("role,qualification_reference\nEarly years practitioner,EYE-L3\n", 2, "role", "there is no role titled 'Early years practitioner' (import roles first, or use the role's title rather than an alias)")]
    [InlineData("role,qualification_reference\nNursery nurse,NO-SUCH-QUAL\n", 2, "qualification_reference", "there is no qualification NO-SUCH-QUAL")]
    [InlineData("role,qualification_reference\nNursery nurse,12/34\n", 2, "qualification_reference", "is not a qualification reference")]
    [InlineData("role,qualification_reference,relevance\nNursery nurse,EYE-L3,central\n", 2, "relevance", "is not one of core, general")]
    [InlineData("role,qualification_reference,requirement\nNursery nurse,EYE-L3,mandatory\n", 2, "requirement", "is not one of required, recommended, accepted")]
    [InlineData("role,qualification_reference,significant\nNursery nurse,EYE-L3,yes\n", 2, "significant", "is not true or false")]
    [InlineData("role,qualification_reference,valid_from\nNursery nurse,EYE-L3,Sep-14\n", 2, "valid_from", "is not a date in the form YYYY-MM-DD")]
    [InlineData("role,qualification_reference,valid_from,valid_to\nNursery nurse,EYE-L3,2014-09-01,2014-08-31\n", 2, "valid_to", "is before valid_from")]
    [InlineData("role,qualification_reference\nNursery nurse,EYE-L3\nnursery nurse,eye-l3\n", 3, "qualification_reference", "the same role and qualification as line 2")]
    [InlineData("role,qualification_reference,level\nNursery nurse,EYE-L3,3\n", 1, "level", "unknown column")]
    [InlineData("role\nNursery nurse\n", 1, "qualification_reference", "required column is missing")]
    public async Task Bad_input_is_reported_with_line_and_column_and_nothing_is_written(string csv, long line, string column, string message)
    {
        var sample = await NewDatabaseAsync(sample: true);
        var before = await Footprint(sample, Tables);
        var report = await Import(sample, csv);
        report.Written.ShouldBeFalse();
        var error = report.Errors.ShouldHaveSingleItem();
        (error.Line, error.Column).ShouldBe((line, column));
        error.Message.ShouldContain(message);
        (await Footprint(sample, Tables)).ShouldBe(before);
    }
}
