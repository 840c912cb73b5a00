using System.Text;
using Iqf.Data.Import;
using Iqf.Data.Import.Kinds;
using Iqf.Tests.Support;

namespace Iqf.Tests.Import;

/// <summary>The import engine through its first kind: organisations, against the seeded reference data.</summary>
public class OrganisationImportTests
{
    private static Task<ImportReport> Import(string cs, string csv, bool dryRun = false) =>
        Importer.RunAsync(cs, new OrganisationImport(), new MemoryStream(Encoding.UTF8.GetBytes(csv)), "organisations.csv",
            new ImportOptions("test:importer", DryRun: dryRun));

    private static Task<long> Count(string cs, string sql) => TestPostgres.ScalarAsync<long>(cs, sql);

    [Fact]
    public async Task New_organisations_are_added_with_aliases_predecessor_and_website_link_and_the_history_names_the_importer()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        var report = await Import(cs, """
            name,acronym,type,website,ofqual_recognition_number,aliases,predecessor,active_from,active_to
            Northern Training Trust,NTT,training-provider,https://ntt.example.org/,rn123,Northern Trust;NTT Ltd,,2001-09-01,
            Northern Skills,,awarding-body,,,,Northern Training Trust,2010-01-01,
            """);
        report.Errors.ShouldBeEmpty();
        report.Written.ShouldBeTrue();
        (report.New, report.Updated, report.Unchanged).ShouldBe((2, 0, 0));
        (await TestPostgres.ScalarAsync<string>(cs, "select ofqual_recognition_number from organisation where name = 'Northern Training Trust'")).ShouldBe("RN123");
        (await TestPostgres.ScalarAsync<string>(cs, "select p.name::text from organisation o join organisation p on p.id = o.predecessor_id where o.name = 'Northern Skills'"))
            .ShouldBe("Northern Training Trust");
        (await Count(cs, "select count(*) from organisation_alias a join organisation o on o.id = a.organisation_id where o.name = 'Northern Training Trust'")).ShouldBe(2);
        (await Count(cs, "select count(*) from link_owner lo join organisation o on o.id = lo.organisation_id join external_link l on l.id = lo.link_id where o.name = 'Northern Training Trust' and l.url = 'https://ntt.example.org/'")).ShouldBe(1);
        (await Count(cs, "select count(*) from history where table_name = 'organisation' and operation = 'I' and actor = 'test:importer'")).ShouldBe(2);
    }

    [Fact]
    public async Task Reimporting_changes_only_what_changed_and_ignores_quote_dash_and_space_style()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        const string header = "name,acronym,type,aliases,active_from\n";
        (await Import(cs, header + "O'Neill & Sons – Training,ONS,employer,Sons Training;O'Neill,2005-01-01\n")).Written.ShouldBeTrue();
        var historyBefore = await Count(cs, "select count(*) from history");

        var same = await Import(cs, header + "O\u2019Neill  &  Sons - Training,ONS,employer,O\u2019Neill; Sons Training ,2005-01-01\n");
        same.Errors.ShouldBeEmpty();
        (same.New, same.Updated, same.Unchanged).ShouldBe((0, 0, 1));
        (await Count(cs, "select count(*) from history")).ShouldBe(historyBefore);

        var changed = await Import(cs, header + "O'Neill & Sons – Training,ONST,employer,Sons Training;O'Neill,2005-01-01\n");
        (changed.New, changed.Updated, changed.Unchanged).ShouldBe((0, 1, 0));
        var change = changed.Changes.ShouldHaveSingleItem();
        change.Fields.ShouldHaveSingleItem().ShouldBe(new FieldChange("acronym", "ONS", "ONST"));
        (await TestPostgres.ScalarAsync<string>(cs, "select name::text from organisation where acronym = 'ONST'")).ShouldBe("O'Neill & Sons – Training");
    }

    [Fact]
    public async Task An_alias_respelled_in_its_capitals_is_one_change_and_then_unchanged()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        const string header = "name,type,aliases\n";
        (await Import(cs, header + "Capitals Body,other,Old Name\n")).Written.ShouldBeTrue();
        var respelled = await Import(cs, header + "Capitals Body,other,OLD name\n");
        (respelled.Updated, respelled.Unchanged).ShouldBe((1, 0));
        (await TestPostgres.ScalarAsync<string>(cs, "select alias::text from organisation_alias a join organisation o on o.id = a.organisation_id where o.name = 'Capitals Body'"))
            .ShouldBe("OLD name");
        var again = await Import(cs, header + "Capitals Body,other,OLD name\n");
        (again.Updated, again.Unchanged).ShouldBe((0, 1));
        var twice = await Import(cs, header + "Capitals Body,other,OLD name;old NAME\n");
        twice.Errors.ShouldHaveSingleItem().Message.ShouldContain("is given twice in this cell");
    }

    [Fact]
    public async Task A_dry_run_reports_the_changes_and_writes_nothing()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        var rows = await Count(cs, "select count(*) from organisation");
        var history = await Count(cs, "select count(*) from history");
        var report = await Import(cs, "name,type,acronym\nDry Run Body,other,DRB\nCACHE,awarding-body,CACHE-X\n", dryRun: true);
        report.Errors.ShouldBeEmpty();
        report.Written.ShouldBeFalse();
        (report.New, report.Updated).ShouldBe((1, 1));
        report.Changes.Single(c => c.Key == "CACHE").Fields.ShouldContain(new FieldChange("acronym", "CACHE", "CACHE-X"));
        (await Count(cs, "select count(*) from organisation")).ShouldBe(rows);
        (await Count(cs, "select count(*) from history")).ShouldBe(history);
    }

    [Theory]
    [InlineData("name,type\nA Body,not-a-type\n", 2, "type", "is not one of")]
    [InlineData("name,type,active_from\nA Body,other,01/02/2003\n", 2, "active_from", "is not a date in the form YYYY-MM-DD")]
    [InlineData("name,type,active_from,active_to\nA Body,other,2003-01-01,2002-01-01\n", 2, "active_to", "is before active_from")]
    [InlineData("name,type,website\nA Body,other,ftp://x.example\n", 2, "website", "is not an http or https address")]
    [InlineData("name,type,colour\nA Body,other,blue\n", 1, "colour", "unknown column")]
    [InlineData("name\nA Body\n", 1, "type", "required column is missing")]
    [InlineData("name,type\nA Body,other\na body,employer\n", 3, "name", "the same organisation as line 2")]
    [InlineData("name,type,predecessor\nA Body,other,Nobody Ever\n", 2, "predecessor", "there is no organisation called Nobody Ever")]
    [InlineData("name,type,aliases\nA Body,other,CACHE\n", 2, "aliases", "is the name of CACHE")]
    [InlineData("name,type,ofqual_recognition_number\nA Body,other,12345\n", 2, "ofqual_recognition_number", "is not RN and up to six digits")]
    [InlineData("name,type\n,other\n", 2, "name", "is required but empty")]
    [InlineData("name,type\nA Body,other,extra\n", 2, null, "this row has 3 cells")]
    [InlineData("", 1, null, "the file is empty")]
    [InlineData("name,type\n", 1, null, "no data rows")]
    public async Task Bad_input_is_reported_with_line_and_column_and_nothing_is_written(string csv, long line, string? column, string message)
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        var rows = await Count(cs, "select count(*) from organisation");
        var history = await Count(cs, "select count(*) from history");
        var report = await Import(cs, csv);
        report.Written.ShouldBeFalse();
        var error = report.Errors.ShouldHaveSingleItem();
        (error.Line, error.Column).ShouldBe((line, column));
        error.Message.ShouldContain(message);
        (await Count(cs, "select count(*) from organisation")).ShouldBe(rows);
        (await Count(cs, "select count(*) from history")).ShouldBe(history);
    }

    [Fact]
    public async Task Invalid_utf8_is_reported_where_it_is()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        var bytes = Encoding.UTF8.GetBytes("name,type\nGood Body,other\nBad ").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes(" Body,other\n")).ToArray();
        var report = await Importer.RunAsync(cs, new OrganisationImport(), new MemoryStream(bytes), "o.csv", new ImportOptions("test"));
        var error = report.Errors.ShouldHaveSingleItem();
        error.Line.ShouldBe(3);
        error.Message.ShouldContain("character 5: the file is not valid UTF-8");
        (await Count(cs, "select count(*) from organisation where name = 'Good Body'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_ten_megabyte_cell_is_refused_with_its_line_and_column()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        var report = await Import(cs, "name,type,acronym\nBig Body,other," + new string('x', 10 * 1024 * 1024) + "\n");
        report.Written.ShouldBeFalse();
        report.Errors.ShouldHaveSingleItem().Line.ShouldBe(2);
    }
}
