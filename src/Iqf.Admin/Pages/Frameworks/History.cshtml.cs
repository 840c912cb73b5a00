using System.Text.Json;
using Dapper;
using Iqf.Admin.Web.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Frameworks;

/// <summary>
/// Who changed what and when, field by field, for a framework, its levels and their
/// equivalences. Level rows are keyed by their own id and equivalences by their pair, so they
/// are found through the levels the framework has (or had) rather than by RecordHistory's
/// parent key.
/// </summary>
public class HistoryModel(NpgsqlDataSource db) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public string Name { get; private set; } = "";
    public RecordHistory.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        // A deleted framework still has its history; its name comes from the last record of it.
        var name = await conn.ExecuteScalarAsync<string?>("select code::text || ' ' || name from level_framework where id = @Id", new { Id })
                   ?? await RecordHistory.DeletedNameAsync(conn, "level_framework", Id, "(before ->> 'code') || ' ' || (before ->> 'name')");
        if (name is null) return NotFound();
        Name = name;

        var entries = (await conn.QueryAsync<RecordHistory.Entry>("""
            with lv as (
              select id from level where framework_id = @Id
              union
              select (coalesce(after, before) ->> 'id')::int from history
              where table_name = 'level' and (coalesce(after, before) ->> 'framework_id')::int = @Id
            )
            select id as "Id", occurred_at as "OccurredAt", actor as "Actor", table_name as "TableName", operation as "Operation",
                   before::text as "Before", after::text as "After", changed_fields as "ChangedFields"
            from history h
            where (h.table_name = 'level_framework' and h.row_key = jsonb_build_object('id', @Id))
               or (h.table_name = 'level' and (h.row_key ->> 'id')::int in (select id from lv))
               or (h.table_name = 'level_equivalence'
                   and ((h.row_key ->> 'level_a_id')::int in (select id from lv) or (h.row_key ->> 'level_b_id')::int in (select id from lv)))
            order by h.id desc
            limit 500
            """, new { Id })).ToList();

        // The shared partial names a child row by its table; a level is better named by its code
        // ("Changed level 3"), since an update lists only the fields that changed.
        var named = entries.Select(e => e.TableName != "level" ? e : new RecordHistory.Entry
        {
            Id = e.Id, OccurredAt = e.OccurredAt, Actor = e.Actor, Operation = e.Operation, Before = e.Before, After = e.After,
            ChangedFields = e.ChangedFields, TableName = "level " + LevelCode(e.After ?? e.Before),
        }).ToList();
        var view = new RecordHistory.View("level_framework", "framework_id", named);
        View = view with { ValueLabels = await LevelNamesAsync(conn, view) };
        return Page();
    }

    private static string LevelCode(string? json) =>
        json is null ? "" : JsonDocument.Parse(json).RootElement.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "";

    /// <summary>The two levels of an equivalence by framework and code rather than id; a level deleted since keeps its id.</summary>
    private static async Task<Dictionary<string, IReadOnlyDictionary<string, string>>> LevelNamesAsync(NpgsqlConnection conn, RecordHistory.View view)
    {
        var ids = RecordHistory.Ids(view, "level_a_id", "level_b_id");
        var all = ids["level_a_id"].Concat(ids["level_b_id"]).Select(i => (int)i).Distinct().ToArray();
        var names = (await conn.QueryAsync<(string Id, string Name)>(
            "select l.id::text, f.code::text || ' ' || l.code::text from level l join level_framework f on f.id = l.framework_id where l.id = any (@all)",
            new { all })).ToDictionary(n => n.Id, n => n.Name);
        return new() { ["level_a_id"] = names, ["level_b_id"] = names };
    }
}
