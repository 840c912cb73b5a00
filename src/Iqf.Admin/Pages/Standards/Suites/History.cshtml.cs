using Dapper;
using Iqf.Admin.Web.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Standards.Suites;

/// <summary>Who changed what and when, field by field, for the suite.</summary>
public class HistoryModel(NpgsqlDataSource db) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    public string Name { get; private set; } = "";
    public RecordHistory.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        // A deleted suite still has its history; its name comes from the last record of it.
        var name = await conn.ExecuteScalarAsync<string?>("select code::text || ' ' || title from nos_suite where id = @Id", new { Id })
                   ?? await RecordHistory.DeletedNameAsync(conn, "nos_suite", Id, "(before ->> 'code') || ' ' || (before ->> 'title')");
        if (name is null) return NotFound();
        Name = name;
        var view = await RecordHistory.LoadAsync(conn, "nos_suite", Id, "suite_id", []);
        // The owner by name rather than id; one deleted since keeps its id.
        var owners = await conn.QueryAsync<(string Id, string Name)>(
            "select id::text, name::text from organisation where id = any (@ids)", new { ids = RecordHistory.Ids(view, "owner_organisation_id")["owner_organisation_id"] });
        View = view with { ValueLabels = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["owner_organisation_id"] = owners.ToDictionary(o => o.Id, o => o.Name) } };
        return Page();
    }
}
