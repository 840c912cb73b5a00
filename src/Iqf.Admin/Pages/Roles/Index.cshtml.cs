using Dapper;
using Iqf.Admin.Security;
using Iqf.Admin.Web.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.JobRoles;

public class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(long Id, string Title, string? Aliases, short? CareerLevel, string? Workforce, string Status,
        int Qualifications, DateTime UpdatedAt, bool Archived, int Total);

    [BindProperty(SupportsGet = true)] public RoleSearch Search { get; set; } = new();

    public List<Row> Rows { get; private set; } = [];
    public Pagination Pagination { get; private set; } = new(1, 0);
    public List<RoleLookups.CareerLevel> CareerLevels { get; private set; } = [];
    public List<RoleLookups.Scheme> Schemes { get; private set; } = [];
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanExport => Roles.AllowedFor(Roles.Policies.Report).Any(User.IsInRole);

    public string LevelName(short? level) => level is null ? "" : CareerLevels.FirstOrDefault(l => l.Number == level)?.Text ?? level.ToString()!;

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        CareerLevels = await RoleLookups.CareerLevelsAsync(conn);
        Schemes = await RoleLookups.SchemesAsync(conn);
        Search.Validate(Schemes.SelectMany(s => s.Clusters).Select(c => c.Id).ToList());
        foreach (var (field, message) in Search.Problems) ModelState.AddModelError($"Search.{field}", message);

        var (where, parameters) = Search.Filter();
        var (key, direction) = Search.Order();
        parameters.Add("offset", (Search.Page - 1) * ListLinks.PageSize);
        parameters.Add("limit", ListLinks.PageSize);
        Rows = (await conn.QueryAsync<Row>($"""
            select r.id as "Id", r.title::text as "Title",
                   (select string_agg(a.alias::text, '; ' order by a.alias) from job_role_alias a where a.job_role_id = r.id) as "Aliases",
                   r.career_level as "CareerLevel", r.workforce as "Workforce", r.status as "Status",
                   (select count(*)::int from role_qualification rq where rq.job_role_id = r.id) as "Qualifications",
                   r.updated_at as "UpdatedAt", r.archived_at is not null as "Archived", (count(*) over ())::int as "Total"
            from job_role r
            {where}
            order by {key} {direction}, r.id {direction}
            offset @offset limit @limit
            """, parameters)).ToList();
        // Past the last page there are no rows to carry the total, so it is counted on its own.
        var total = Rows.Count > 0 ? Rows[0].Total : await conn.ExecuteScalarAsync<int>($"select count(*)::int from job_role r {where}", parameters);
        Pagination = new Pagination(Search.Page, total);
    }
}
