using Dapper;
using Iqf.Admin.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Standards.Suites;

public class DetailsModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Summary(long Id, string Code, string Title, long? OwnerId, string? Owner, bool OwnerArchived, DateTime? ApprovedOn, DateTime? ReviewDueOn,
        DateTime? LastReviewedAt, string? LastReviewedBy, short? ReviewIntervalMonths, DateTime CreatedAt, DateTime UpdatedAt, DateTime? ArchivedAt);
    public sealed record StandardRow(long Id, string Code, string Title, DateTime? ApprovedOn, DateTime? ReviewDueOn, int Modules, bool Archived);

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public Summary S { get; private set; } = null!;
    public List<StandardRow> Standards { get; private set; } = [];
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanDelete => User.IsInRole(Roles.Admin);

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        using var grid = await conn.QueryMultipleAsync("""
            select su.id as "Id", su.code::text as "Code", su.title as "Title", ow.id as "OwnerId", ow.name::text as "Owner",
                   coalesce(ow.archived_at is not null, false) as "OwnerArchived",
                   su.approved_on::timestamp as "ApprovedOn", su.review_due_on::timestamp as "ReviewDueOn",
                   su.last_reviewed_at as "LastReviewedAt", su.last_reviewed_by as "LastReviewedBy", su.review_interval_months as "ReviewIntervalMonths",
                   su.created_at as "CreatedAt", su.updated_at as "UpdatedAt", su.archived_at as "ArchivedAt"
            from nos_suite su left join organisation ow on ow.id = su.owner_organisation_id
            where su.id = @id;

            select st.id as "Id", st.code::text as "Code", st.title as "Title", st.approved_on::timestamp as "ApprovedOn",
                   st.review_due_on::timestamp as "ReviewDueOn",
                   (select count(*)::int from module_standard ms where ms.standard_id = st.id) as "Modules", st.archived_at is not null as "Archived"
            from occupational_standard st where st.suite_id = @id
            order by st.archived_at is not null, search_text(st.code::text) collate "C";
            """, new { id = Id });
        var s = await grid.ReadSingleOrDefaultAsync<Summary>();
        if (s is null) return NotFound();
        S = s;
        Standards = (await grid.ReadAsync<StandardRow>()).ToList();
        return Page();
    }
}
