using Iqf.Tests.Support;

namespace Iqf.Tests.Import;

/// <summary>`iqf import` and `iqf export` run as a user runs them: exit codes, messages, and what they write.</summary>
public class ImportCommandTests
{
    private static async Task<(string Cs, Dictionary<string, string?> Env)> DatabaseAsync()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        return (cs, new Dictionary<string, string?> { ["IQF_DB"] = cs });
    }

    private static string FileWith(string csv)
    {
        var path = Path.Combine(Path.GetTempPath(), $"iqf-import-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv);
        return path;
    }

    [Fact]
    public async Task A_dry_run_prints_the_changes_field_by_field_and_writes_nothing_then_the_import_writes_them()
    {
        var (cs, env) = await DatabaseAsync();
        var file = FileWith("name,type,acronym\nCommand Line Body,other,CLB\nCACHE,awarding-body,CACHE-NEW\n");
        var name = Path.GetFileName(file);

        var dry = await IqfProcess.RunAsync(env, "import", "organisations", file, "--dry-run");
        dry.ExitCode.ShouldBe(0, dry.Error);
        dry.Output.ShouldContain($"{name}: 2 rows; organisations: 1 new, 1 updated, 0 unchanged (dry run: nothing written)");
        dry.Output.ShouldContain("line 2: new Command Line Body");
        dry.Output.ShouldContain("acronym: \"CACHE\" -> \"CACHE-NEW\"");
        (await TestPostgres.ScalarAsync<long>(cs, "select count(*) from organisation where name = 'Command Line Body'")).ShouldBe(0);

        var real = await IqfProcess.RunAsync(env, "import", "organisations", file);
        real.ExitCode.ShouldBe(0, real.Error);
        real.Output.ShouldContain("1 new, 1 updated, 0 unchanged");
        (await TestPostgres.ScalarAsync<string>(cs, "select actor from history where table_name = 'organisation' and operation = 'I' and after ->> 'name' = 'Command Line Body'"))
            .ShouldStartWith("cli:");
    }

    [Fact]
    public async Task An_invalid_file_exits_1_printing_file_line_column_and_message_and_writes_nothing()
    {
        var (cs, env) = await DatabaseAsync();
        var history = await TestPostgres.ScalarAsync<long>(cs, "select count(*) from history");
        var file = FileWith("name,type,active_from\nGood Body,other,2001-01-01\nBad Body,nonsense,2001-13-01\n");
        var result = await IqfProcess.RunAsync(env, "import", "organisations", file);
        result.ExitCode.ShouldBe(1);
        var name = Path.GetFileName(file);
        result.Error.ShouldContain($"{name}:3: type: 'nonsense' is not one of");
        result.Error.ShouldContain($"{name}:3: active_from: '2001-13-01' is not a date in the form YYYY-MM-DD");
        result.Error.ShouldContain("nothing was written");
        (await TestPostgres.ScalarAsync<long>(cs, "select count(*) from history")).ShouldBe(history);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("import", "organisations")]
    [InlineData("import", "unicorns", "file.csv")]
    [InlineData("import", "organisations", "/no/such/file.csv")]
    [InlineData("import", "organisations", "FILE", "--colour")]
    [InlineData("export")]
    [InlineData("export", "unicorns")]
    [InlineData("export", "organisations", "--out")]
    public async Task A_wrong_command_line_exits_2_with_the_reason(params string[] args)
    {
        var (_, env) = await DatabaseAsync();
        var file = FileWith("name,type\nA,other\n");
        var result = await IqfProcess.RunAsync(env, args.Select(a => a == "FILE" ? file : a).ToArray());
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith("iqf: ");
    }

    [Fact]
    public async Task Export_writes_a_kind_to_a_file_that_imports_back_unchanged()
    {
        var (_, env) = await DatabaseAsync();
        var path = Path.Combine(Path.GetTempPath(), $"iqf-export-{Guid.NewGuid():N}.csv");
        var export = await IqfProcess.RunAsync(env, "export", "organisations", "--out", path);
        export.ExitCode.ShouldBe(0, export.Error);
        File.ReadAllLines(path)[0].ShouldBe("name,acronym,type,website,ofqual_recognition_number,aliases,predecessor,active_from,active_to");
        var reimport = await IqfProcess.RunAsync(env, "import", "organisations", path);
        reimport.ExitCode.ShouldBe(0, reimport.Error);
        reimport.Output.ShouldContain("0 new, 0 updated, 86 unchanged");
    }
}
