using Dapper;
using Iqf.Admin.Security;
using Iqf.Admin.Web.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.TakeUpFigures;

/// <summary>How many learners took each qualification per academic year and source: search, filters, sorting, paging, export of a selection.</summary>
public class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(long Id, long QualificationId, string Reference, string Title, short Year, string Source, int Learners, DateTime UpdatedAt, int Total);
    public sealed record QualificationFound(long Id, string Reference, string Title);

    [BindProperty(SupportsGet = true)] public TakeUpSearch Search { get; set; } = new();

    public List<Row> Rows { get; private set; } = [];
    public Pagination Pagination { get; private set; } = new(1, 0);
    /// <summary>The qualification the list is filtered to, when it exists.</summary>
    public QualificationFound? Qualification { get; private set; }
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanExport => Roles.AllowedFor(Roles.Policies.Report).Any(User.IsInRole);

    public async Task OnGetAsync()
    {
        Search.Validate();
        await using var conn = await db.OpenConnectionAsync();
        if (Search.Qualification is not null)
        {
            Qualification = await conn.QueryFirstOrDefaultAsync<QualificationFound>(
                "select id as \"Id\", reference as \"Reference\", title as \"Title\" from qualification where reference = @r", new { r = Search.Qualification });
            // The filter still applies (the list is empty), so a link to a mistyped reference does not show everything.
            if (Qualification is null) Search.Problems.Add(("Qualification", $"There is no qualification with reference {Search.Qualification}"));
        }
        foreach (var (field, message) in Search.Problems) ModelState.AddModelError($"Search.{field}", message);

        var (where, parameters) = Search.Filter();
        parameters.Add("offset", (Search.Page - 1) * ListLinks.PageSize);
        parameters.Add("limit", ListLinks.PageSize);
        Rows = (await conn.QueryAsync<Row>(ListSql(where, Search.Order()), parameters)).ToList();
        var total = Rows.Count > 0 ? Rows[0].Total
            : await conn.ExecuteScalarAsync<int>($"select count(*)::int from take_up t join qualification q on q.id = t.qualification_id {where}", parameters);
        Pagination = new Pagination(Search.Page, total);
    }

    /// <summary>Matching figures found once, counted, and only the page shown returned (as the other lists do).</summary>
    private static string ListSql(string where, (string Key, string Direction) order) => $"""
        with hits as materialized (
          select t.id, {order.Key} as sort_key from take_up t join qualification q on q.id = t.qualification_id {where}
        ), page as (
          select id, sort_key from hits order by sort_key {order.Direction}, id {order.Direction} offset @offset limit @limit
        )
        select t.id as "Id", q.id as "QualificationId", q.reference as "Reference", q.title as "Title", t.year as "Year", t.source as "Source",
               t.learners as "Learners", t.updated_at as "UpdatedAt", (select count(*) from hits)::int as "Total"
        from page
        join take_up t on t.id = page.id
        join qualification q on q.id = t.qualification_id
        order by page.sort_key {order.Direction}, page.id {order.Direction}
        """;
}
