using Iqf.Data.Database;
using Iqf.Data.Seeding;
using Npgsql;

namespace Iqf.Tests.Support;

/// <summary>
/// One PostgreSQL server for the whole test run: the one named by IQF_TEST_DB (a connection
/// string whose user may create databases), or else a throwaway cluster started here in a temp
/// folder with the machine's PostgreSQL binaries. The schema is migrated once into template
/// databases, and each test class gets its own clone (CREATE DATABASE ... TEMPLATE), which takes
/// a fraction of a second.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<Server>> Shared = new(StartAsync);
    private static int _counter;

    public const string EmptyTemplate = "iqf_template_empty";
    public const string SeededTemplate = "iqf_template_seeded";

    public sealed record Server(string AdminConnectionString, EmbeddedPostgres? Embedded)
    {
        public string ConnectionString(string database) =>
            new NpgsqlConnectionStringBuilder(AdminConnectionString)
            {
                Database = database, Pooling = true,
                // A class's database is finished with long before the run ends: its idle
                // connections are closed soon, so hundreds of classes stay within max_connections.
                ConnectionIdleLifetime = 10, ConnectionPruningInterval = 5,
            }.ConnectionString;
    }

    public static Task<Server> GetAsync() => Shared.Value;

    /// <summary>A new database, a copy of the migrated (and optionally seeded) template.</summary>
    public static async Task<string> CreateDatabaseAsync(bool seeded)
    {
        var server = await GetAsync();
        var name = $"iqf_test_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
        await ExecAsync(server.AdminConnectionString, $"create database {name} template {(seeded ? SeededTemplate : EmptyTemplate)}");
        return server.ConnectionString(name);
    }

    /// <summary>A new database with nothing in it, not even the schema.</summary>
    public static async Task<string> CreateBlankDatabaseAsync()
    {
        var server = await GetAsync();
        var name = $"iqf_blank_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
        await ExecAsync(server.AdminConnectionString, $"create database {name} template template0");
        return server.ConnectionString(name);
    }

    private static async Task<Server> StartAsync()
    {
        Server server;
        if (Environment.GetEnvironmentVariable("IQF_TEST_DB") is { Length: > 0 } given)
        {
            server = new Server(given, null);
        }
        else
        {
            await SweepAbandonedClustersAsync();
            var dir = Path.Combine(Path.GetTempPath(), $"iqf-tests-{Environment.ProcessId}");
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            Directory.CreateDirectory(dir);
            var pg = new EmbeddedPostgres(Path.Combine(dir, "pg"), EmbeddedPostgres.FreePort(), Path.Combine(dir, "password"), forTests: true);
            await pg.StartAsync(TextWriter.Null);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { pg.StopAsync(TextWriter.Null, immediate: true).GetAwaiter().GetResult(); } catch (Exception) { /* best effort */ }
                try { Directory.Delete(dir, recursive: true); } catch (Exception) { /* best effort */ }
            };
            server = new Server(pg.ConnectionString("postgres"), pg);
        }

        foreach (var template in new[] { EmptyTemplate, SeededTemplate })
        {
            await ExecAsync(server.AdminConnectionString, $"drop database if exists {template}");
            await ExecAsync(server.AdminConnectionString, $"create database {template} template template0");
        }
        await new MigrationRunner(server.ConnectionString(EmptyTemplate)).ApplyAsync();
        await new MigrationRunner(server.ConnectionString(SeededTemplate)).ApplyAsync();
        await new Seeder(server.ConnectionString(SeededTemplate), "test-fixture").RunAsync(sample: false);
        // A template cannot be copied while anyone is connected to it.
        NpgsqlConnection.ClearAllPools();
        return server;
    }

    /// <summary>
    /// A test run that was killed (a timeout, Ctrl+C) cannot stop its cluster; the next run stops
    /// and removes the clusters of test processes that no longer exist.
    /// </summary>
    private static async Task SweepAbandonedClustersAsync()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "iqf-tests-*"))
        {
            if (!int.TryParse(Path.GetFileName(dir)["iqf-tests-".Length..], out var pid) || pid == Environment.ProcessId || IsAlive(pid)) continue;
            try
            {
                var abandoned = new EmbeddedPostgres(Path.Combine(dir, "pg"), 0, Path.Combine(dir, "password"));
                if (abandoned.IsInitialised) await abandoned.StopAsync(TextWriter.Null, immediate: true);
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception) { /* another run may be sweeping it too */ }
        }
    }

    private static bool IsAlive(int pid)
    {
        try { return !System.Diagnostics.Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    public static async Task ExecAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}

/// <summary>A fresh migrated database for one test class (reference data seeded).</summary>
public class SeededDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    public virtual Task InitializeAsync() => Create(seeded: true);
    protected async Task Create(bool seeded) => ConnectionString = await TestPostgres.CreateDatabaseAsync(seeded);
    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>A fresh migrated database with no reference data.</summary>
public class EmptyDatabase : SeededDatabase
{
    public override Task InitializeAsync() => Create(seeded: false);
}
