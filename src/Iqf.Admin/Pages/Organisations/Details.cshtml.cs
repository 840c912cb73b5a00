using Dapper;
using Iqf.Admin.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Organisations;

public class DetailsModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Summary(long Id, string Name, string? Acronym, string Type, string? Website, string? OfqualRecognitionNumber,
        DateTime? ActiveFrom, DateTime? ActiveTo, DateTime? LastReviewedAt, string? LastReviewedBy, short? ReviewIntervalMonths,
        DateTime CreatedAt, DateTime UpdatedAt, DateTime? ArchivedAt);
    /// <summary>A predecessor or successor, with the dates that place it in time.</summary>
    public sealed record Related(long Id, string Name, DateTime? ActiveFrom, DateTime? ActiveTo, bool Archived);
    public sealed record Counts(int Awarded, int AwardedArchived, int Endorsed, int RolesRegistered, int SourceDocuments, int Offerings, int NosSuites);
    public sealed record LinkRow(string Url, string State, string? Purpose);
    public sealed record FlagRow(long Id, string Reason, string? Detail, DateTime RaisedAt);

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public Summary O { get; private set; } = null!;
    public List<string> Aliases { get; private set; } = [];
    public Related? Predecessor { get; private set; }
    public List<Related> Successors { get; private set; } = [];
    public Counts Uses { get; private set; } = null!;
    public List<LinkRow> Links { get; private set; } = [];
    public List<FlagRow> Flags { get; private set; } = [];
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanDelete => User.IsInRole(Roles.Admin);

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        using var grid = await conn.QueryMultipleAsync("""
            select o.id as "Id", o.name::text as "Name", o.acronym::text as "Acronym", o.type as "Type", o.website as "Website",
                   o.ofqual_recognition_number as "OfqualRecognitionNumber",
                   o.active_from::timestamp as "ActiveFrom", o.active_to::timestamp as "ActiveTo",
                   o.last_reviewed_at as "LastReviewedAt", o.last_reviewed_by as "LastReviewedBy", o.review_interval_months as "ReviewIntervalMonths",
                   o.created_at as "CreatedAt", o.updated_at as "UpdatedAt", o.archived_at as "ArchivedAt"
            from organisation o where o.id = @id;

            select alias::text from organisation_alias where organisation_id = @id order by alias;

            select p.id as "Id", p.name::text as "Name", p.active_from::timestamp as "ActiveFrom", p.active_to::timestamp as "ActiveTo",
                   p.archived_at is not null as "Archived"
            from organisation o join organisation p on p.id = o.predecessor_id where o.id = @id;

            select s.id as "Id", s.name::text as "Name", s.active_from::timestamp as "ActiveFrom", s.active_to::timestamp as "ActiveTo",
                   s.archived_at is not null as "Archived"
            from organisation s where s.predecessor_id = @id order by s.active_from nulls last, s.name;

            select (select count(*)::int from qualification where awarding_body_id = @id and archived_at is null) as "Awarded",
                   (select count(*)::int from qualification where awarding_body_id = @id and archived_at is not null) as "AwardedArchived",
                   (select count(*)::int from qualification where endorsed_by_id = @id) as "Endorsed",
                   (select count(*)::int from job_role where registration_body_id = @id) as "RolesRegistered",
                   (select count(*)::int from source_document where publisher_id = @id) as "SourceDocuments",
                   (select count(*)::int from provider_offering where provider_id = @id) as "Offerings",
                   (select count(*)::int from nos_suite where owner_organisation_id = @id) as "NosSuites";

            select e.url as "Url", e.state as "State", lo.purpose as "Purpose"
            from link_owner lo join external_link e on e.id = lo.link_id where lo.organisation_id = @id order by e.url;

            select f.id as "Id", f.reason as "Reason", f.detail as "Detail", f.raised_at as "RaisedAt"
            from review_flag f where f.entity_kind = 'organisation' and f.entity_id = @id and f.resolved_at is null order by f.raised_at;
            """, new { id = Id });
        var o = await grid.ReadSingleOrDefaultAsync<Summary>();
        if (o is null) return NotFound();
        O = o;
        Aliases = (await grid.ReadAsync<string>()).ToList();
        Predecessor = await grid.ReadSingleOrDefaultAsync<Related>();
        Successors = (await grid.ReadAsync<Related>()).ToList();
        Uses = await grid.ReadSingleAsync<Counts>();
        Links = (await grid.ReadAsync<LinkRow>()).ToList();
        Flags = (await grid.ReadAsync<FlagRow>()).ToList();
        return Page();
    }

    public static string Dates(DateTime? from, DateTime? to) => (from, to) switch
    {
        (null, null) => "dates not recorded",
        (not null, null) => $"from {from:d MMMM yyyy}",
        (null, not null) => $"until {to:d MMMM yyyy}",
        _ => $"{from:d MMMM yyyy} to {to:d MMMM yyyy}",
    };
}
