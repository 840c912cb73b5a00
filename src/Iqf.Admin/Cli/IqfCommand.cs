using System.Net.Sockets;
using Iqf.Data.Database;
using Iqf.Data.Seeding;
using Npgsql;

namespace Iqf.Admin.Cli;

/// <summary>
/// The `iqf` command line (../shared/docs/interchange.md is its contract). Exit status: 0 done;
/// 1 invalid input, nothing written; 2 the command line was wrong; 3 anything else failed.
/// </summary>
public static class IqfCommand
{
    public const int Ok = 0, InvalidInput = 1, Usage = 2, Failed = 3;

    public const string UsageText = """
        usage: iqf COMMAND [options]

          up                     start the embedded database if needed, migrate, seed, then serve
                                 the site on http://127.0.0.1:5080 (IQF_PORT)
          serve                  serve the site only (the database must be migrated)
          db start|stop|status   the embedded database cluster under ./.iqf/pg
          migrate                apply pending migrations and print what was applied
          seed [--sample]        load the reference data (idempotent); --sample adds a
                                 small demonstration set
          users add EMAIL --role admin|editor|planner|viewer
                                 add a user who can sign in to the site; the password is
                                 read from standard input (one line)
          import KIND FILE [--dry-run] [--create-organisations] [--allow-similar]
                                 import a CSV file in the interchange format (one
                                 transaction: any invalid row and nothing is written)
          export KIND [--out FILE]
                                 write every record of a kind as CSV (standard output
                                 unless --out)
          help                   show this text

        environment: IQF_DB (Npgsql connection string; unset = embedded cluster),
                     IQF_DB_PORT (embedded cluster port, 5433), IQF_PORT (web port, 5080)
        """;

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, Console.In, output, error);

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            (args.Length == 0 ? error : output).WriteLine(UsageText);
            return args.Length == 0 ? Usage : Ok;
        }
        try
        {
            return args[0] switch
            {
                "up" => await UpAsync(args[1..], output),
                "serve" => await ServeAsync(args[1..], output),
                "db" => await DbAsync(args[1..], output),
                "migrate" => await MigrateAsync(args[1..], output),
                "seed" => await SeedAsync(args[1..], output),
                "users" => await UsersCommand.RunAsync(args[1..], input, output, error),
                "import" => await InterchangeCommand.ImportAsync(args[1..], output, error),
                "export" => await InterchangeCommand.ExportAsync(args[1..], output),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException e)
        {
            error.WriteLine($"iqf: {e.Message}");
            error.WriteLine(UsageText);
            return Usage;
        }
        catch (SettingsException e) { return Fail(error, e.Message, Usage); }
        catch (SeedException e) { return Fail(error, e.Message, InvalidInput); }
        catch (InvalidInputException e) { return Fail(error, e.Message, InvalidInput); }
        catch (Exception e) when (Describe(e) is { } reason) { return Fail(error, reason, Failed); }
    }

    private static int Fail(TextWriter error, string message, int code)
    {
        error.WriteLine($"iqf: {message}");
        return code;
    }

    /// <summary>A one-line reason for the failures a user can meet; null lets a real bug surface.</summary>
    private static string? Describe(Exception e) => e switch
    {
        EmbeddedPostgresException or MigrationException => e.Message,
        NpgsqlException { InnerException: SocketException s } => $"cannot reach the database: {s.Message}",
        NpgsqlException { InnerException: TimeoutException } => "cannot reach the database: the connection timed out",
        PostgresException p => $"the database refused: {p.MessageText}",
        NpgsqlException n => $"cannot reach the database: {n.Message}",
        SocketException s => $"cannot reach the database: {s.Message}",
        TimeoutException => "cannot reach the database: the connection timed out",
        _ => null,
    };

    private static void NoMoreArguments(string[] rest, string command)
    {
        if (rest.Length > 0) throw new UsageException($"'{command}' takes no argument '{rest[0]}'");
    }

    private static async Task<int> UpAsync(string[] rest, TextWriter output)
    {
        NoMoreArguments(rest, "up");
        var settings = DatabaseSettings.FromEnvironment();
        var cs = await settings.ConnectAsync(output);
        await MigrateAndReportAsync(cs, output);
        await SeedAndReportAsync(cs, sample: false, output);
        return await Web.WebHost.RunAsync(cs, output);
    }

    private static async Task<int> ServeAsync(string[] rest, TextWriter output)
    {
        NoMoreArguments(rest, "serve");
        var cs = await DatabaseSettings.FromEnvironment().ConnectAsync(output);
        return await Web.WebHost.RunAsync(cs, output);
    }

    private static async Task<int> DbAsync(string[] rest, TextWriter output)
    {
        if (rest.Length != 1 || rest[0] is not ("start" or "stop" or "status"))
            throw new UsageException("'db' takes one of start, stop, status");
        var settings = DatabaseSettings.FromEnvironment();
        if (!settings.UsesEmbedded)
            throw new UsageException("IQF_DB is set, so the embedded database is not in use; unset IQF_DB to manage it");
        var pg = settings.Embedded();
        switch (rest[0])
        {
            case "start":
                await pg.StartAsync(output);
                output.WriteLine($"Database running on 127.0.0.1:{pg.Port}.");
                return Ok;
            case "stop":
                await pg.StopAsync(output);
                return Ok;
            default:
                var running = await pg.IsRunningAsync();
                output.WriteLine(!pg.IsInitialised ? $"No database cluster yet in {pg.DataDir} (`iqf db start` creates one)."
                    : running ? $"Running on 127.0.0.1:{pg.Port} ({pg.DataDir})." : $"Stopped ({pg.DataDir}).");
                // Like pg_ctl status: 0 when running, 3 when not.
                return running ? Ok : Failed;
        }
    }

    private static async Task<int> MigrateAsync(string[] rest, TextWriter output)
    {
        NoMoreArguments(rest, "migrate");
        var cs = await DatabaseSettings.FromEnvironment().ConnectAsync(output);
        await MigrateAndReportAsync(cs, output);
        return Ok;
    }

    private static async Task<int> SeedAsync(string[] rest, TextWriter output)
    {
        var sample = false;
        foreach (var a in rest)
        {
            if (a == "--sample") sample = true;
            else throw new UsageException($"'seed' has no option '{a}'");
        }
        var cs = await DatabaseSettings.FromEnvironment().ConnectAsync(output);
        await MigrateAndReportAsync(cs, output, quietWhenNothing: true);
        await SeedAndReportAsync(cs, sample, output);
        return Ok;
    }

    private static async Task MigrateAndReportAsync(string cs, TextWriter output, bool quietWhenNothing = false)
    {
        var applied = await new MigrationRunner(cs).ApplyAsync();
        foreach (var file in applied) output.WriteLine($"Applied {file}");
        if (applied.Count == 0 && !quietWhenNothing) output.WriteLine("No pending migrations.");
    }

    private static async Task SeedAndReportAsync(string cs, bool sample, TextWriter output)
    {
        var result = await new Seeder(cs, Actor.Cli()).RunAsync(sample);
        output.WriteLine(result.Added.Count == 0
            ? "Reference data already present: nothing added."
            : "Added " + string.Join(", ", result.Added.Select(a => $"{a.Value} {a.Key}")) + ".");
    }
}

public sealed class UsageException(string message) : Exception(message);

/// <summary>The input (not the command line) is invalid and nothing was written: exit status 1.</summary>
public sealed class InvalidInputException(string message) : Exception(message);
