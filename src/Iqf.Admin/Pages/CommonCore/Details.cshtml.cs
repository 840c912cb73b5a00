using Dapper;
using Iqf.Admin.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.CommonCore;

/// <summary>One Common Core area: its wording in each version, its mappings by level and coverage, and the qualifications mapped to it.</summary>
public class DetailsModel(NpgsqlDataSource db) : PageModel
{
    /// <summary>Mappings of one kind (module or qualification) made against one version's wording.</summary>
    public sealed record MappingCount(string Kind, string Version, int Full, int Partial);
    public sealed record QualificationRow(long Id, string Reference, string Title, string? Coverage, int ModulesMapped, int Modules);

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public short Number { get; private set; }
    public List<Wordings.Version> Versions { get; private set; } = [];
    public Dictionary<short, Wordings.Wording> Names { get; private set; } = [];
    public List<MappingCount> Counts { get; private set; } = [];
    public List<QualificationRow> Qualifications { get; private set; } = [];
    public const int QualificationLimit = 200;
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var number = await conn.ExecuteScalarAsync<short?>("select number from common_core_area where id = @Id", new { Id });
        if (number is null) return NotFound();
        Number = number.Value;
        Versions = await Wordings.VersionsAsync(conn);
        using var grid = await conn.QueryMultipleAsync($"""
            {Wordings.Sql};

            select 'module' as "Kind", v.code as "Version",
                   count(*) filter (where mc.coverage = 'full')::int as "Full", count(*) filter (where mc.coverage = 'partial')::int as "Partial"
            from module_common_core mc join module m on m.id = mc.module_id join common_core_version v on v.id = mc.version_id
            where mc.area_id = @areaId and m.archived_at is null group by v.code
            union all
            select 'qualification', v.code,
                   count(*) filter (where qc.coverage = 'full')::int, count(*) filter (where qc.coverage = 'partial')::int
            from qualification_common_core qc join qualification q on q.id = qc.qualification_id join common_core_version v on v.id = qc.version_id
            where qc.area_id = @areaId and q.archived_at is null group by v.code;

            -- Qualifications mapped to the area as a whole, or through at least one of their modules.
            with whole as (
              select qualification_id, coverage from qualification_common_core where area_id = @areaId
            ), through_modules as (
              select qm.qualification_id, count(*)::int as mapped
              from qualification_module qm join module_common_core mc on mc.module_id = qm.module_id and mc.area_id = @areaId
              group by qm.qualification_id
            )
            select q.id as "Id", q.reference as "Reference", q.title as "Title", w.coverage as "Coverage",
                   coalesce(t.mapped, 0) as "ModulesMapped",
                   (select count(*)::int from qualification_module x where x.qualification_id = q.id) as "Modules"
            from qualification q
            left join whole w on w.qualification_id = q.id
            left join through_modules t on t.qualification_id = q.id
            where q.archived_at is null and (w.qualification_id is not null or t.qualification_id is not null)
            order by q.reference
            limit {QualificationLimit};
            """, new { areaId = Id });
        Names = (await grid.ReadAsync<Wordings.Wording>()).ToDictionary(w => w.VersionId);
        Counts = (await grid.ReadAsync<MappingCount>()).ToList();
        Qualifications = (await grid.ReadAsync<QualificationRow>()).ToList();
        return Page();
    }
}
