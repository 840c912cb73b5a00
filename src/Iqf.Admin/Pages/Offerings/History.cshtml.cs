using Dapper;
using Iqf.Admin.Web.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Offerings;

/// <summary>Who changed what and when, field by field, for the offering.</summary>
public class HistoryModel(NpgsqlDataSource db) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    public string Name { get; private set; } = "";
    public RecordHistory.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var view = await RecordHistory.LoadAsync(conn, "provider_offering", Id, "provider_offering_id", []);
        var ids = RecordHistory.Ids(view, "qualification_id", "provider_id");
        var qualifications = (await conn.QueryAsync<(string Id, string Name)>(
            "select id::text, reference || ' ' || title from qualification where id = any (@ids)", new { ids = ids["qualification_id"] })).ToDictionary(q => q.Id, q => q.Name);
        var providers = (await conn.QueryAsync<(string Id, string Name)>(
            "select id::text, name::text from organisation where id = any (@ids)", new { ids = ids["provider_id"] })).ToDictionary(p => p.Id, p => p.Name);
        // A deleted offering still has its history; it is named from the last record of it.
        var name = await conn.ExecuteScalarAsync<string?>("""
                select 'the offering of ' || q.reference || ' at ' || pr.name::text
                from provider_offering po join qualification q on q.id = po.qualification_id join organisation pr on pr.id = po.provider_id
                where po.id = @Id
                """, new { Id });
        if (name is null && await RecordHistory.DeletedNameAsync(conn, "provider_offering", Id, "concat_ws('|', before ->> 'qualification_id', before ->> 'provider_id')") is { } last)
        {
            var parts = last.Split('|');
            name = $"the offering of {qualifications.GetValueOrDefault(parts[0], "qualification " + parts[0])} at {providers.GetValueOrDefault(parts[1], "organisation " + parts[1])}";
        }
        if (name is null) return NotFound();
        Name = name;
        View = view with { ValueLabels = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["qualification_id"] = qualifications, ["provider_id"] = providers } };
        return Page();
    }
}
