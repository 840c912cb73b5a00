using Dapper;
using Iqf.Admin.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Qualifications;

public class DetailsModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Summary(long Id, string Reference, string Title, string Type, string Status, string? AwardingBody, long? AwardingBodyId,
        DateTime? OperationalStart, DateTime? OperationalEnd, DateTime? CertificationEnd, int? Credits, int? Glh, int? Tqt, string? AgeFocus,
        string? SectorSubjectArea, string CommonCoreStatus, string? Notes, DateTime? LastReviewedAt, string? LastReviewedBy,
        short? ReviewIntervalMonths, DateTime CreatedAt, DateTime UpdatedAt, DateTime? ArchivedAt, long Version);
    public sealed record LevelRow(string Framework, string Level, string Name, bool IsPrimary);
    public sealed record ModuleRow(long Id, string Code, string Title, string? Level, bool Mandatory, string? GroupName, string? Areas);
    public sealed record AreaRow(short Number, string Name, string? Coverage, string? Evidence, int ModulesMapping);
    public sealed record RoleRow(long Id, string Title, string Relevance, string Requirement, bool Significant, DateTime? ValidFrom, DateTime? ValidTo);
    public sealed record LinkRow(string Url, string State, string? Purpose);
    public sealed record FlagRow(long Id, string Reason, string? Detail, DateTime RaisedAt);

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public Summary Q { get; private set; } = null!;
    public List<LevelRow> Levels { get; private set; } = [];
    public List<ModuleRow> Modules { get; private set; } = [];
    public List<AreaRow> Areas { get; private set; } = [];
    public List<RoleRow> RoleLinks { get; private set; } = [];
    public List<LinkRow> Links { get; private set; } = [];
    public List<FlagRow> Flags { get; private set; } = [];
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanDelete => User.IsInRole(Roles.Admin);

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        using var grid = await conn.QueryMultipleAsync("""
            select q.id as "Id", q.reference as "Reference", q.title as "Title", q.type as "Type", q.status as "Status",
                   o.name::text as "AwardingBody", q.awarding_body_id as "AwardingBodyId",
                   q.operational_start::timestamp as "OperationalStart", q.operational_end::timestamp as "OperationalEnd",
                   q.certification_end::timestamp as "CertificationEnd", q.credits as "Credits", q.glh as "Glh", q.tqt as "Tqt",
                   q.age_focus as "AgeFocus", s.code || ' ' || s.name as "SectorSubjectArea", q.common_core_status as "CommonCoreStatus",
                   q.notes as "Notes", q.last_reviewed_at as "LastReviewedAt", q.last_reviewed_by as "LastReviewedBy",
                   q.review_interval_months as "ReviewIntervalMonths", q.created_at as "CreatedAt", q.updated_at as "UpdatedAt",
                   q.archived_at as "ArchivedAt", q.xmin::text::bigint as "Version"
            from qualification q left join organisation o on o.id = q.awarding_body_id left join sector_subject_area s on s.id = q.sector_subject_area_id
            where q.id = @id;

            select l.framework_code::text as "Framework", l.level_code::text as "Level", lv.name as "Name", ql.is_primary as "IsPrimary"
            from qualification_level ql join level_lookup l on l.level_id = ql.level_id join level lv on lv.id = l.level_id
            where ql.qualification_id = @id order by ql.is_primary desc, l.framework_code, l.ordinal;

            select m.id as "Id", m.code::text as "Code", m.title as "Title", l.framework_code || ' ' || l.level_code as "Level",
                   qm.mandatory as "Mandatory", qm.group_name as "GroupName",
                   (select string_agg(a.number::text, ', ' order by a.number) from module_common_core mc join common_core_area a on a.id = mc.area_id where mc.module_id = m.id) as "Areas"
            from qualification_module qm join module m on m.id = qm.module_id left join level_lookup l on l.level_id = m.level_id
            where qm.qualification_id = @id order by qm.position, m.code;

            select a.number as "Number", n.name::text as "Name", qc.coverage as "Coverage", qc.evidence as "Evidence",
                   (select count(*)::int from qualification_module qm join module_common_core mc on mc.module_id = qm.module_id
                    where qm.qualification_id = @id and mc.area_id = a.id) as "ModulesMapping"
            from common_core_area a
            join common_core_area_name n on n.area_id = a.id join common_core_version v on v.id = n.version_id and v.code = '2010'
            left join qualification_common_core qc on qc.area_id = a.id and qc.qualification_id = @id
            order by a.number;

            select r.id as "Id", r.title::text as "Title", rq.relevance as "Relevance", rq.requirement as "Requirement", rq.significant as "Significant",
                   rq.valid_from::timestamp as "ValidFrom", rq.valid_to::timestamp as "ValidTo"
            from role_qualification rq join job_role r on r.id = rq.job_role_id where rq.qualification_id = @id order by r.title;

            select e.url as "Url", e.state as "State", lo.purpose as "Purpose"
            from link_owner lo join external_link e on e.id = lo.link_id where lo.qualification_id = @id order by e.url;

            select f.id as "Id", f.reason as "Reason", f.detail as "Detail", f.raised_at as "RaisedAt"
            from review_flag f where f.entity_kind = 'qualification' and f.entity_id = @id and f.resolved_at is null order by f.raised_at;
            """, new { id = Id });
        var q = await grid.ReadSingleOrDefaultAsync<Summary>();
        if (q is null) return NotFound();
        Q = q;
        Levels = (await grid.ReadAsync<LevelRow>()).ToList();
        Modules = (await grid.ReadAsync<ModuleRow>()).ToList();
        Areas = (await grid.ReadAsync<AreaRow>()).ToList();
        RoleLinks = (await grid.ReadAsync<RoleRow>()).ToList();
        Links = (await grid.ReadAsync<LinkRow>()).ToList();
        Flags = (await grid.ReadAsync<FlagRow>()).ToList();
        return Page();
    }
}
