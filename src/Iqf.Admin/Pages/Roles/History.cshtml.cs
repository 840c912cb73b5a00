using Dapper;
using Iqf.Admin.Web.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.JobRoles;

/// <summary>Who changed what and when, field by field, for the role, its aliases, clusters and qualification links.</summary>
public class HistoryModel(NpgsqlDataSource db) : PageModel
{
    // Rows of these tables carry job_role_id in their key: they are part of the record.
    private static readonly string[] ChildTables = ["job_role_alias", "job_role_cluster", "role_qualification"];

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    public string Title { get; private set; } = "";
    public RecordHistory.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        // A deleted role still has its history; its name comes from the last record of it.
        var title = await conn.ExecuteScalarAsync<string?>("select title::text from job_role where id = @Id", new { Id })
                    ?? await RecordHistory.DeletedNameAsync(conn, "job_role", Id, "before ->> 'title'");
        if (title is null) return NotFound();
        Title = title;
        var view = await RecordHistory.LoadAsync(conn, "job_role", Id, "job_role_id", ChildTables);
        View = view with { ValueLabels = await NamesAsync(conn, view) };
        return Page();
    }

    /// <summary>Names for the ids the entries hold: clusters by path, schemes by code, qualifications and bodies by name.</summary>
    private static async Task<Dictionary<string, IReadOnlyDictionary<string, string>>> NamesAsync(NpgsqlConnection conn, RecordHistory.View view)
    {
        var ids = RecordHistory.Ids(view, "cluster_id", "scheme_id", "qualification_id", "registration_body_id");
        var rows = await conn.QueryAsync<(string Field, string Id, string Name)>("""
            select 'cluster_id', cluster_id::text, scheme_code || ':' || path from cluster_path where cluster_id = any (@clusters)
            union all select 'scheme_id', id::text, code::text from clustering_scheme where id = any (@schemes)
            union all select 'qualification_id', id::text, reference || ' ' || title from qualification where id = any (@qualifications)
            union all select 'registration_body_id', id::text, name::text from organisation where id = any (@bodies)
            """, new
        {
            clusters = ids["cluster_id"].Select(i => (int)i).ToArray(), schemes = ids["scheme_id"].Select(i => (int)i).ToArray(),
            qualifications = ids["qualification_id"], bodies = ids["registration_body_id"],
        });
        return rows.GroupBy(r => r.Field).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, string>)g.ToDictionary(r => r.Id, r => r.Name));
    }
}
