using Dapper;
using Iqf.Admin.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.JobRoles;

public class DetailsModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Summary(long Id, string Title, string? Description, short? CareerLevel, string? CareerLevelName, string? Workforce,
        string Status, string? MandatoryRequirement, long? RegistrationBodyId, string? RegistrationBody, DateTime? LastReviewedAt,
        string? LastReviewedBy, short? ReviewIntervalMonths, DateTime CreatedAt, DateTime UpdatedAt, DateTime? ArchivedAt);
    public sealed record ClusterRow(string SchemeCode, string SchemeName, string? Path);
    public sealed record QualificationRow(long Id, string Reference, string Title, bool Archived, string Relevance, string Requirement,
        bool Significant, DateTime? ValidFrom, DateTime? ValidTo, string? Conditions);
    public sealed record FlagRow(long Id, string Reason, string? Detail, DateTime RaisedAt);

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public Summary R { get; private set; } = null!;
    public List<string> Aliases { get; private set; } = [];
    public List<ClusterRow> Clusters { get; private set; } = [];
    public List<QualificationRow> Qualifications { get; private set; } = [];
    public List<FlagRow> Flags { get; private set; } = [];
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanDelete => User.IsInRole(Roles.Admin);

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        using var grid = await conn.QueryMultipleAsync($"""
            select r.id as "Id", r.title::text as "Title", r.description as "Description", r.career_level as "CareerLevel",
                   (select l.name from level l join level_framework f on f.id = l.framework_id where f.code = 'CAREER' and l.ordinal = r.career_level) as "CareerLevelName",
                   r.workforce as "Workforce", r.status as "Status", r.mandatory_requirement as "MandatoryRequirement",
                   r.registration_body_id as "RegistrationBodyId", o.name::text as "RegistrationBody",
                   r.last_reviewed_at as "LastReviewedAt", r.last_reviewed_by as "LastReviewedBy", r.review_interval_months as "ReviewIntervalMonths",
                   r.created_at as "CreatedAt", r.updated_at as "UpdatedAt", r.archived_at as "ArchivedAt"
            from job_role r left join organisation o on o.id = r.registration_body_id
            where r.id = @id;

            select alias::text from job_role_alias where job_role_id = @id order by alias;

            select s.code::text as "SchemeCode", s.name as "SchemeName", cp.path as "Path"
            from clustering_scheme s
            left join job_role_cluster jc on jc.scheme_id = s.id and jc.job_role_id = @id
            left join cluster_path cp on cp.cluster_id = jc.cluster_id
            where s.archived_at is null or jc.job_role_id is not null
            order by s.id;

            select q.id as "Id", q.reference as "Reference", q.title as "Title", q.archived_at is not null as "Archived",
                   rq.relevance as "Relevance", rq.requirement as "Requirement", rq.significant as "Significant",
                   rq.valid_from::timestamp as "ValidFrom", rq.valid_to::timestamp as "ValidTo", rq.conditions as "Conditions"
            from role_qualification rq join qualification q on q.id = rq.qualification_id
            where rq.job_role_id = @id
            order by {RoleQualificationOrder};

            select f.id as "Id", f.reason as "Reason", f.detail as "Detail", f.raised_at as "RaisedAt"
            from review_flag f where f.entity_kind = 'role' and f.entity_id = @id and f.resolved_at is null order by f.raised_at;
            """, new { id = Id });
        var r = await grid.ReadSingleOrDefaultAsync<Summary>();
        if (r is null) return NotFound();
        R = r;
        Aliases = (await grid.ReadAsync<string>()).ToList();
        Clusters = (await grid.ReadAsync<ClusterRow>()).ToList();
        Qualifications = (await grid.ReadAsync<QualificationRow>()).ToList();
        Flags = (await grid.ReadAsync<FlagRow>()).ToList();
        return Page();
    }

    /// <summary>Core before general, required before recommended before accepted: the order a reader weighs them in.</summary>
    public const string RoleQualificationOrder =
        "rq.relevance = 'general', array_position(array['required', 'recommended', 'accepted'], rq.requirement), q.reference";
}
