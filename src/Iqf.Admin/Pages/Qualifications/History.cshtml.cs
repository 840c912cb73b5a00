using Dapper;
using Iqf.Admin.Web.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>Who changed what and when, field by field, for the qualification and the rows that belong to it.</summary>
public class HistoryModel(NpgsqlDataSource db) : PageModel
{
    // Rows of these tables carry qualification_id in their key: they are part of the record.
    private static readonly string[] ChildTables =
        ["qualification_level", "qualification_module", "qualification_common_core", "role_qualification", "qualification_source_document"];

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    public string Title { get; private set; } = "";
    public RecordHistory.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        // A deleted qualification still has its history; its name comes from the last record of it.
        var title = await conn.ExecuteScalarAsync<string?>("select reference || ' ' || title from qualification where id = @Id", new { Id })
                    ?? await RecordHistory.DeletedNameAsync(conn, "qualification", Id, "before ->> 'reference' || ' ' || (before ->> 'title')");
        if (title is null) return NotFound();
        Title = title;
        View = await RecordHistory.LoadAsync(conn, "qualification", Id, "qualification_id", ChildTables);
        return Page();
    }
}
