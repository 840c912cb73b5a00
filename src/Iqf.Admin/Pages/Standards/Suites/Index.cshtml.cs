using Dapper;
using Iqf.Admin.Security;
using Iqf.Admin.Web.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Npgsql;

namespace Iqf.Admin.Pages.Standards.Suites;

public class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(long Id, string Code, string Title, long? OwnerId, string? Owner, DateTime? ApprovedOn, DateTime? ReviewDueOn,
        int Standards, DateTime UpdatedAt, bool Archived, int Total);

    [BindProperty(SupportsGet = true)] public SuiteSearch Search { get; set; } = new();

    public List<Row> Rows { get; private set; } = [];
    public Pagination Pagination { get; private set; } = new(1, 0);
    public List<SelectListItem> Owners { get; private set; } = [];
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanExport => Roles.AllowedFor(Roles.Policies.Report).Any(User.IsInRole);

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        Owners = (await conn.QueryAsync<(long Id, string Name)>(
                "select o.id, o.name::text from organisation o where exists (select 1 from nos_suite s where s.owner_organisation_id = o.id) order by o.name"))
            .Select(o => new SelectListItem(o.Name, o.Id.ToString())).ToList();
        Search.Validate(Owners.Select(o => long.Parse(o.Value)).ToList());
        foreach (var (field, message) in Search.Problems) ModelState.AddModelError($"Search.{field}", message);

        var (where, parameters) = Search.Filter();
        parameters.Add("offset", (Search.Page - 1) * ListLinks.PageSize);
        parameters.Add("limit", ListLinks.PageSize);
        var order = Search.Order();
        Rows = (await conn.QueryAsync<Row>($"""
            with hits as materialized (
              select su.id, {order.Key} as sort_key from {SuiteSearch.From} {where}
            ), page as (
              select id, sort_key from hits order by sort_key {order.Direction} nulls last, id {order.Direction} offset @offset limit @limit
            )
            select su.id as "Id", su.code::text as "Code", su.title as "Title", ow.id as "OwnerId", ow.name::text as "Owner",
                   su.approved_on::timestamp as "ApprovedOn", su.review_due_on::timestamp as "ReviewDueOn",
                   (select count(*)::int from occupational_standard st where st.suite_id = su.id and st.archived_at is null) as "Standards",
                   su.updated_at as "UpdatedAt", su.archived_at is not null as "Archived", (select count(*) from hits)::int as "Total"
            from page
            join nos_suite su on su.id = page.id
            left join organisation ow on ow.id = su.owner_organisation_id
            order by page.sort_key {order.Direction} nulls last, page.id {order.Direction}
            """, parameters)).ToList();
        // Past the last page there are no rows to carry the total, so it is counted on its own.
        var total = Rows.Count > 0 ? Rows[0].Total : await conn.ExecuteScalarAsync<int>($"select count(*)::int from {SuiteSearch.From} {where}", parameters);
        Pagination = new Pagination(Search.Page, total);
    }
}
