using Dapper;
using Iqf.Admin.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Clusters;

/// <summary>A cluster: where it sits (scheme, parent, path), what is below it, and the job roles placed in it.</summary>
public class DetailsModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Summary(int Id, string Name, string Path, string? Description, int SortOrder,
        int SchemeId, string SchemeCode, string SchemeName, bool SchemeArchived,
        int? ParentId, string? ParentPath, bool ParentArchived,
        DateTime CreatedAt, DateTime UpdatedAt, DateTime? ArchivedAt);
    public sealed record Child(int Id, string Name, int Roles, bool Archived);
    public sealed record PlacedRole(long Id, string Title, bool Archived);

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public Summary C { get; private set; } = null!;
    public List<Child> Children { get; private set; } = [];
    public List<PlacedRole> RolesPlaced { get; private set; } = [];
    /// <summary>Current job roles placed anywhere below this cluster.</summary>
    public int RolesBelow { get; private set; }
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanDelete => User.IsInRole(Roles.Admin);

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        using var grid = await conn.QueryMultipleAsync("""
            select c.id as "Id", c.name::text as "Name", coalesce(cp.path, c.name::text) as "Path", c.description as "Description",
                   c.sort_order as "SortOrder", s.id as "SchemeId", s.code::text as "SchemeCode", s.name as "SchemeName",
                   s.archived_at is not null as "SchemeArchived", p.id as "ParentId", pp.path as "ParentPath",
                   coalesce(p.archived_at is not null, false) as "ParentArchived",
                   c.created_at as "CreatedAt", c.updated_at as "UpdatedAt", c.archived_at as "ArchivedAt"
            from cluster c
            join clustering_scheme s on s.id = c.scheme_id
            left join cluster_path cp on cp.cluster_id = c.id
            left join cluster p on p.id = c.parent_id
            left join cluster_path pp on pp.cluster_id = p.id
            where c.id = @id;

            select k.id as "Id", k.name::text as "Name",
                   (select count(*)::int from job_role_cluster jc join job_role r on r.id = jc.job_role_id
                    where jc.cluster_id = k.id and r.archived_at is null) as "Roles",
                   k.archived_at is not null as "Archived"
            from cluster k where k.parent_id = @id order by k.sort_order, k.id;

            select r.id as "Id", r.title::text as "Title", r.archived_at is not null as "Archived"
            from job_role_cluster jc join job_role r on r.id = jc.job_role_id
            where jc.cluster_id = @id order by r.archived_at is not null, search_text(r.title::text);

            with recursive below as (
              select id from cluster where parent_id = @id
              union all
              select c.id from cluster c join below b on c.parent_id = b.id
            )
            select count(*)::int from job_role_cluster jc join job_role r on r.id = jc.job_role_id
            where jc.cluster_id in (select id from below) and r.archived_at is null;
            """, new { id = Id });
        var c = await grid.ReadSingleOrDefaultAsync<Summary>();
        if (c is null) return NotFound();
        C = c;
        Children = (await grid.ReadAsync<Child>()).ToList();
        RolesPlaced = (await grid.ReadAsync<PlacedRole>()).ToList();
        RolesBelow = await grid.ReadSingleAsync<int>();
        return Page();
    }
}
