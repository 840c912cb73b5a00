using Dapper;
using Iqf.Admin.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Standards;

public class DetailsModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Summary(long Id, string Code, string Title, long SuiteId, string SuiteCode, string SuiteTitle, bool SuiteArchived,
        long? OwnerId, string? Owner, DateTime? ApprovedOn, DateTime? ReviewDueOn, DateTime? SuiteReviewDueOn,
        DateTime? LastReviewedAt, string? LastReviewedBy, short? ReviewIntervalMonths, DateTime CreatedAt, DateTime UpdatedAt, DateTime? ArchivedAt);
    public sealed record FlagRow(long Id, string Reason, string? Detail, DateTime RaisedAt);

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public Summary S { get; private set; } = null!;
    public List<StandardCoverage.ModuleRow> Modules { get; private set; } = [];
    public List<StandardCoverage.QualificationRow> Qualifications { get; private set; } = [];
    public List<FlagRow> Flags { get; private set; } = [];
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanDelete => User.IsInRole(Roles.Admin);

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        using (var grid = await conn.QueryMultipleAsync("""
            select st.id as "Id", st.code::text as "Code", st.title as "Title", su.id as "SuiteId", su.code::text as "SuiteCode", su.title as "SuiteTitle",
                   su.archived_at is not null as "SuiteArchived", ow.id as "OwnerId", ow.name::text as "Owner",
                   st.approved_on::timestamp as "ApprovedOn", st.review_due_on::timestamp as "ReviewDueOn", su.review_due_on::timestamp as "SuiteReviewDueOn",
                   st.last_reviewed_at as "LastReviewedAt", st.last_reviewed_by as "LastReviewedBy", st.review_interval_months as "ReviewIntervalMonths",
                   st.created_at as "CreatedAt", st.updated_at as "UpdatedAt", st.archived_at as "ArchivedAt"
            from occupational_standard st join nos_suite su on su.id = st.suite_id left join organisation ow on ow.id = su.owner_organisation_id
            where st.id = @id;

            select f.id as "Id", f.reason as "Reason", f.detail as "Detail", f.raised_at as "RaisedAt"
            from review_flag f where f.entity_kind = 'standard' and f.entity_id = @id and f.resolved_at is null order by f.raised_at;
            """, new { id = Id }))
        {
            var s = await grid.ReadSingleOrDefaultAsync<Summary>();
            if (s is null) return NotFound();
            S = s;
            Flags = (await grid.ReadAsync<FlagRow>()).ToList();
        }
        (Modules, Qualifications) = await StandardCoverage.LoadAsync(conn, Id);
        return Page();
    }
}
