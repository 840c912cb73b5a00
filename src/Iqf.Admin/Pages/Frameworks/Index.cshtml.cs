using Dapper;
using Iqf.Admin.Security;
using Iqf.Admin.Web.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Frameworks;

public class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(int Id, string Code, string Name, DateTime? ValidFrom, DateTime? ValidTo, int Levels, int Qualifications,
        DateTime UpdatedAt, bool Archived, int Total);

    [BindProperty(SupportsGet = true)] public FrameworkSearch Search { get; set; } = new();

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
        var total = Rows.Count > 0 ? Rows[0].Total : await conn.ExecuteScalarAsync<int>($"select count(*)::int from level_framework f {where}", parameters);
        Pagination = new Pagination(Search.Page, total);
    }

    /// <summary>The matching rows are found once, counted, and only the page shown gets its counts.</summary>
    private static string ListSql(string where, (string Key, string Direction) order) => $"""
        with hits as materialized (
          select f.id, {order.Key} as sort_key from level_framework f {where}
        ), page as (
          select id, sort_key from hits order by sort_key {order.Direction}, id {order.Direction} offset @offset limit @limit
        )
        select f.id as "Id", f.code::text as "Code", f.name as "Name", f.valid_from::timestamp as "ValidFrom", f.valid_to::timestamp as "ValidTo",
               {FrameworkSearch.LevelCountSql} as "Levels", {FrameworkSearch.QualificationCountSql} as "Qualifications",
               f.updated_at as "UpdatedAt", f.archived_at is not null as "Archived", (select count(*) from hits)::int as "Total"
        from page
        join level_framework f on f.id = page.id
        order by page.sort_key {order.Direction}, page.id {order.Direction}
        """;
}
