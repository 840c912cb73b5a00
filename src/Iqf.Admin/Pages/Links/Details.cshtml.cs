using Dapper;
using Iqf.Admin.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Links;

/// <summary>One link: its address, what the checker found (state, status, error, failures, recent checks) and the records that point at it.</summary>
public class DetailsModel(NpgsqlDataSource db) : PageModel
{
    /// <summary>How many of the latest checks are listed; the link checker prunes older ones anyway.</summary>
    public const int RecentChecks = 20;

    public sealed record Summary(long Id, string Url, string NormalizedUrl, string Host, string State, bool Ignored, string? FinalUrl,
        short? LastStatus, string? LastErrorKind, string? LastError, string? Warning, int ConsecutiveFailures,
        DateTime? FirstFailedAt, DateTime? LastCheckedAt, DateTime CreatedAt, DateTime UpdatedAt);
    public sealed record Owner(long OwnerRowId, string Kind, long RecordId, string Label, string? Purpose);
    public sealed record Check(DateTime CheckedAt, string Outcome, short? Status, string? ErrorKind, string? Error, string? FinalUrl, short Hops, int? DurationMs);

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public Summary L { get; private set; } = null!;
    public List<Owner> Owners { get; private set; } = [];
    public List<Check> Checks { get; private set; } = [];
    public int CheckCount { get; private set; }
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        using var grid = await conn.QueryMultipleAsync("""
            select e.id as "Id", e.url as "Url", e.normalized_url as "NormalizedUrl", e.host::text as "Host", e.state as "State",
                   e.ignored as "Ignored", e.final_url as "FinalUrl", e.last_status as "LastStatus", e.last_error_kind as "LastErrorKind",
                   e.last_error as "LastError", e.warning as "Warning", e.consecutive_failures as "ConsecutiveFailures",
                   e.first_failed_at as "FirstFailedAt", e.last_checked_at as "LastCheckedAt", e.created_at as "CreatedAt", e.updated_at as "UpdatedAt"
            from external_link e where e.id = @id;

            select k.link_owner_id as "OwnerRowId", k.owner_kind as "Kind", k.owner_id as "RecordId", k.owner_label as "Label", k.purpose as "Purpose"
            from link_owner_key k where k.link_id = @id
            order by k.owner_kind collate "C", k.owner_label collate "C", k.link_owner_id;

            select c.checked_at as "CheckedAt", c.outcome as "Outcome", c.status as "Status", c.error_kind as "ErrorKind", c.error as "Error",
                   c.final_url as "FinalUrl", c.hops as "Hops", c.duration_ms as "DurationMs"
            from link_check c where c.link_id = @id
            order by c.checked_at desc, c.id desc
            limit @recent;

            select count(*)::int from link_check where link_id = @id;
            """, new { id = Id, recent = RecentChecks });
        var link = await grid.ReadSingleOrDefaultAsync<Summary>();
        if (link is null) return NotFound();
        L = link;
        Owners = (await grid.ReadAsync<Owner>()).ToList();
        Checks = (await grid.ReadAsync<Check>()).ToList();
        CheckCount = await grid.ReadSingleAsync<int>();
        return Page();
    }
}
