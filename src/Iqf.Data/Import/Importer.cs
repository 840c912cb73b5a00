using System.Text;
using Iqf.Data.Database;
using Npgsql;

namespace Iqf.Data.Import;

/// <summary>
/// Runs one import: the whole file in one transaction, so any invalid row means nothing is
/// written. Streaming and set-based: the file goes by binary COPY into a temporary table, and
/// checking, comparing and writing are each a handful of SQL statements over all rows at once.
/// </summary>
public static class Importer
{
    public const int MaxErrors = 1000;
    /// <summary>Field-level changes listed in the report (all are counted; a huge first import lists the first ones).</summary>
    public const int MaxListedChanges = 5000;

    public static async Task<ImportReport> RunAsync(string connectionString, ImportKind kind, Stream file, string fileName,
        ImportOptions options, CancellationToken ct = default, Action<long>? progress = null)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        return await RunAsync(conn, kind, file, fileName, options, ct, progress);
    }

    /// <summary>The same, on a connection the caller opened (and closes).</summary>
    public static async Task<ImportReport> RunAsync(NpgsqlConnection conn, ImportKind kind, Stream file, string fileName,
        ImportOptions options, CancellationToken ct = default, Action<long>? progress = null)
    {
        var report = new ImportReport { Kind = kind.Name, File = fileName, DryRun = options.DryRun };
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Actor.SetAsync(conn, tx, options.Actor, ct);
        // Two imports of one kind at once would each decide "new" for the same key; they take turns.
        await ExecAsync(conn, tx, $"select pg_advisory_xact_lock(hashtext('iqf:import:{kind.Name}'))", ct);

        var present = await ImportStaging.LoadAsync(conn, kind.Columns, file, report, MaxErrors, progress, ct);
        if (present is null) return report;
        await ExecAsync(conn, tx, "create index on stage (line); analyze stage", ct);
        foreach (var sql in kind.PrepareSql(present, options)) await ExecAsync(conn, tx, sql, ct);

        foreach (var check in kind.Checks(present, options))
        {
            await using var cmd = new NpgsqlCommand($"select * from ({check}) c order by 1 limit {MaxErrors + 1}", conn, tx) { CommandTimeout = 0 };
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                ImportStaging.AddError(report, MaxErrors, new(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2)));
        }
        if (report.Errors.Count > 0)
        {
            report.Errors.Sort((a, b) => a.Line.CompareTo(b.Line));
            return report;
        }

        await ExecAsync(conn, tx, WantSql(kind, present), ct);
        await ExecAsync(conn, tx, PlanSql(kind), ct);
        await ReadPlanAsync(conn, tx, report, ct);
        foreach (var sql in kind.NoteSql(present, options))
        {
            await using var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 0 };
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) report.Notes.Add(r.GetString(0));
        }
        if (options.DryRun) return report;

        foreach (var sql in kind.BeforeSql(present, options)) await ExecAsync(conn, tx, sql, ct);
        if (kind.WriteSql(present, options) is { } writes)
            foreach (var sql in writes) await ExecAsync(conn, tx, sql, ct);
        else
        {
            await ExecAsync(conn, tx, InsertSql(kind, present), ct);
            if (kind.LinkKey.Count == 0)
                await ExecAsync(conn, tx, $"update want w set target_id = {kind.MatchNewSql} where w.target_id is null", ct);
            if (UpdateSql(kind, present) is { } update) await ExecAsync(conn, tx, update, ct);
        }
        foreach (var sql in kind.RelationSql(present, options)) await ExecAsync(conn, tx, sql, ct);
        await tx.CommitAsync(ct);
        report.Written = true;
        return report;
    }

    private static IEnumerable<ScalarField> PresentScalars(ImportKind kind, IReadOnlySet<string> present) =>
        kind.Scalars.Where(f => kind.Covers(f.Field, present));

    /// <summary>want: per staged row its key, the record it is (if any) and its fields in export spelling.</summary>
    private static string WantSql(ImportKind kind, IReadOnlySet<string> present)
    {
        var fields = PresentScalars(kind, present).Select(f => (f, Value: f.From ?? "s." + Q(f.Field)))
            .Select(x => $"'{x.f.Field}', {(x.f.Default is null ? x.Value : $"coalesce({x.Value}, {x.f.Default})")}")
            .Concat(kind.Derived.Where(d => kind.Covers(d.Field, present)).Select(d => $"'{d.Field}', {d.Sql}"))
            .ToList();
        var json = fields.Count == 0 ? "'{}'::jsonb" : $"jsonb_build_object({string.Join(", ", fields)})";
        var keys = string.Concat(kind.LinkKey.Select(k => $", {k.Sql} as {k.Column}"));
        return $"""
            create temp table want on commit drop as
            select s.line, {kind.KeySql} as key, {kind.MatchSql} as target_id, {json} as fields{keys}
            from stage s{(kind.RecordFilterSql is { } filter ? $" where {filter}" : "")};
            create index on want (line);
            analyze want;
            """;
    }

    /// <summary>
    /// import_plan: per row new (no current record), updated or unchanged, and which fields change
    /// (compared through interchange_canon).
    /// </summary>
    private static string PlanSql(ImportKind kind) => $"""
        create temp table import_plan on commit drop as
        select w.line, w.key, w.target_id,
               case when c.cur is null then 'new' when cardinality(ch.changed) > 0 then 'updated' else 'unchanged' end as action,
               ch.changed, ch.changes
        from want w
        left join lateral (select {kind.CurrentSql} as cur from {kind.CurrentFromSql} limit 1) c on true
        cross join lateral (
          select coalesce(array_agg(n.key order by n.key), array[]::text[]) as changed,
                 coalesce(jsonb_agg(jsonb_build_object('f', n.key, 'b', c.cur ->> n.key, 'a', n.value) order by n.key), '[]') as changes
          from jsonb_each_text(w.fields) n
          where (c.cur is null and n.value is not null)
             or (c.cur is not null and interchange_canon(n.value) is distinct from interchange_canon(c.cur ->> n.key))
        ) ch;
        create index on import_plan (line);
        """;

    private static async Task ReadPlanAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ImportReport report, CancellationToken ct)
    {
        await using (var cmd = new NpgsqlCommand("select action, count(*)::int from import_plan group by action", conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var n = r.GetInt32(1);
                switch (r.GetString(0)) { case "new": report.New = n; break; case "updated": report.Updated = n; break; default: report.Unchanged = n; break; }
            }
        await using (var cmd = new NpgsqlCommand($"""
            select line, key, action, changes::text from import_plan where action <> 'unchanged' order by line limit {MaxListedChanges}
            """, conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var fields = System.Text.Json.JsonDocument.Parse(r.GetString(3)).RootElement.EnumerateArray()
                    .Select(e => new FieldChange(e.GetProperty("f").GetString()!, Str(e, "b"), Str(e, "a"))).ToList();
                report.Changes.Add(new RecordChange(r.GetInt64(0), r.IsDBNull(1) ? "" : r.GetString(1), r.GetString(2), fields));
            }
    }

    private static string? Str(System.Text.Json.JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;

    private static string InsertSql(ImportKind kind, IReadOnlySet<string> present)
    {
        var scalars = PresentScalars(kind, present).ToList();
        var columns = kind.LinkKey.Select(k => k.Column).Concat(scalars.Select(f => f.Column));
        var values = kind.LinkKey.Select(k => "w." + k.Column).Concat(scalars.Select(f => $"(w.fields ->> '{f.Field}')::{f.Cast}"));
        return $"""
            insert into {kind.Table} ({string.Join(", ", columns)})
            select {string.Join(", ", values)}
            from want w join import_plan p on p.line = w.line
            where p.action = 'new'
            order by w.line
            """;
    }

    /// <summary>Only changed fields are written: a value equal but for whitespace, quotes or dashes keeps its stored spelling.</summary>
    private static string? UpdateSql(ImportKind kind, IReadOnlySet<string> present)
    {
        var scalars = PresentScalars(kind, present).ToList();
        if (scalars.Count == 0) return null;
        var sets = scalars.Select(f => $"{f.Column} = case when p.changed @> array['{f.Field}'] then (w.fields ->> '{f.Field}')::{f.Cast} else t.{f.Column} end");
        // Link tables (no id) have no updated_at either.
        var link = kind.LinkKey.Count > 0;
        var match = link ? string.Join(" and ", kind.LinkKey.Select(k => $"t.{k.Column} = w.{k.Column}")) : "t.id = w.target_id";
        return $"""
            update {kind.Table} t set {string.Join(",\n    ", sets)}{(link ? "" : ", updated_at = now()")}
            from want w join import_plan p on p.line = w.line
            where p.action = 'updated' and {match}
              and p.changed && array[{string.Join(", ", scalars.Select(f => $"'{f.Field}'"))}]
            """;
    }

    private static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string Q(string identifier) => ImportStaging.Quote(identifier);
}
