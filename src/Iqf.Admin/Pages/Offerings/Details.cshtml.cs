using Dapper;
using Iqf.Admin.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Offerings;

public class DetailsModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Summary(long Id, long QualificationId, string Reference, string Title, string Status, bool QualificationArchived,
        long ProviderId, string Provider, string ProviderType, bool ProviderArchived, string Region, string Mode, decimal? Cost, string? Url,
        DateTime? LastReviewedAt, string? LastReviewedBy, short? ReviewIntervalMonths, DateTime CreatedAt, DateTime UpdatedAt, DateTime? ArchivedAt);
    public sealed record LinkRow(string Url, string State, string? Purpose, DateTime? LastCheckedAt);
    public sealed record FlagRow(long Id, string Reason, string? Detail, DateTime RaisedAt);

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public Summary O { get; private set; } = null!;
    public List<LinkRow> Links { get; private set; } = [];
    public List<FlagRow> Flags { get; private set; } = [];
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanDelete => User.IsInRole(Roles.Admin);

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        using var grid = await conn.QueryMultipleAsync("""
            select po.id as "Id", q.id as "QualificationId", q.reference as "Reference", q.title as "Title", q.status as "Status",
                   q.archived_at is not null as "QualificationArchived", pr.id as "ProviderId", pr.name::text as "Provider", pr.type as "ProviderType",
                   pr.archived_at is not null as "ProviderArchived", po.region as "Region", po.mode as "Mode", po.cost as "Cost", po.url as "Url",
                   po.last_reviewed_at as "LastReviewedAt", po.last_reviewed_by as "LastReviewedBy", po.review_interval_months as "ReviewIntervalMonths",
                   po.created_at as "CreatedAt", po.updated_at as "UpdatedAt", po.archived_at as "ArchivedAt"
            from provider_offering po join qualification q on q.id = po.qualification_id join organisation pr on pr.id = po.provider_id
            where po.id = @id;

            select e.url as "Url", e.state as "State", lo.purpose as "Purpose", e.last_checked_at as "LastCheckedAt"
            from link_owner lo join external_link e on e.id = lo.link_id where lo.provider_offering_id = @id order by e.url;

            select f.id as "Id", f.reason as "Reason", f.detail as "Detail", f.raised_at as "RaisedAt"
            from review_flag f where f.entity_kind = 'offering' and f.entity_id = @id and f.resolved_at is null order by f.raised_at;
            """, new { id = Id });
        var o = await grid.ReadSingleOrDefaultAsync<Summary>();
        if (o is null) return NotFound();
        O = o;
        Links = (await grid.ReadAsync<LinkRow>()).ToList();
        Flags = (await grid.ReadAsync<FlagRow>()).ToList();
        return Page();
    }

    public static string StateColour(string state) => state switch { "ok" => "green", "broken" => "red", "blocked" => "orange", "redirected" => "yellow", _ => "grey" };
}
