using System.Text.Json;
using Dapper;
using Npgsql;

namespace Iqf.Admin.Web.Records;

/// <summary>
/// A record's history: its own rows in `history`, plus those of the child tables whose key names
/// it (e.g. a qualification's levels and modules). Rendered by Pages/Shared/_History.cshtml.
/// </summary>
public static class RecordHistory
{
    public sealed class Entry
    {
        public long Id { get; init; }
        public DateTime OccurredAt { get; init; }
        public string Actor { get; init; } = "";
        public string TableName { get; init; } = "";
        public string Operation { get; init; } = "";
        public string? Before { get; init; }
        public string? After { get; init; }
        public string[]? ChangedFields { get; init; }
    }

    public sealed record FieldChange(string Field, string? Before, string? After);

    /// <summary>What one history page shows: the record's table and the "Created/Changed" wording.</summary>
    public sealed record View(string Table, string ParentKey, IReadOnlyList<Entry> Entries)
    {
        /// <summary>
        /// Optional names for the ids a field holds (field, then id as text), so a reader sees
        /// "CWS-2005:Social care" rather than "12". Ids without a name are shown as they are.
        /// </summary>
        public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ValueLabels { get; init; } =
            new Dictionary<string, IReadOnlyDictionary<string, string>>();
    }

    private static readonly HashSet<string> Bookkeeping = ["id", "created_at", "updated_at", "title_search", "code_search"];

    /// <param name="table">the record's table, keyed by id</param>
    /// <param name="parentKey">the column by which child rows name the record, e.g. qualification_id</param>
    /// <param name="childTables">tables whose rows belong to the record</param>
    public static async Task<View> LoadAsync(NpgsqlConnection conn, string table, long id, string parentKey, string[] childTables, int limit = 500)
    {
        var entries = await conn.QueryAsync<Entry>("""
            select id as "Id", occurred_at as "OccurredAt", actor as "Actor", table_name as "TableName", operation as "Operation",
                   before::text as "Before", after::text as "After", changed_fields as "ChangedFields"
            from history
            where (table_name = @table and row_key @> jsonb_build_object('id', @id))
               or (table_name = any (@childTables) and row_key @> jsonb_build_object(@parentKey, @id))
            order by id desc
            limit @limit
            """, new { table, id, parentKey, childTables, limit });
        return new View(table, parentKey, entries.ToList());
    }

    /// <summary>The record's last known name from its deletion entry, when it no longer exists.</summary>
    public static Task<string?> DeletedNameAsync(NpgsqlConnection conn, string table, long id, string nameExpression) =>
        conn.ExecuteScalarAsync<string?>($"""
            select {nameExpression} from history
            where table_name = @table and row_key = jsonb_build_object('id', @id) and operation = 'D' order by id desc limit 1
            """, new { table, id });

    public static string What(View view, Entry e) => e.TableName == view.Table
        ? e.Operation switch { "I" => "Created", "U" => "Changed", _ => "Deleted" }
        : $"{(e.Operation == "I" ? "Added" : e.Operation == "U" ? "Changed" : "Removed")} {Humanise(e.TableName, view.Table)}";

    private static string Humanise(string table, string parent) =>
        table.Replace(parent + "_", "").Replace('_', ' ');

    /// <summary>The fields to show: the changed ones for an update; every non-bookkeeping field otherwise.</summary>
    public static List<FieldChange> Fields(View view, Entry e)
    {
        JsonElement? before = e.Before is null ? null : JsonDocument.Parse(e.Before).RootElement;
        JsonElement? after = e.After is null ? null : JsonDocument.Parse(e.After).RootElement;
        var names = e.Operation == "U" ? e.ChangedFields ?? [] : (after ?? before)!.Value.EnumerateObject().Select(p => p.Name).ToArray();
        return names.Where(n => !Bookkeeping.Contains(n) && !(e.TableName != view.Table && n == view.ParentKey))
            .Select(n => new FieldChange(n.Replace('_', ' '), Labelled(view, n, Text(before, n)), Labelled(view, n, Text(after, n))))
            .Where(f => e.Operation == "U" || (e.Operation == "I" ? f.After : f.Before) is not null)
            .ToList();
    }

    private static string? Labelled(View view, string field, string? value) =>
        value is not null && view.ValueLabels.TryGetValue(field, out var names) && names.TryGetValue(value, out var name) ? name : value;

    /// <summary>The distinct values of the given fields across the entries, before and after: the ids to find names for.</summary>
    public static Dictionary<string, long[]> Ids(View view, params string[] fields)
    {
        var found = fields.ToDictionary(f => f, _ => new HashSet<long>());
        foreach (var e in view.Entries)
            foreach (var json in new[] { e.Before, e.After })
            {
                if (json is null) continue;
                var row = JsonDocument.Parse(json).RootElement;
                foreach (var f in fields)
                    if (row.TryGetProperty(f, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var id)) found[f].Add(id);
            }
        return found.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    private static string? Text(JsonElement? row, string name) =>
        row is { } r && r.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())
            : null;
}
