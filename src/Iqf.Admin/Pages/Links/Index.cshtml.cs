using Dapper;
using Iqf.Admin.Security;
using Iqf.Admin.Web.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Links;

/// <summary>
/// Every external link with its check state: search, filters (state, host, owner kind, ignored,
/// failing), sorting, paging, and bulk ignore / stop ignoring / export of a selection.
/// </summary>
public class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(long Id, string Url, string Host, string State, bool Ignored, short? LastStatus, string? LastErrorKind,
        string? Warning, int ConsecutiveFailures, DateTime? LastCheckedAt, int Owners, string? FirstOwnerKind, string? FirstOwner, int Total);

    [BindProperty(SupportsGet = true)] public LinkSearch Search { get; set; } = new();

    public List<Row> Rows { get; private set; } = [];
    public Pagination Pagination { get; private set; } = new(1, 0);
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanExport => Roles.AllowedFor(Roles.Policies.Report).Any(User.IsInRole);

    public async Task OnGetAsync()
    {
        Search.Validate();
        foreach (var (field, message) in Search.Problems) ModelState.AddModelError($"Search.{field}", message);

        var (where, parameters) = Search.Filter();
        parameters.Add("offset", (Search.Page - 1) * ListLinks.PageSize);
        parameters.Add("limit", ListLinks.PageSize);
        await using var conn = await db.OpenConnectionAsync();
        Rows = (await conn.QueryAsync<Row>(ListSql(where, Search.Order()), parameters)).ToList();
        // Past the last page there are no rows to carry the total, so it is counted on its own.
        var total = Rows.Count > 0 ? Rows[0].Total : await conn.ExecuteScalarAsync<int>($"select count(*)::int from external_link e {where}", parameters);
        Pagination = new Pagination(Search.Page, total);
    }

    /// <summary>
    /// The matching links are found once, counted, and only the page shown is joined to its
    /// owners: how many there are, and the first by kind and name, so the row says whose it is.
    /// </summary>
    private static string ListSql(string where, (string Key, string Direction) order) => $"""
        with hits as materialized (
          select e.id, {order.Key} as sort_key from external_link e {where}
        ), page as (
          select id, sort_key from hits order by sort_key {order.Direction}, id {order.Direction} offset @offset limit @limit
        )
        select e.id as "Id", e.url as "Url", e.host::text as "Host", e.state as "State", e.ignored as "Ignored",
               e.last_status as "LastStatus", e.last_error_kind as "LastErrorKind", e.warning as "Warning",
               e.consecutive_failures as "ConsecutiveFailures", e.last_checked_at as "LastCheckedAt",
               (select count(*)::int from link_owner lo where lo.link_id = e.id) as "Owners",
               first_owner.owner_kind as "FirstOwnerKind", first_owner.owner_label as "FirstOwner",
               (select count(*) from hits)::int as "Total"
        from page
        join external_link e on e.id = page.id
        left join lateral (
          select k.owner_kind, k.owner_label from link_owner_key k where k.link_id = e.id
          order by k.owner_kind collate "C", k.owner_label collate "C" limit 1
        ) first_owner on true
        order by page.sort_key {order.Direction}, page.id {order.Direction}
        """;
}
