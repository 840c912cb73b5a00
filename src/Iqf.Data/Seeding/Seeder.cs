using System.Reflection;
using Iqf.Data.Csv;
using Iqf.Data.Database;
using Npgsql;

namespace Iqf.Data.Seeding;

public sealed record SeedResult(IReadOnlyDictionary<string, int> Added);

public sealed class SeedException(string message) : Exception(message);

/// <summary>
/// Loads the reference data of seed/*.csv (and with --sample the demonstration set of
/// seed/sample/*.csv) in one transaction. Seeding only adds what is missing: it never changes
/// or deletes a row that exists, so edits people made to reference records survive every
/// `iqf up`, and a second run adds nothing and writes no history.
/// </summary>
public sealed class Seeder(string connectionString, string actor)
{
    // Names the "iqf seeding" advisory lock ("IQFSEE").
    private const long LockKey = 0x49_51_46_53_45_45;

    public async Task<SeedResult> RunAsync(bool sample, CancellationToken ct = default)
    {
        var added = new Dictionary<string, int>();
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Actor.SetAsync(conn, tx, actor, ct);
        // One seeder at a time; a second `iqf seed` waits, then finds everything present.
        await using (var lockCmd = new NpgsqlCommand($"select pg_advisory_xact_lock({LockKey})", conn, tx))
            await lockCmd.ExecuteNonQueryAsync(ct);

        foreach (var step in SeedSteps.Reference.Concat(sample ? SeedSteps.Sample : []))
        {
            using (var csv = OpenResource(step.Resource))
                await CsvStaging.LoadAsync(conn, step.Stage, csv, step.Resource, step.Columns, step.Required, ct);
            foreach (var sql in step.Statements)
            {
                if (sql.Check is not null) await CheckAsync(conn, tx, step.Resource, sql.Check, ct);
                if (sql.Merge is null) continue;
                var repeat = sql.RepeatUntilNothing;
                int n;
                do
                {
                    await using var cmd = new NpgsqlCommand(sql.Merge, conn, tx);
                    n = await cmd.ExecuteNonQueryAsync(ct);
                    if (n > 0 && sql.Counts is not null) added[sql.Counts] = added.GetValueOrDefault(sql.Counts) + n;
                } while (repeat && n > 0);
            }
            if (step.FinalCheck is not null) await CheckAsync(conn, tx, step.Resource, step.FinalCheck, ct);
        }
        await tx.CommitAsync(ct);
        return new SeedResult(added);
    }

    // A check query returns (line, problem) for every staged row that cannot be loaded.
    private static async Task CheckAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string file, string sql, CancellationToken ct)
    {
        var problems = new List<string>();
        await using var cmd = new NpgsqlCommand(sql + " order by 1 limit 20", conn, tx);
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) problems.Add($"{file}:{r.GetInt32(0)}: {r.GetString(1)}");
        if (problems.Count > 0) throw new SeedException(string.Join(Environment.NewLine, problems));
    }

    private static StreamReader OpenResource(string name)
    {
        var asm = Assembly.GetExecutingAssembly();
        var stream = asm.GetManifestResourceStream(name)
                     ?? throw new SeedException($"{name} is missing from this build");
        return new StreamReader(stream, System.Text.Encoding.UTF8);
    }
}
