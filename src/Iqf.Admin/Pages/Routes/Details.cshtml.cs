using Dapper;
using Iqf.Admin.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Routes;

public class DetailsModel(NpgsqlDataSource db) : PageModel
{
    /// <summary>One end of the route: a job role (title) or a qualification (reference and title).</summary>
    public sealed record End(long Id, bool IsRole, string? Reference, string Title, bool Archived)
    {
        public string Name => IsRole ? Title : $"{Reference} {Title}";
        public string Path => IsRole ? $"/Roles/Details/{Id}" : $"/Qualifications/Details/{Id}";
    }

    public sealed record Summary(long Id, string Direction, string Mechanism, string? Notes, DateTime? LastReviewedAt, string? LastReviewedBy,
        short? ReviewIntervalMonths, DateTime CreatedAt, DateTime UpdatedAt, DateTime? ArchivedAt);
    public sealed record ViaQualification(long Id, string Reference, string Title, bool Archived);
    public sealed record ViaModule(long Id, string Code, string Title, bool Archived);
    public sealed record FlagRow(long Id, string Reason, string? Detail, DateTime RaisedAt);

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public Summary R { get; private set; } = null!;
    public End From { get; private set; } = null!;
    public End To { get; private set; } = null!;
    public List<ViaQualification> ViaQualifications { get; private set; } = [];
    public List<ViaModule> ViaModules { get; private set; } = [];
    public List<FlagRow> Flags { get; private set; } = [];
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanDelete => User.IsInRole(Roles.Admin);
    public string Name => $"{From.Name} to {To.Name}";

    /// <summary>An end of route p, by prefix (from/to): the role's columns when it is a role, else the qualification's.</summary>
    private static string EndSql(string end) => $"""
        select coalesce(p.{end}_role_id, p.{end}_qualification_id) as "Id", p.{end}_role_id is not null as "IsRole",
               q.reference as "Reference", coalesce(r.title::text, q.title) as "Title",
               coalesce(r.archived_at, q.archived_at) is not null as "Archived"
        from progression_route p
        left join job_role r on r.id = p.{end}_role_id
        left join qualification q on q.id = p.{end}_qualification_id
        where p.id = @id;
        """;

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        using var grid = await conn.QueryMultipleAsync($"""
            select p.id as "Id", p.direction as "Direction", p.mechanism as "Mechanism", p.notes as "Notes",
                   p.last_reviewed_at as "LastReviewedAt", p.last_reviewed_by as "LastReviewedBy", p.review_interval_months as "ReviewIntervalMonths",
                   p.created_at as "CreatedAt", p.updated_at as "UpdatedAt", p.archived_at as "ArchivedAt"
            from progression_route p where p.id = @id;

            {EndSql("from")}

            {EndSql("to")}

            select q.id as "Id", q.reference as "Reference", q.title as "Title", q.archived_at is not null as "Archived"
            from route_via_qualification v join qualification q on q.id = v.qualification_id
            where v.route_id = @id order by v.position, q.reference;

            select m.id as "Id", m.code::text as "Code", m.title as "Title", m.archived_at is not null as "Archived"
            from route_via_module v join module m on m.id = v.module_id
            where v.route_id = @id order by v.position, m.code;

            select f.id as "Id", f.reason as "Reason", f.detail as "Detail", f.raised_at as "RaisedAt"
            from review_flag f where f.entity_kind = 'route' and f.entity_id = @id and f.resolved_at is null order by f.raised_at;
            """, new { id = Id });
        var r = await grid.ReadSingleOrDefaultAsync<Summary>();
        if (r is null) return NotFound();
        R = r;
        From = await grid.ReadSingleAsync<End>();
        To = await grid.ReadSingleAsync<End>();
        ViaQualifications = (await grid.ReadAsync<ViaQualification>()).ToList();
        ViaModules = (await grid.ReadAsync<ViaModule>()).ToList();
        Flags = (await grid.ReadAsync<FlagRow>()).ToList();
        return Page();
    }
}
