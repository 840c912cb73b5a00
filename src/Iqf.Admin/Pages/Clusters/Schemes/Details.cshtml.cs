using Dapper;
using Iqf.Admin.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Clusters.Schemes;

/// <summary>A clustering scheme and its tree of clusters, each with the number of job roles placed in it.</summary>
public class DetailsModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Summary(int Id, string Code, string Name, string? Description, string? Source, int Roles,
        DateTime CreatedAt, DateTime UpdatedAt, DateTime? ArchivedAt);
    public sealed record Node(int Id, int? ParentId, string Name, int Roles, bool Archived);

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public Summary S { get; private set; } = null!;
    /// <summary>The scheme's clusters in tree order: each parent straight before its children.</summary>
    public List<Node> Tree { get; private set; } = [];
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanDelete => User.IsInRole(Roles.Admin);

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        using var grid = await conn.QueryMultipleAsync($"""
            select s.id as "Id", s.code::text as "Code", s.name as "Name", s.description as "Description", s.source as "Source",
                   {SchemeSearch.RolesSql} as "Roles", s.created_at as "CreatedAt", s.updated_at as "UpdatedAt", s.archived_at as "ArchivedAt"
            from clustering_scheme s where s.id = @id;

            with recursive {ClusterSearch.TreeCte}
            select c.id as "Id", c.parent_id as "ParentId", c.name::text as "Name", {ClusterSearch.RolesSql} as "Roles",
                   c.archived_at is not null as "Archived"
            from tree t join cluster c on c.id = t.id
            where c.scheme_id = @id
            order by t.tree_key;
            """, new { id = Id });
        var s = await grid.ReadSingleOrDefaultAsync<Summary>();
        if (s is null) return NotFound();
        S = s;
        Tree = (await grid.ReadAsync<Node>()).ToList();
        return Page();
    }
}
