using Dapper;
using Iqf.Admin.Security;
using Iqf.Admin.Web.Lists;
using Iqf.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Npgsql;

namespace Iqf.Admin.Pages.Routes;

public class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(long Id, string FromName, bool FromIsRole, string ToName, bool ToIsRole, string Direction, string Mechanism,
        string? Via, string? ViaModules, DateTime UpdatedAt, bool Archived, int Total);

    [BindProperty(SupportsGet = true)] public RouteSearch Search { get; set; } = new();

    public List<Row> Rows { get; private set; } = [];
    public Pagination Pagination { get; private set; } = new(1, 0);
    /// <summary>The role filter's choices: every role, archived ones marked, by title.</summary>
    public List<SelectListItem> RoleChoices { get; private set; } = [];
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanExport => Roles.AllowedFor(Roles.Policies.Report).Any(User.IsInRole);

    public async Task OnGetAsync()
    {
        Search.Validate();
        await using var conn = await db.OpenConnectionAsync();
        RoleChoices = (await conn.QueryAsync<(long Id, string Title, bool Archived)>(
                "select id, title::text, archived_at is not null from job_role order by search_text(title::text) collate \"C\", id"))
            .Select(r => new SelectListItem(r.Archived ? $"{r.Title} (archived)" : r.Title, r.Id.ToString())).ToList();
        if (Search.Role is not null)
            Search.ResolveRole(long.TryParse(Search.Role, out var roleId) && RoleChoices.Any(r => r.Value == roleId.ToString()) ? roleId : null);
        if (Search.Qualification is not null)
            Search.ResolveQualification(await conn.ExecuteScalarAsync<long?>(
                "select id from qualification where reference = @reference", new { reference = QualificationReference.Normalise(Search.Qualification) }));
        foreach (var (field, message) in Search.Problems) ModelState.AddModelError($"Search.{field}", message);

        var (where, parameters) = Search.Filter();
        parameters.Add("offset", (Search.Page - 1) * ListLinks.PageSize);
        parameters.Add("limit", ListLinks.PageSize);
        Rows = (await conn.QueryAsync<Row>(ListSql(where, Search.Order()), parameters)).ToList();
        // Past the last page there are no rows to carry the total, so it is counted on its own.
        var total = Rows.Count > 0 ? Rows[0].Total
            : await conn.ExecuteScalarAsync<int>($"select count(*)::int from progression_route p {RouteText.EndJoins} {where}", parameters);
        Pagination = new Pagination(Search.Page, total);
    }

    /// <summary>
    /// The matching routes are found once (their ends joined, since the search and the sort are
    /// about them), counted, and only the page shown gets its bridging qualifications and modules.
    /// </summary>
    private static string ListSql(string where, (string Key, string Direction) order) => $"""
        with hits as materialized (
          select p.id, {order.Key} as sort_key from progression_route p {RouteText.EndJoins} {where}
        ), page as (
          select id, sort_key from hits order by sort_key {order.Direction}, id {order.Direction} offset @offset limit @limit
        )
        select p.id as "Id", {RouteText.FromName} as "FromName", p.from_role_id is not null as "FromIsRole",
               {RouteText.ToName} as "ToName", p.to_role_id is not null as "ToIsRole",
               p.direction as "Direction", p.mechanism as "Mechanism",
               {RouteText.ViaQualificationsSql} as "Via", {RouteText.ViaModulesSql} as "ViaModules",
               p.updated_at as "UpdatedAt", p.archived_at is not null as "Archived", (select count(*) from hits)::int as "Total"
        from page
        join progression_route p on p.id = page.id
        {RouteText.EndJoins}
        order by page.sort_key {order.Direction}, page.id {order.Direction}
        """;
}
