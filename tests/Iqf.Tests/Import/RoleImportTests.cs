using Iqf.Data.Import;
using Iqf.Data.Import.Kinds;
using Iqf.Data.Interchange;
using Iqf.Tests.Support;
using static Iqf.Tests.Import.ImportTestKit;

namespace Iqf.Tests.Import;

public class RoleImportTests
{
    private static Task<ImportReport> Import(string cs, string csv, ImportOptions? options = null) => ImportTestKit.Import(cs, new RoleImport(), csv, options);

    private static readonly string[] Tables = ["job_role", "job_role_alias", "job_role_cluster"];

    [Fact]
    public async Task The_roles_exported_imported_into_a_database_without_roles_and_exported_again_are_byte_identical()
    {
        var sample = await NewDatabaseAsync(sample: true);
        var first = await Export(sample, RoleExport.WriteAsync);

        var empty = await NewDatabaseAsync();
        await TestPostgres.ExecAsync(empty, "delete from job_role");
        var report = await Import(empty, first);
        report.Errors.ShouldBeEmpty();
        report.New.ShouldBe((int)await Count(sample, "select count(*) from job_role"));
        (await Export(empty, RoleExport.WriteAsync)).ShouldBe(first);
        (await Count(empty, "select count(*) from job_role_cluster")).ShouldBe(await Count(sample, "select count(*) from job_role_cluster"));

        var history = await Count(empty, "select count(*) from history");
        var again = await Import(empty, first);
        (again.New, again.Updated, again.Unchanged).ShouldBe((0, 0, report.New));
        (await Count(empty, "select count(*) from history")).ShouldBe(history);
    }

    [Fact]
    public async Task Career_levels_by_name_clusters_in_any_case_and_spacing_and_bodies_by_acronym_are_understood()
    {
        var cs = await NewDatabaseAsync();
        var report = await Import(cs, """
            title,aliases,career_level,workforce,clusters,registration_body
            Forest school leader,Outdoor educator; Forest leader,senior support workers,wider,cws-2005:sport and leisure / outdoors;DFES-CW:Central,GSCC
            Family link worker,,4,central,,
            """);
        report.Errors.ShouldBeEmpty();
        (report.New, report.Updated).ShouldBe((2, 0));
        (await Text(cs, """
            select r.career_level || ' ' || r.workforce || ' ' || r.status || ' ' || o.name
                   || ' [' || (select string_agg(a.alias::text, ';' order by a.alias) from job_role_alias a where a.job_role_id = r.id) || ']'
                   || ' [' || (select string_agg(cp.scheme_code || ':' || cp.path, ';' order by cp.scheme_id) from job_role_cluster jc join cluster_path cp on cp.cluster_id = jc.cluster_id where jc.job_role_id = r.id) || ']'
            from job_role r join organisation o on o.id = r.registration_body_id where r.title = 'Forest school leader'
            """)).ShouldBe("3 wider established General Social Care Council [Forest leader;Outdoor educator] [CWS-2005:Sport and leisure/Outdoors;DFES-CW:Central]");
        (await Count(cs, "select count(*) from history where table_name = 'job_role' and operation = 'I' and actor = 'test:importer'")).ShouldBe(2);

        // The same roles in export spelling are unchanged.
        var same = await Import(cs, """
            title,aliases,career_level,workforce,status,clusters,registration_body
            Forest school leader,Forest leader;Outdoor educator,3,wider,established,CWS-2005:Sport and leisure/Outdoors;DFES-CW:Central,General Social Care Council
            """);
        same.Errors.ShouldBeEmpty();
        (same.New, same.Updated, same.Unchanged).ShouldBe((0, 0, 1));
    }

