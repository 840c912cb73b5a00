using Dapper;
using Iqf.Admin.Web.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Routes;

/// <summary>Who changed what and when, field by field, for the route and its bridging qualifications and modules.</summary>
public class HistoryModel(NpgsqlDataSource db) : PageModel
{
    // Bridge rows carry route_id in their key: they are part of the record.
    private static readonly string[] ChildTables = ["route_via_qualification", "route_via_module"];

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    public string Name { get; private set; } = "";
    public RecordHistory.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var view = await RecordHistory.LoadAsync(conn, "progression_route", Id, "route_id", ChildTables);
        var labels = await LabelsAsync(conn, view);
        // A deleted route still has its history; its ends are named from the last record of it.
        var name = await conn.ExecuteScalarAsync<string?>(RouteText.NameSql, new { Id }) ?? await DeletedNameAsync(conn, labels);
        if (name is null) return NotFound();
        Name = name;
        View = view with { ValueLabels = labels };
        return Page();
    }

    /// <summary>Ends and bridges by title, reference or code rather than id; one deleted since keeps its id.</summary>
    private static async Task<Dictionary<string, IReadOnlyDictionary<string, string>>> LabelsAsync(NpgsqlConnection conn, RecordHistory.View view)
    {
        var ids = RecordHistory.Ids(view, "from_role_id", "to_role_id", "from_qualification_id", "to_qualification_id", "qualification_id", "module_id");
        var roles = ids["from_role_id"].Concat(ids["to_role_id"]).ToArray();
        var qualifications = ids["from_qualification_id"].Concat(ids["to_qualification_id"]).Concat(ids["qualification_id"]).ToArray();
        using var grid = await conn.QueryMultipleAsync("""
            select id::text, title::text from job_role where id = any (@roles);
            select id::text, reference || ' ' || title from qualification where id = any (@qualifications);
            select id::text, code::text || ' ' || title from module where id = any (@modules);
            """, new { roles, qualifications, modules = ids["module_id"] });
        var roleNames = (await grid.ReadAsync<(string Id, string Name)>()).ToDictionary(r => r.Id, r => r.Name);
        var qualificationNames = (await grid.ReadAsync<(string Id, string Name)>()).ToDictionary(q => q.Id, q => q.Name);
        var moduleNames = (await grid.ReadAsync<(string Id, string Name)>()).ToDictionary(m => m.Id, m => m.Name);
        return new()
        {
            ["from_role_id"] = roleNames, ["to_role_id"] = roleNames,
            ["from_qualification_id"] = qualificationNames, ["to_qualification_id"] = qualificationNames, ["qualification_id"] = qualificationNames,
            ["module_id"] = moduleNames,
        };
    }

    /// <summary>"From to To" from the route's deletion entry, its ends named as far as they still exist.</summary>
    private async Task<string?> DeletedNameAsync(NpgsqlConnection conn, Dictionary<string, IReadOnlyDictionary<string, string>> labels)
    {
        var ends = await conn.QueryFirstOrDefaultAsync<(string? FromRole, string? FromQualification, string? ToRole, string? ToQualification)?>("""
            select before ->> 'from_role_id', before ->> 'from_qualification_id', before ->> 'to_role_id', before ->> 'to_qualification_id' from history
            where table_name = 'progression_route' and row_key = jsonb_build_object('id', @Id) and operation = 'D' order by id desc limit 1
            """, new { Id });
        if (ends is not { } e) return null;
        string Named(string field, string? id) => id is null ? "" : labels[field].GetValueOrDefault(id) ?? $"{field.Replace('_', ' ')} {id}";
        return $"{Named("from_role_id", e.FromRole)}{Named("from_qualification_id", e.FromQualification)} to {Named("to_role_id", e.ToRole)}{Named("to_qualification_id", e.ToQualification)}";
    }
}
