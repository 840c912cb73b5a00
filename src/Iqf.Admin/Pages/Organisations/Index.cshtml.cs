using Dapper;
using Iqf.Admin.Security;
using Iqf.Admin.Web.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Organisations;

public class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(long Id, string Name, string? Acronym, string Type, DateTime? ActiveFrom, DateTime? ActiveTo,
        string? Predecessor, string? MatchedAlias, int Qualifications, DateTime UpdatedAt, bool Archived, int Total);

    [BindProperty(SupportsGet = true)] public OrganisationSearch Search { get; set; } = new();

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
        Rows = (await conn.QueryAsync<Row>(ListSql(where, Search.Order(), Search.Q is not null), parameters)).ToList();
        // Past the last page there are no rows to carry the total, so it is counted on its own.
        var total = Rows.Count > 0 ? Rows[0].Total : await conn.ExecuteScalarAsync<int>($"select count(*)::int from organisation o {where}", parameters);
        Pagination = new Pagination(Search.Page, total);
    }

    private const string MatchedAliasSql = """
        case when search_text(o.name::text) like '%' || search_text(@q) || '%'
               or search_text(o.acronym::text) like '%' || search_text(@q) || '%' then null
             else (select min(a.alias::text) from organisation_alias a
                   where a.organisation_id = o.id and search_text(a.alias::text) like '%' || search_text(@q) || '%') end
        """;

    /// <summary>
    /// The matching rows are found once, counted, and only the page shown is joined to its
    /// details. When the search matched an alias rather than the name or acronym, that alias is
    /// returned so the list can say why the row is there.
    /// </summary>
    private static string ListSql(string where, (string Key, string Direction) order, bool searching) => $"""
        with hits as materialized (
          select o.id, {order.Key} as sort_key from organisation o {where}
        ), page as (
          select id, sort_key from hits order by sort_key {order.Direction}, id {order.Direction} offset @offset limit @limit
        )
        select o.id as "Id", o.name::text as "Name", o.acronym::text as "Acronym", o.type as "Type",
               o.active_from::timestamp as "ActiveFrom", o.active_to::timestamp as "ActiveTo", p.name::text as "Predecessor",
               {(searching ? MatchedAliasSql : "null::text")} as "MatchedAlias",
               (select count(*)::int from qualification q where q.awarding_body_id = o.id and q.archived_at is null) as "Qualifications",
               o.updated_at as "UpdatedAt", o.archived_at is not null as "Archived", (select count(*) from hits)::int as "Total"
        from page
        join organisation o on o.id = page.id
        left join organisation p on p.id = o.predecessor_id
        order by page.sort_key {order.Direction}, page.id {order.Direction}
        """;
}
