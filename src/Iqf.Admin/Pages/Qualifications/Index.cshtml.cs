using Dapper;
using Iqf.Admin.Security;
using Iqf.Admin.Web.Lists;
using Iqf.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Npgsql;

namespace Iqf.Admin.Pages.Qualifications;

public class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(long Id, string Reference, string Title, string Type, string Status, string? Levels,
        string? AwardingBody, string CommonCoreStatus, DateTime UpdatedAt, bool Archived, int Total);

    [BindProperty(SupportsGet = true)] public QualificationSearch Search { get; set; } = new();

    public List<Row> Rows { get; private set; } = [];
    public Pagination Pagination { get; private set; } = new(1, 0);
    public List<SelectListItem> Frameworks { get; private set; } = [];
    public List<SelectListItem> AwardingBodies { get; private set; } = [];
    public List<SelectListItem> AgeFocuses { get; private set; } = [];
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanExport => Roles.AllowedFor(Roles.Policies.Report).Any(User.IsInRole);

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        using (var lists = await conn.QueryMultipleAsync("""
            select code::text from level_framework where archived_at is null order by code;
            select o.id, o.name::text from organisation o where exists (select 1 from qualification q where q.awarding_body_id = o.id) order by 2;
            -- The distinct age focuses by skipping through the index, not reading every qualification.
            with recursive a as (
              select min(age_focus) as v from qualification
              union all
              select (select min(age_focus) from qualification where age_focus > a.v) from a where a.v is not null
            ) select v from a where v is not null;
            """))
        {
            Frameworks = (await lists.ReadAsync<string>()).Select(c => new SelectListItem(c, c)).ToList();
            AwardingBodies = (await lists.ReadAsync<(long Id, string Name)>()).Select(o => new SelectListItem(o.Name, o.Id.ToString())).ToList();
            AgeFocuses = (await lists.ReadAsync<string>()).Select(a => new SelectListItem(a, a)).ToList();
        }
        Search.Validate(Frameworks.Select(f => f.Value).ToList());
        foreach (var (field, message) in Search.Problems) ModelState.AddModelError($"Search.{field}", message);

        var (where, parameters) = Search.Filter();
        parameters.Add("offset", (Search.Page - 1) * ListLinks.PageSize);
        parameters.Add("limit", ListLinks.PageSize);
        Rows = (await conn.QueryAsync<Row>(ListSql(where, Search.Order()), parameters)).ToList();
        // Past the last page there are no rows to carry the total, so it is counted on its own.
        var total = Rows.Count > 0 ? Rows[0].Total : await conn.ExecuteScalarAsync<int>(CountSql(where), parameters);
        Pagination = new Pagination(Search.Page, total);
    }

    /// <summary>The page of rows, then the count, in one round trip (public so the benchmark runs exactly this).</summary>
    /// <summary>
    /// One statement: the matching rows are found once (hits), counted, and only the requested
    /// page of 50 is joined to its details. Public so the benchmark runs exactly this SQL.
    /// </summary>
    public static string ListSql(string where, (string Key, string Direction) order) => $"""
        with hits as materialized (
          select q.id, {order.Key} as sort_key from qualification q {where}
        ), page as (
          select id, sort_key from hits order by sort_key {order.Direction}, id {order.Direction} offset @offset limit @limit
        )
        select q.id as "Id", q.reference as "Reference", q.title as "Title", q.type as "Type", q.status as "Status",
               (select string_agg(l.framework_code || ' ' || l.level_code, ', ' order by ql.is_primary desc, l.framework_code, l.ordinal)
                  from qualification_level ql join level_lookup l on l.level_id = ql.level_id where ql.qualification_id = q.id) as "Levels",
               o.name::text as "AwardingBody", q.common_core_status as "CommonCoreStatus", q.updated_at as "UpdatedAt",
               q.archived_at is not null as "Archived", (select count(*) from hits)::int as "Total"
        from page
        join qualification q on q.id = page.id
        left join organisation o on o.id = q.awarding_body_id
        order by page.sort_key {order.Direction}, page.id {order.Direction}
        """;

    public static string CountSql(string where) => $"select count(*)::int from qualification q {where}";

    public static IEnumerable<SelectListItem> Options(IEnumerable<string> values) => values.Select(v => new SelectListItem(Label(v), v));

    public static string Label(string value) => value switch
    {
        "nvq" => "NVQ",
        "vrq" => "Vocationally-related (VRQ)",
        _ => char.ToUpperInvariant(value[0]) + value[1..].Replace('-', ' '),
    };
}
