using Iqf.Data.Database;
using Npgsql;

namespace Iqf.Admin.Health;

public sealed record MigrationSummary(int Applied, int Pending, IReadOnlyList<string> PendingFiles, IReadOnlyList<string> Problems);

public sealed record HealthReport(string Status, bool Database, string? Error, MigrationSummary Migrations,
    IReadOnlyDictionary<string, long> Counts);

/// <summary>Is the database reachable, is the schema current, and how much is in it.</summary>
public sealed class HealthCheck(string connectionString)
{
    // The reference tables `iqf seed` fills, and the main curated ones.
    private static readonly string[] CountedTables =
    [
        "level_framework", "level", "level_equivalence", "common_core_area", "clustering_scheme", "cluster",
        "sector_subject_area", "organisation", "job_role", "source_document", "qualification", "module",
    ];

    public async Task<HealthReport> RunAsync(CancellationToken ct)
    {
        var empty = new MigrationSummary(0, 0, [], []);
        MigrationStatus status;
        try { status = await new MigrationRunner(connectionString).StatusAsync(ct); }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return new HealthReport("down", false, e.Message, empty, new Dictionary<string, long>());
        }

        var counts = new Dictionary<string, long>();
        if (status.Pending.Count == 0)
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync(ct);
            var sql = string.Join(" union all ", CountedTables.Select(t => $"select '{t}', count(*) from {t}"));
            await using var cmd = new NpgsqlCommand(sql, conn);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) counts[r.GetString(0)] = r.GetInt64(1);
        }
        var ok = status.Pending.Count == 0 && status.Problems.Count == 0;
        return new HealthReport(ok ? "ok" : "degraded", true, null,
            new MigrationSummary(status.Applied.Count, status.Pending.Count, status.Pending, status.Problems), counts);
    }
}
