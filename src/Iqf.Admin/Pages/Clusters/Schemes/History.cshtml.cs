using Dapper;
using Iqf.Admin.Web.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Clusters.Schemes;

/// <summary>Who changed what and when, field by field, for the scheme itself (each cluster has its own history).</summary>
public class HistoryModel(NpgsqlDataSource db) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public string Name { get; private set; } = "";
    public RecordHistory.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        // A deleted scheme still has its history; its code comes from the last record of it.
        var name = await conn.ExecuteScalarAsync<string?>("select code::text from clustering_scheme where id = @Id", new { Id })
                   ?? await RecordHistory.DeletedNameAsync(conn, "clustering_scheme", Id, "before ->> 'code'");
        if (name is null) return NotFound();
        Name = name;
        View = await RecordHistory.LoadAsync(conn, "clustering_scheme", Id, "scheme_id", []);
        return Page();
    }
}
