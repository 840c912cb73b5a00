using Dapper;
using Iqf.Admin.Web.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Clusters;

/// <summary>
/// Who changed what and when, field by field, for the cluster, and which job roles were placed
/// in it, moved out of it or taken out. Placements are keyed by role and scheme, not by cluster,
/// so they are found by the cluster id they held before or after the change.
/// </summary>
public class HistoryModel(NpgsqlDataSource db) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public string Name { get; private set; } = "";
    public RecordHistory.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        // A deleted cluster still has its history; its name comes from the last record of it.
        var name = await conn.ExecuteScalarAsync<string?>("select name::text from cluster where id = @Id", new { Id })
                   ?? await RecordHistory.DeletedNameAsync(conn, "cluster", Id, "before ->> 'name'");
        if (name is null) return NotFound();
        Name = name;
        var entries = (await conn.QueryAsync<RecordHistory.Entry>("""
            select id as "Id", occurred_at as "OccurredAt", actor as "Actor",
                   -- shown as "Added job role placement" rather than the table's name
                   case table_name when 'job_role_cluster' then 'job_role_placement' else table_name end as "TableName",
                   operation as "Operation", before::text as "Before", after::text as "After", changed_fields as "ChangedFields"
            from history
            where (table_name = 'cluster' and row_key = jsonb_build_object('id', @Id))
               or (table_name = 'job_role_cluster' and (before ->> 'cluster_id' = @Id::text or after ->> 'cluster_id' = @Id::text))
            order by id desc
            limit 500
            """, new { Id })).ToList();
        // No parent key to hide: a placement's cluster id is what changes when a role moves.
        var view = new RecordHistory.View("cluster", "", entries);
        View = view with { ValueLabels = await NamesAsync(conn, view) };
        return Page();
    }

    /// <summary>Clusters by path, schemes by code and roles by title rather than by id; one deleted since keeps its id.</summary>
    private static async Task<Dictionary<string, IReadOnlyDictionary<string, string>>> NamesAsync(NpgsqlConnection conn, RecordHistory.View view)
    {
        var ids = RecordHistory.Ids(view, "parent_id", "cluster_id", "scheme_id", "job_role_id");
        var clusters = ids["parent_id"].Concat(ids["cluster_id"]).Select(i => (int)i).ToArray();
        var rows = (await conn.QueryAsync<(string Field, string Id, string Name)>("""
            select 'cluster', cluster_id::text, scheme_code || ':' || path from cluster_path where cluster_id = any (@clusters)
            union all select 'scheme_id', id::text, code::text from clustering_scheme where id = any (@schemes)
            union all select 'job_role_id', id::text, title::text from job_role where id = any (@roles)
            """, new { clusters, schemes = ids["scheme_id"].Select(i => (int)i).ToArray(), roles = ids["job_role_id"] })).ToList();
        IReadOnlyDictionary<string, string> Of(string field) => rows.Where(r => r.Field == field).ToDictionary(r => r.Id, r => r.Name);
        return new()
        {
            ["parent_id"] = Of("cluster"),
            ["cluster_id"] = Of("cluster"),
            ["scheme_id"] = Of("scheme_id"),
            ["job_role_id"] = Of("job_role_id"),
        };
    }
}
