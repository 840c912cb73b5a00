using Dapper;
using Iqf.Admin.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Modules;

/// <summary>A module: its fields, the qualifications that contain it, its Common Core mapping, the standards it maps to and its open review flags.</summary>
public class DetailsModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Summary(long Id, string Code, string Title, string? Description, string? Level, string? LevelName,
        int? Credits, int? Glh, DateTime? LastReviewedAt, string? LastReviewedBy, short? ReviewIntervalMonths,
        DateTime CreatedAt, DateTime UpdatedAt, DateTime? ArchivedAt);
    public sealed record QualificationRow(long Id, string Reference, string Title, bool Mandatory, string? GroupName, bool Archived);
    public sealed record MappingRow(short Area, string AreaName, string Coverage, string Version, string? Evidence);
    public sealed record StandardRow(string Code, string Title, string Suite);
    public sealed record FlagRow(long Id, string Reason, string? Detail, DateTime RaisedAt);

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public Summary M { get; private set; } = null!;
    public List<QualificationRow> Qualifications { get; private set; } = [];
    public List<MappingRow> Mappings { get; private set; } = [];
    public List<StandardRow> Standards { get; private set; } = [];
    public List<FlagRow> Flags { get; private set; } = [];
    public int Routes { get; private set; }
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanDelete => User.IsInRole(Roles.Admin);

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        using var grid = await conn.QueryMultipleAsync("""
            select m.id as "Id", m.code::text as "Code", m.title as "Title", m.description as "Description",
                   l.framework_code || ' ' || l.level_code as "Level", lv.name as "LevelName",
                   m.credits as "Credits", m.glh as "Glh",
                   m.last_reviewed_at as "LastReviewedAt", m.last_reviewed_by as "LastReviewedBy", m.review_interval_months as "ReviewIntervalMonths",
                   m.created_at as "CreatedAt", m.updated_at as "UpdatedAt", m.archived_at as "ArchivedAt"
            from module m left join level_lookup l on l.level_id = m.level_id left join level lv on lv.id = m.level_id
            where m.id = @id;

            select q.id as "Id", q.reference as "Reference", q.title as "Title", qm.mandatory as "Mandatory", qm.group_name as "GroupName",
                   q.archived_at is not null as "Archived"
            from qualification_module qm join qualification q on q.id = qm.qualification_id
            where qm.module_id = @id order by q.reference;

            -- Each area named in the wording of the version it was mapped against.
            select a.number as "Area", n.name::text as "AreaName", mc.coverage as "Coverage", v.code as "Version", mc.evidence as "Evidence"
            from module_common_core mc join common_core_area a on a.id = mc.area_id join common_core_version v on v.id = mc.version_id
            join common_core_area_name n on n.area_id = a.id and n.version_id = v.id
            where mc.module_id = @id order by a.number;

            select s.code::text as "Code", s.title as "Title", su.title as "Suite"
            from module_standard ms join occupational_standard s on s.id = ms.standard_id join nos_suite su on su.id = s.suite_id
            where ms.module_id = @id order by s.code;

            select f.id as "Id", f.reason as "Reason", f.detail as "Detail", f.raised_at as "RaisedAt"
            from review_flag f where f.entity_kind = 'module' and f.entity_id = @id and f.resolved_at is null order by f.raised_at;

            select count(*)::int from route_via_module where module_id = @id;
            """, new { id = Id });
        var m = await grid.ReadSingleOrDefaultAsync<Summary>();
        if (m is null) return NotFound();
        M = m;
        Qualifications = (await grid.ReadAsync<QualificationRow>()).ToList();
        Mappings = (await grid.ReadAsync<MappingRow>()).ToList();
        Standards = (await grid.ReadAsync<StandardRow>()).ToList();
        Flags = (await grid.ReadAsync<FlagRow>()).ToList();
        Routes = await grid.ReadSingleAsync<int>();
        return Page();
    }
}
