using Iqf.Data.Database;
using Iqf.Data.Seeding;
using Npgsql;

namespace Iqf.Benchmarks;

/// <summary>A migrated, seeded database for a benchmark: IQF_BENCH_DB, or a throwaway cluster in a temp folder.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly EmbeddedPostgres? _pg;
    private readonly string? _dir;
    public string ConnectionString { get; }

    private BenchDatabase(string cs, EmbeddedPostgres? pg, string? dir) { ConnectionString = cs; _pg = pg; _dir = dir; }

    public static async Task<BenchDatabase> CreateAsync()
    {
        BenchDatabase db;
        if (Environment.GetEnvironmentVariable("IQF_BENCH_DB") is { Length: > 0 } given) db = new BenchDatabase(given, null, null);
        else
        {
            var dir = Path.Combine(Path.GetTempPath(), $"iqf-bench-{Environment.ProcessId}");
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
            Directory.CreateDirectory(dir);
            // Durable settings, as in production (forTests: false): the figures should not flatter.
            var pg = new EmbeddedPostgres(Path.Combine(dir, "pg"), EmbeddedPostgres.FreePort(), Path.Combine(dir, "password"));
            await pg.StartAsync(Console.Out);
            db = new BenchDatabase(pg.ConnectionString(), pg, dir);
        }
        await new MigrationRunner(db.ConnectionString).ApplyAsync();
        await new Seeder(db.ConnectionString, "benchmark").RunAsync(sample: false);
        return db;
    }

    public async Task ExecAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_pg is not null) await _pg.StopAsync(TextWriter.Null);
        if (_dir is not null) try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
