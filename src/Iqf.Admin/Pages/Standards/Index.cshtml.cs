using Dapper;
using Iqf.Admin.Security;
using Iqf.Admin.Web.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Npgsql;

namespace Iqf.Admin.Pages.Standards;

public class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(long Id, string Code, string Title, long SuiteId, string SuiteCode, string SuiteTitle, bool SuiteArchived,
        string? Owner, DateTime? ApprovedOn, DateTime? ReviewDueOn, int Modules, DateTime UpdatedAt, bool Archived, int Total);

    [BindProperty(SupportsGet = true)] public StandardSearch Search { get; set; } = new();

    public List<Row> Rows { get; private set; } = [];
    public Pagination Pagination { get; private set; } = new(1, 0);
    public List<SelectListItem> Suites { get; private set; } = [];
    public List<SelectListItem> Owners { get; private set; } = [];
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanExport => Roles.AllowedFor(Roles.Policies.Report).Any(User.IsInRole);

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        using (var lists = await conn.QueryMultipleAsync("""
            select id, code::text || ' ' || title from nos_suite order by archived_at is not null, code;
            select o.id, o.name::text from organisation o where exists (select 1 from nos_suite s where s.owner_organisation_id = o.id) order by o.name;
            """))
        {
            Suites = (await lists.ReadAsync<(long Id, string Name)>()).Select(s => new SelectListItem(s.Name, s.Id.ToString())).ToList();
            Owners = (await lists.ReadAsync<(long Id, string Name)>()).Select(o => new SelectListItem(o.Name, o.Id.ToString())).ToList();
        }
        Search.Validate(Suites.Select(s => long.Parse(s.Value)).ToList(), Owners.Select(o => long.Parse(o.Value)).ToList());
        foreach (var (field, message) in Search.Problems) ModelState.AddModelError($"Search.{field}", message);

        var (where, parameters) = Search.Filter();
        parameters.Add("offset", (Search.Page - 1) * ListLinks.PageSize);
        parameters.Add("limit", ListLinks.PageSize);
        Rows = (await conn.QueryAsync<Row>(ListSql(where, Search.Order()), parameters)).ToList();
        // Past the last page there are no rows to carry the total, so it is counted on its own.
        var total = Rows.Count > 0 ? Rows[0].Total : await conn.ExecuteScalarAsync<int>($"select count(*)::int from {StandardSearch.From} {where}", parameters);
        Pagination = new Pagination(Search.Page, total);
    }

    /// <summary>The matching rows are found once, counted, and only the page shown is joined to its details.</summary>
    private static string ListSql(string where, (string Key, string Direction) order) => $"""
        with hits as materialized (
          select st.id, {order.Key} as sort_key from {StandardSearch.From} {where}
        ), page as (
          select id, sort_key from hits order by sort_key {order.Direction} nulls last, id {order.Direction} offset @offset limit @limit
        )
        select st.id as "Id", st.code::text as "Code", st.title as "Title", su.id as "SuiteId", su.code::text as "SuiteCode",
               su.title as "SuiteTitle", su.archived_at is not null as "SuiteArchived", ow.name::text as "Owner",
               st.approved_on::timestamp as "ApprovedOn", st.review_due_on::timestamp as "ReviewDueOn",
               (select count(*)::int from module_standard ms where ms.standard_id = st.id) as "Modules",
               st.updated_at as "UpdatedAt", st.archived_at is not null as "Archived", (select count(*) from hits)::int as "Total"
        from page
        join occupational_standard st on st.id = page.id
        join nos_suite su on su.id = st.suite_id
        left join organisation ow on ow.id = su.owner_organisation_id
        order by page.sort_key {order.Direction} nulls last, page.id {order.Direction}
        """;
}
