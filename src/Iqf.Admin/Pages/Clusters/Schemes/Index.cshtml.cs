using Dapper;
using Iqf.Admin.Security;
using Iqf.Admin.Web.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Clusters.Schemes;

/// <summary>The clustering schemes, each with how many clusters it has and how many job roles it places.</summary>
public class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(int Id, string Code, string Name, string? Description, int Clusters, int Roles, DateTime UpdatedAt, bool Archived, int Total);

    [BindProperty(SupportsGet = true)] public SchemeSearch Search { get; set; } = new();

    public List<Row> Rows { get; private set; } = [];
    public Pagination Pagination { get; private set; } = new(1, 0);
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanExport => Roles.AllowedFor(Roles.Policies.Report).Any(User.IsInRole);

    public async Task OnGetAsync()
    {
        Search.Validate();
        var (where, parameters) = Search.Filter();
        parameters.Add("offset", (Search.Page - 1) * ListLinks.PageSize);
        parameters.Add("limit", ListLinks.PageSize);
        var order = Search.Order();
        await using var conn = await db.OpenConnectionAsync();
        // The matching schemes are found once, counted, and only the page shown is joined to its details.
        Rows = (await conn.QueryAsync<Row>($"""
            with hits as materialized (
              select s.id, {order.Key} as sort_key from clustering_scheme s {where}
            ), page as (
              select id, sort_key from hits order by sort_key {order.Direction}, id {order.Direction} offset @offset limit @limit
            )
            select s.id as "Id", s.code::text as "Code", s.name as "Name", s.description as "Description",
                   {SchemeSearch.ClustersSql} as "Clusters", {SchemeSearch.RolesSql} as "Roles",
                   s.updated_at as "UpdatedAt", s.archived_at is not null as "Archived", (select count(*) from hits)::int as "Total"
            from page join clustering_scheme s on s.id = page.id
            order by page.sort_key {order.Direction}, page.id {order.Direction}
            """, parameters)).ToList();
        // Past the last page there are no rows to carry the total, so it is counted on its own.
        var total = Rows.Count > 0 ? Rows[0].Total : await conn.ExecuteScalarAsync<int>($"select count(*)::int from clustering_scheme s {where}", parameters);
        Pagination = new Pagination(Search.Page, total);
    }
}
