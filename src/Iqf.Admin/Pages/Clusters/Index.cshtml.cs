using Dapper;
using Iqf.Admin.Security;
using Iqf.Admin.Web.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Clusters;

/// <summary>
/// Every cluster of every clustering scheme in one list, found by its name or path, filtered by
/// scheme, place in the tree and whether roles are placed in it. The schemes themselves are
/// listed on /Clusters/Schemes; each scheme's page shows its clusters as a tree.
/// </summary>
public class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(int Id, string Path, string Name, int Depth, int SchemeId, string SchemeCode, int Children, int Roles,
        DateTime UpdatedAt, bool Archived, bool SchemeArchived, int Total);
    public sealed record SchemeOption(string Code, string Name, bool Archived);

    [BindProperty(SupportsGet = true)] public ClusterSearch Search { get; set; } = new();

    public List<Row> Rows { get; private set; } = [];
    public List<SchemeOption> Schemes { get; private set; } = [];
    public Pagination Pagination { get; private set; } = new(1, 0);
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanExport => Roles.AllowedFor(Roles.Policies.Report).Any(User.IsInRole);

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        Schemes = (await conn.QueryAsync<SchemeOption>(
            "select code::text as \"Code\", name as \"Name\", archived_at is not null as \"Archived\" from clustering_scheme order by code")).ToList();
        Search.Validate(Schemes.Select(s => s.Code).ToList());
        foreach (var (field, message) in Search.Problems) ModelState.AddModelError($"Search.{field}", message);

        var (where, parameters) = Search.Filter();
        parameters.Add("offset", (Search.Page - 1) * ListLinks.PageSize);
        parameters.Add("limit", ListLinks.PageSize);
        Rows = (await conn.QueryAsync<Row>(ListSql(where, Search.Order()), parameters)).ToList();
        // Past the last page there are no rows to carry the total, so it is counted on its own.
        var total = Rows.Count > 0 ? Rows[0].Total : await conn.ExecuteScalarAsync<int>($"""
            with recursive {ClusterSearch.TreeCte}
            select count(*)::int from cluster c join tree t on t.id = c.id join clustering_scheme s on s.id = c.scheme_id {where}
            """, parameters);
        Pagination = new Pagination(Search.Page, total);
    }

    /// <summary>The matching clusters are found once, counted, and only the page shown is joined to its details.</summary>
    private static string ListSql(string where, (string Key, string Direction) order) => $"""
        with recursive {ClusterSearch.TreeCte},
        hits as materialized (
          select c.id, {order.Key} as sort_key, search_text(s.code::text) collate "C" as scheme_key, t.tree_key
          from cluster c join tree t on t.id = c.id join clustering_scheme s on s.id = c.scheme_id
          {where}
        ), page as (
          select id, sort_key, scheme_key, tree_key from hits
          order by sort_key {order.Direction}, scheme_key, tree_key offset @offset limit @limit
        )
        select c.id as "Id", t.path as "Path", c.name::text as "Name", t.depth as "Depth", s.id as "SchemeId", s.code::text as "SchemeCode",
               {ClusterSearch.ChildrenSql} as "Children", {ClusterSearch.RolesSql} as "Roles",
               c.updated_at as "UpdatedAt", c.archived_at is not null as "Archived", s.archived_at is not null as "SchemeArchived",
               (select count(*) from hits)::int as "Total"
        from page
        join cluster c on c.id = page.id
        join tree t on t.id = c.id
        join clustering_scheme s on s.id = c.scheme_id
        order by page.sort_key {order.Direction}, page.scheme_key, page.tree_key
        """;
}
