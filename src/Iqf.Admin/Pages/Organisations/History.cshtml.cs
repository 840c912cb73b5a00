using Dapper;
using Iqf.Admin.Web.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Organisations;

/// <summary>Who changed what and when, field by field, for the organisation and its aliases.</summary>
public class HistoryModel(NpgsqlDataSource db) : PageModel
{
    // Alias rows carry organisation_id in their key: they are part of the record.
    private static readonly string[] ChildTables = ["organisation_alias"];

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    public string Name { get; private set; } = "";
    public RecordHistory.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        // A deleted organisation still has its history; its name comes from the last record of it.
        var name = await conn.ExecuteScalarAsync<string?>("select name::text from organisation where id = @Id", new { Id })
                   ?? await RecordHistory.DeletedNameAsync(conn, "organisation", Id, "before ->> 'name'");
        if (name is null) return NotFound();
        Name = name;
        var view = await RecordHistory.LoadAsync(conn, "organisation", Id, "organisation_id", ChildTables);
        View = view with { ValueLabels = await PredecessorNamesAsync(conn, view) };
        return Page();
    }

    /// <summary>Predecessors by name rather than id; one deleted since keeps its id.</summary>
    private static async Task<Dictionary<string, IReadOnlyDictionary<string, string>>> PredecessorNamesAsync(NpgsqlConnection conn, RecordHistory.View view)
    {
        var ids = RecordHistory.Ids(view, "predecessor_id")["predecessor_id"];
        var names = await conn.QueryAsync<(string Id, string Name)>(
            "select id::text, name::text from organisation where id = any (@ids)", new { ids });
        return new() { ["predecessor_id"] = names.ToDictionary(n => n.Id, n => n.Name) };
    }
}