    [Fact]
    public async Task Reimporting_changes_only_what_changed_field_by_field_and_moves_a_cluster_within_its_scheme()
    {
        var cs = await NewDatabaseAsync();
        const string header = "title,aliases,description,career_level,clusters,mandatory_requirement\n";
        (await Import(cs, header + "Play ranger,Rover;Ranger,Plays outdoors,2,CWS-2005:Sport and leisure/Playwork;SSC:Skills for Health,\n")).Written.ShouldBeTrue();
        var history = await Count(cs, "select count(*) from history");

        var same = await Import(cs, header + "Play  ranger,Ranger ; Rover,Plays outdoors,Support Workers,CWS-2005:Sport and leisure/Playwork;SSC:Skills for Health,\n");
        (same.New, same.Updated, same.Unchanged).ShouldBe((0, 0, 1));
        (await Count(cs, "select count(*) from history")).ShouldBe(history);

        var lastHistory = await Count(cs, "select max(id) from history");
        var changed = await Import(cs, header + "Play ranger,Ranger,Plays outdoors,2,CWS-2005:Sport and leisure/Outdoors,DBS check\n");
        changed.Errors.ShouldBeEmpty();
        (changed.New, changed.Updated, changed.Unchanged).ShouldBe((0, 1, 0));
        changed.Changes.ShouldHaveSingleItem().Fields.ShouldBe(
        [
            new FieldChange("aliases", "Ranger;Rover", "Ranger"),
            new FieldChange("clusters", "CWS-2005:Sport and leisure/Playwork;SSC:Skills for Health", "CWS-2005:Sport and leisure/Outdoors"),
            new FieldChange("mandatory_requirement", null, "DBS check"),
        ]);
        (await Text(cs, """
            select string_agg(cp.scheme_code || ':' || cp.path, ';') from job_role_cluster jc join cluster_path cp on cp.cluster_id = jc.cluster_id
            join job_role r on r.id = jc.job_role_id where r.title = 'Play ranger'
            """)).ShouldBe("CWS-2005:Sport and leisure/Outdoors");
        // Moving within CWS-2005 is one update; leaving SSC and dropping an alias are one deletion each.
        (await Text(cs, $"""
            select string_agg(table_name || ' ' || operation, ', ' order by table_name, operation) from history where id > {lastHistory}
            """)).ShouldBe("job_role U, job_role_alias D, job_role_cluster D, job_role_cluster U");

        // An alias in another case is respelled, after which the file is unchanged.
        const string respelled = header + "Play ranger,RANGER,Plays outdoors,2,CWS-2005:Sport and leisure/Outdoors,DBS check\n";
        (await Import(cs, respelled)).Changes.ShouldHaveSingleItem().Fields.ShouldBe([new FieldChange("aliases", "Ranger", "RANGER")]);
        (await Import(cs, respelled)).Unchanged.ShouldBe(1);
    }

    [Fact]
    public async Task A_dry_run_reports_the_changes_and_writes_nothing()
    {
        var cs = await NewDatabaseAsync();
        var before = await Footprint(cs, Tables);
        var report = await Import(cs, "title,career_level,clusters\nNursery nurse,3,SSC:Skills for Care\nDry run worker,1,\n", new ImportOptions("test", DryRun: true));
        report.Errors.ShouldBeEmpty();
        report.Written.ShouldBeFalse();
        (report.New, report.Updated).ShouldBe((1, 1));
        report.Changes.Single(c => c.Key == "Nursery nurse").Fields.ShouldBe(
        [
            new FieldChange("career_level", "2", "3"),
            new FieldChange("clusters", "CWS-2005:Early years and childcare;DFES-CW:Central/Early years workers;SSC:Children's Workforce Development Council;OCC-2020:Early years and childcare", "SSC:Skills for Care"),
        ]);
        (await Footprint(cs, Tables)).ShouldBe(before);
    }

    [Theory]
    [InlineData("title,career_level\nA role,7\n", 2, "career_level", "'7' is not a career level: 1 to 6 or its name (1 Entry, 2 Support Workers")]
    [InlineData("title,career_level\nA role,Chief\n", 2, "career_level", "'Chief' is not a career level")]
    [InlineData("title,workforce\nA role,outer\n", 2, "workforce", "is not one of central, wider")]
    [InlineData("title,status\nA role,retired\n", 2, "status", "is not one of established, emerging, legacy")]
    [InlineData("title,clusters\nA role,Early years\n", 2, "clusters", "'Early years' is not SCHEME:Cluster or SCHEME:Parent/Child")]
    [InlineData("title,clusters\nA role,NOPE:Early years\n", 2, "clusters", "there is no clustering scheme NOPE (the schemes are CWS-2005, DFES-CW, SSC, OCC-2020)")]
    [InlineData("title,clusters\nA role,CWS-2005:Playwork\n", 2, "clusters", "scheme CWS-2005 has no cluster Playwork")]
    [InlineData("title,clusters\nA role,CWS-2005:Education;CWS-2005:Youth work\n", 2, "clusters", "two clusters of scheme CWS-2005 are given")]
    [InlineData("title,registration_body\nA role,Nobody Council\n", 2, "registration_body", "no organisation has the name, acronym or alias 'Nobody Council'")]
    [InlineData("title,aliases\nA role,Helper;helper\n", 2, "aliases", "the alias Helper is given twice")]
    [InlineData("title\nA role\na  role\n", 3, "title", "the same role as line 2")]
    [InlineData("title,grade\nA role,5\n", 1, "grade", "unknown column")]
    [InlineData("aliases\nA role\n", 1, "title", "required column is missing")]
    [InlineData("title,description\n,Something\n", 2, "title", "is required but empty")]
    public async Task Bad_input_is_reported_with_line_and_column_and_nothing_is_written(string csv, long line, string column, string message)
    {
        var cs = await NewDatabaseAsync();
        var before = await Footprint(cs, Tables);
        var report = await Import(cs, csv);
        report.Written.ShouldBeFalse();
        var error = report.Errors.ShouldHaveSingleItem();
        (error.Line, error.Column).ShouldBe((line, column));
        error.Message.ShouldContain(message);
        (await Footprint(cs, Tables)).ShouldBe(before);
    }
}
