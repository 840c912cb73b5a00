using Dapper;
using Iqf.Admin.Web.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.TakeUpFigures;

/// <summary>Who entered, changed or removed a take-up figure, and when, field by field.</summary>
public class HistoryModel(NpgsqlDataSource db) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    public string Name { get; private set; } = "";
    public bool Removed { get; private set; }
    public RecordHistory.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        // A removed figure still has its history; it is named from the last record of it.
        var name = await conn.ExecuteScalarAsync<string?>(
            "select q.reference || ' in ' || t.year || '/' || lpad(((t.year + 1) % 100)::text, 2, '0') from take_up t join qualification q on q.id = t.qualification_id where t.id = @Id", new { Id });
        Removed = name is null;
        name ??= await RecordHistory.DeletedNameAsync(conn, "take_up", Id,
            "coalesce((select q.reference from qualification q where q.id = (before ->> 'qualification_id')::bigint), 'a qualification since deleted') || ' in ' || (before ->> 'year') || '/' || lpad((((before ->> 'year')::int + 1) % 100)::text, 2, '0')");
        if (name is null) return NotFound();
        Name = name;
        var view = await RecordHistory.LoadAsync(conn, "take_up", Id, "take_up_id", []);
        var ids = RecordHistory.Ids(view, "qualification_id")["qualification_id"];
        var references = await conn.QueryAsync<(string Id, string Reference)>(
            "select id::text, reference || ' ' || title from qualification where id = any (@ids)", new { ids });
        View = view with { ValueLabels = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["qualification_id"] = references.ToDictionary(r => r.Id, r => r.Reference) } };
        return Page();
    }
}
