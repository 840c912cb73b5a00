using Dapper;
using Iqf.Admin.Web.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Standards;

/// <summary>Who changed what and when, field by field, for the standard and the modules mapped to it.</summary>
public class HistoryModel(NpgsqlDataSource db) : PageModel
{
    // Mapping rows carry standard_id in their key: they are part of the standard's story.
    private static readonly string[] ChildTables = ["module_standard"];

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    public string Name { get; private set; } = "";
    public RecordHistory.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        // A deleted standard still has its history; its name comes from the last record of it.
        var name = await conn.ExecuteScalarAsync<string?>("select code::text || ' ' || title from occupational_standard where id = @Id", new { Id })
                   ?? await RecordHistory.DeletedNameAsync(conn, "occupational_standard", Id, "(before ->> 'code') || ' ' || (before ->> 'title')");
        if (name is null) return NotFound();
        Name = name;
        var view = await RecordHistory.LoadAsync(conn, "occupational_standard", Id, "standard_id", ChildTables);
        View = view with { ValueLabels = await NamesAsync(conn, view) };
        return Page();
    }

    /// <summary>Suites and modules by code rather than id; one deleted since keeps its id.</summary>
    private static async Task<Dictionary<string, IReadOnlyDictionary<string, string>>> NamesAsync(NpgsqlConnection conn, RecordHistory.View view)
    {
        var ids = RecordHistory.Ids(view, "suite_id", "module_id");
        var suites = await conn.QueryAsync<(string Id, string Name)>(
            "select id::text, code::text || ' ' || title from nos_suite where id = any (@ids)", new { ids = ids["suite_id"] });
        var modules = await conn.QueryAsync<(string Id, string Name)>(
            "select id::text, code::text || ' ' || title from module where id = any (@ids)", new { ids = ids["module_id"] });
        return new()
        {
            ["suite_id"] = suites.ToDictionary(s => s.Id, s => s.Name),
            ["module_id"] = modules.ToDictionary(m => m.Id, m => m.Name),
        };
    }
}
