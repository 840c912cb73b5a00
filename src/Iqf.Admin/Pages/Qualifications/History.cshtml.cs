using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>Who changed what and when, field by field, for the qualification and the rows that belong to it.</summary>
public class HistoryModel(NpgsqlDataSource db) : PageModel
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

    // Rows of these tables carry qualification_id in their key: they are part of the record.
    private static readonly string[] ChildTables =
        ["qualification_level", "qualification_module", "qualification_common_core", "role_qualification", "qualification_source_document"];
    private static readonly HashSet<string> Bookkeeping = ["id", "created_at", "updated_at"];

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    public string Title { get; private set; } = "";
    public List<Entry> Entries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var title = await conn.ExecuteScalarAsync<string?>("select reference || ' ' || title from qualification where id = @Id", new { Id });
        // A deleted qualification still has its history; its title comes from the last record of it.
        title ??= await conn.ExecuteScalarAsync<string?>("""
            select before ->> 'reference' || ' ' || (before ->> 'title') from history
            where table_name = 'qualification' and row_key = jsonb_build_object('id', @Id) and operation = 'D' order by id desc limit 1
            """, new { Id });
        if (title is null) return NotFound();
        Title = title;
        Entries = (await conn.QueryAsync<Entry>("""
            select id as "Id", occurred_at as "OccurredAt", actor as "Actor", table_name as "TableName", operation as "Operation",
                   before::text as "Before", after::text as "After", changed_fields as "ChangedFields"
            from history
            where (table_name = 'qualification' and row_key @> jsonb_build_object('id', @Id))
               or (table_name = any (@children) and row_key @> jsonb_build_object('qualification_id', @Id))
            order by id desc
            limit 500
            """, new { Id, children = ChildTables })).ToList();
        return Page();
    }

    public static string What(Entry e) => (e.TableName, e.Operation) switch
    {
        ("qualification", "I") => "Created",
        ("qualification", "U") => "Changed",
        ("qualification", "D") => "Deleted",
        (var t, var op) => $"{(op == "I" ? "Added" : op == "U" ? "Changed" : "Removed")} {t.Replace("qualification_", "").Replace('_', ' ')}",
    };

    /// <summary>The fields to show: the changed ones for an update; every non-bookkeeping field otherwise.</summary>
    public static List<FieldChange> Fields(Entry e)
    {
        JsonElement? before = e.Before is null ? null : JsonDocument.Parse(e.Before).RootElement;
        JsonElement? after = e.After is null ? null : JsonDocument.Parse(e.After).RootElement;
        var names = e.Operation == "U" ? e.ChangedFields ?? [] : (after ?? before)!.Value.EnumerateObject().Select(p => p.Name).ToArray();
        return names.Where(n => !Bookkeeping.Contains(n) && !(e.TableName != "qualification" && n == "qualification_id"))
            .Select(n => new FieldChange(n.Replace('_', ' '), Text(before, n), Text(after, n)))
            .Where(f => e.Operation == "U" || (e.Operation == "I" ? f.After : f.Before) is not null)
            .ToList();
    }

    private static string? Text(JsonElement? row, string name) =>
        row is { } r && r.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())
            : null;
}
