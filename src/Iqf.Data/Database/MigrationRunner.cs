using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Iqf.Data.Database;

public sealed record MigrationScript(string FileName, string Sql)
{
    /// <summary>SHA-256 of the text with line endings made uniform, so a checkout's line-ending
    /// conversion does not look like an edit.</summary>
    public string Checksum { get; } =
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.Replace("\r\n", "\n")))).ToLowerInvariant();

    /// <summary>The files of migrations/ as built into this assembly, in order.</summary>
    public static IReadOnlyList<MigrationScript> BuiltIn()
    {
        var asm = typeof(MigrationScript).Assembly;
        return asm.GetManifestResourceNames()
            .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => new MigrationScript(n["migrations/".Length..], ReadResource(asm, n)))
            .OrderBy(s => s.FileName, StringComparer.Ordinal)
            .ToList();
    }

    internal static string ReadResource(Assembly asm, string name)
    {
        using var stream = asm.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

public sealed class MigrationException(string message) : Exception(message);

/// <summary>
/// Applies migrations/*.sql in file-name order, each file in its own transaction, recording file
/// name, checksum and time in schema_migrations. A PostgreSQL advisory lock means two processes
/// starting at once never migrate together: the second waits, then finds nothing to do.
/// </summary>
public sealed class MigrationRunner(string connectionString, IReadOnlyList<MigrationScript>? scripts = null)
{
    // An arbitrary constant that names "the iqf schema migration" lock in pg_advisory_lock.
    private const long LockKey = 0x49_51_46_4D_49_47; // "IQFMIG"

    private readonly IReadOnlyList<MigrationScript> _scripts =
        (scripts ?? MigrationScript.BuiltIn()).OrderBy(s => s.FileName, StringComparer.Ordinal).ToList();

    /// <summary>Applies what is pending and returns the names of the files applied.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(CancellationToken ct = default)
    {
        var duplicates = _scripts.GroupBy(s => s.FileName).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0) throw new MigrationException($"two migrations share a name: {string.Join(", ", duplicates)}");

        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await ExecAsync(conn, $"select pg_advisory_lock({LockKey})", ct);
        try
        {
            await ExecAsync(conn, """
                create table if not exists schema_migrations (
                  file_name   text primary key,
                  checksum    text not null,
                  applied_at  timestamptz not null default now(),
                  duration_ms integer not null
                )
                """, ct);
            var applied = await AppliedAsync(conn, ct);
            Verify(applied);

            var done = new List<string>();
            foreach (var script in _scripts.Where(s => !applied.ContainsKey(s.FileName)))
            {
                var clock = Stopwatch.StartNew();
                await using var tx = await conn.BeginTransactionAsync(ct);
                await using (var actor = new NpgsqlCommand("select set_config('iqf.actor', @a, true)", conn, tx))
                {
                    actor.Parameters.AddWithValue("a", "migration:" + script.FileName);
                    await actor.ExecuteNonQueryAsync(ct);
                }
                try
                {
                    await using var cmd = new NpgsqlCommand(script.Sql, conn, tx) { CommandTimeout = 0 };
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                catch (PostgresException e)
                {
                    throw new MigrationException($"{script.FileName} failed and was rolled back: {e.MessageText}" +
                                                 (e.Position > 0 ? $" (at character {e.Position})" : ""));
                }
                await using (var record = new NpgsqlCommand(
                    "insert into schema_migrations (file_name, checksum, duration_ms) values (@f, @c, @d)", conn, tx))
                {
                    record.Parameters.AddWithValue("f", script.FileName);
                    record.Parameters.AddWithValue("c", script.Checksum);
                    record.Parameters.AddWithValue("d", (int)clock.ElapsedMilliseconds);
                    await record.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                done.Add(script.FileName);
            }
            return done;
        }
        finally
        {
            await ExecAsync(conn, $"select pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    /// <summary>Files not yet applied, without applying anything (used by the health check).</summary>
    public async Task<MigrationStatus> StatusAsync(CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select to_regclass('schema_migrations') is not null", conn);
        var applied = (bool)(await exists.ExecuteScalarAsync(ct))! ? await AppliedAsync(conn, ct) : new Dictionary<string, string>();
        return new MigrationStatus(
            _scripts.Where(s => applied.ContainsKey(s.FileName)).Select(s => s.FileName).ToList(),
            _scripts.Where(s => !applied.ContainsKey(s.FileName)).Select(s => s.FileName).ToList(),
            Problems(applied));
    }

    private void Verify(Dictionary<string, string> applied)
    {
        var problems = Problems(applied);
        if (problems.Count > 0) throw new MigrationException(string.Join("; ", problems));
    }

    // An applied migration is history: editing it would leave databases that ran the old text
    // and databases that ran the new one silently different. Refuse, and say which file.
    private List<string> Problems(Dictionary<string, string> applied)
    {
        var byName = _scripts.ToDictionary(s => s.FileName);
        var problems = new List<string>();
        foreach (var (file, checksum) in applied.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (!byName.TryGetValue(file, out var script))
                problems.Add($"the database has migration {file} applied, which this version does not have (is the program older than the database?)");
            else if (script.Checksum != checksum)
                problems.Add($"migration {file} has changed since it was applied (checksum {checksum[..12]}… now {script.Checksum[..12]}…); add a new migration instead of editing an applied one");
        }
        return problems;
    }

    private static async Task<Dictionary<string, string>> AppliedAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var applied = new Dictionary<string, string>();
        await using var cmd = new NpgsqlCommand("select file_name, checksum from schema_migrations", conn);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) applied[r.GetString(0)] = r.GetString(1);
        return applied;
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

public sealed record MigrationStatus(IReadOnlyList<string> Applied, IReadOnlyList<string> Pending, IReadOnlyList<string> Problems);
