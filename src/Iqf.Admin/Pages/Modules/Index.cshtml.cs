using Dapper;
using Iqf.Admin.Security;
using Iqf.Admin.Web.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Modules;

public class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(long Id, string Code, string Title, string? Level, int Qualifications, string? Areas,
        DateTime UpdatedAt, bool Archived, int Total);

    [BindProperty(SupportsGet = true)] public ModuleSearch Search { get; set; } = new();

    public List<Row> Rows { get; private set; } = [];
    public Pagination Pagination { get; private set; } = new(1, 0);
    public List<string> Frameworks { get; private set; } = [];
    public List<(short Number, string Name)> Areas { get; private set; } = [];
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanExport => Roles.AllowedFor(Roles.Policies.Report).Any(User.IsInRole);

    /// <summary>The level codes the filter offers, in their frameworks' order.</summary>
    public static readonly string[] LevelCodes = ["Entry", "Entry 1", "Entry 2", "Entry 3", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        using (var lists = await conn.QueryMultipleAsync("""
            select code::text from level_framework where archived_at is null order by code;
            select a.number, n.name::text from common_core_area a join common_core_area_name n on n.area_id = a.id
            join common_core_version v on v.id = n.version_id and v.code = '2010' order by a.number;
            """))
        {
            Frameworks = (await lists.ReadAsync<string>()).ToList();
            Areas = (await lists.ReadAsync<(short, string)>()).ToList();
        }
        Search.Validate(Frameworks);
        foreach (var (field, message) in Search.Problems) ModelState.AddModelError($"Search.{field}", message);

        var (where, parameters) = Search.Filter();
        parameters.Add("offset", (Search.Page - 1) * ListLinks.PageSize);
        parameters.Add("limit", ListLinks.PageSize);
        Rows = (await conn.QueryAsync<Row>(ListSql(Search.SortJoin, where, Search.Order()), parameters)).ToList();
        // Past the last page there are no rows to carry the total, so it is counted on its own.
        var total = Rows.Count > 0 ? Rows[0].Total : await conn.ExecuteScalarAsync<int>($"select count(*)::int from module m {where}", parameters);
        Pagination = new Pagination(Search.Page, total);
    }

    /// <summary>
    /// One statement: the matching modules are found once (hits), counted, and only the page
    /// shown is joined to its level, its qualification count and its mapped areas.
    /// </summary>
    private static string ListSql(string sortJoin, string where, (string Key, string Direction) order) => $"""
        with hits as materialized (
          select m.id, {order.Key} as sort_key from module m {sortJoin} {where}
        ), page as (
          select id, sort_key from hits order by sort_key {order.Direction}, id {order.Direction} offset @offset limit @limit
        )
        select m.id as "Id", m.code::text as "Code", m.title as "Title",
               l.framework_code || ' ' || l.level_code as "Level",
               (select count(*)::int from qualification_module qm where qm.module_id = m.id) as "Qualifications",
               (select string_agg(a.number::text, ', ' order by a.number) from module_common_core mc join common_core_area a on a.id = mc.area_id
                 where mc.module_id = m.id) as "Areas",
               m.updated_at as "UpdatedAt", m.archived_at is not null as "Archived", (select count(*) from hits)::int as "Total"
        from page
        join module m on m.id = page.id
        left join level_lookup l on l.level_id = m.level_id
        order by page.sort_key {order.Direction}, page.id {order.Direction}
        """;
}
