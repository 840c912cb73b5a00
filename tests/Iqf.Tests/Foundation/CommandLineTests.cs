using Iqf.Data.Database;
using Iqf.Tests.Support;

namespace Iqf.Tests.Foundation;

/// <summary>The `iqf` command as a user runs it: exit codes, messages, and the embedded database.</summary>
public class CommandLineTests
{
    private static readonly Dictionary<string, string?> NoDatabase = new() { ["IQF_HOME"] = Path.GetTempPath() };

    [Theory]
    [InlineData("bogus")]
    [InlineData("seed", "--bogus")]
    [InlineData("db")]
    [InlineData("db", "restart")]
    [InlineData("migrate", "extra")]
    public async Task A_wrong_command_line_exits_2_with_the_usage(params string[] args)
    {
        var result = await IqfProcess.RunAsync(NoDatabase, args);
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("usage: iqf COMMAND");
        result.Output.ShouldBeEmpty();
    }

    [Fact]
    public async Task No_command_at_all_exits_2_with_the_usage()
    {
        var result = await IqfProcess.RunAsync(NoDatabase);
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("usage: iqf COMMAND");
    }

    [Fact]
    public async Task An_unreachable_database_exits_3_with_one_line_and_no_stack_trace()
    {
        var closedPort = EmbeddedPostgres.FreePort();
        var result = await IqfProcess.RunAsync(new Dictionary<string, string?>
        {
            ["IQF_DB"] = $"Host=127.0.0.1;Port={closedPort};Username=iqf;Password=x;Database=iqf;Timeout=5",
        }, "migrate");

        result.ExitCode.ShouldBe(3);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, result.Error);
        lines[0].ShouldStartWith("iqf: cannot reach the database");
        result.Error.ShouldNotContain(" at ");
    }

    [Fact]
    public async Task A_malformed_setting_exits_2_with_its_reason()
    {
        var result = await IqfProcess.RunAsync(new Dictionary<string, string?> { ["IQF_DB"] = "nonsense=1" }, "migrate");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith("iqf: IQF_DB is not a valid connection string");

        var port = await IqfProcess.RunAsync(new Dictionary<string, string?> { ["IQF_DB_PORT"] = "eighty" }, "db", "status");
        port.ExitCode.ShouldBe(2);
        port.Error.ShouldContain("IQF_DB_PORT");
    }

    [Fact]
    public async Task The_embedded_database_starts_migrates_seeds_stops_and_keeps_its_data()
    {
        var home = Path.Combine(Path.GetTempPath(), $"iqf-cli-{Guid.NewGuid():N}");
        Directory.CreateDirectory(home);
        var env = new Dictionary<string, string?> { ["IQF_HOME"] = home, ["IQF_DB_PORT"] = EmbeddedPostgres.FreePort().ToString() };
        try
        {
            (await IqfProcess.RunAsync(env, "db", "status")).ExitCode.ShouldBe(3, "no cluster yet");

            var start = await IqfProcess.RunAsync(env, "db", "start");
            start.ExitCode.ShouldBe(0, start.Error);
            if (!OperatingSystem.IsWindows())
                File.GetUnixFileMode(Path.Combine(home, ".iqf", "pg-password"))
                    .ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite, "only its owner may read the password");

            var migrate = await IqfProcess.RunAsync(env, "migrate");
            migrate.ExitCode.ShouldBe(0, migrate.Error);
            migrate.Output.ShouldContain("Applied 0001_foundation.sql");
            (await IqfProcess.RunAsync(env, "migrate")).Output.ShouldContain("No pending migrations.");

            var seed = await IqfProcess.RunAsync(env, "seed");
            seed.ExitCode.ShouldBe(0, seed.Error);
            seed.Output.ShouldContain("roles");
            (await IqfProcess.RunAsync(env, "seed")).Output.ShouldContain("nothing added");

            var stop = await IqfProcess.RunAsync(env, "db", "stop");
            stop.ExitCode.ShouldBe(0, stop.Error);
            (await IqfProcess.RunAsync(env, "db", "status")).ExitCode.ShouldBe(3, "stopped");

            (await IqfProcess.RunAsync(env, "db", "start")).ExitCode.ShouldBe(0);
            (await IqfProcess.RunAsync(env, "db", "status")).Output.ShouldContain("Running");
            var pg = new DatabaseSettings(null, home, int.Parse(env["IQF_DB_PORT"]!)).Embedded();
            (await TestPostgres.ScalarAsync<long>(pg.ConnectionString(), "select count(*) from job_role")).ShouldBeGreaterThan(0,
                "the data survived the restart");
        }
        finally
        {
            await IqfProcess.RunAsync(env, "db", "stop");
            Directory.Delete(home, recursive: true);
        }
    }
}
