using Dapper;
using Iqf.Admin.Security;
using Iqf.Admin.Web.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.CommonCore;

/// <summary>
/// The six Common Core areas with their wording in each version side by side, and how many
/// modules and qualifications are mapped to each. Six fixed rows need no paging; search and the
/// version filter narrow them, and the columns sort.
/// </summary>
public class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(short Id, short Number, int Modules, int ModulesFull, int Qualifications, int QualificationsFull);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    /// <summary>Count only the mappings recorded against this version's wording (its code, e.g. 2010).</summary>
    [BindProperty(SupportsGet = true)] public string? Version { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dir { get; set; }

    public List<Row> Rows { get; private set; } = [];
    public List<Wordings.Version> Versions { get; private set; } = [];
    public ILookup<short, Wordings.Wording> Names { get; private set; } = Enumerable.Empty<Wordings.Wording>().ToLookup(w => w.AreaId);
    /// <summary>Current modules in all, for each area's share.</summary>
    public int AllModules { get; private set; }
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanExport => Roles.AllowedFor(Roles.Policies.Report).Any(User.IsInRole);
    public bool AnyFilter => Q is not null || Version is not null;

    private static readonly Dictionary<string, string> SortColumns = new()
    {
        ["number"] = "a.number",
        ["modules"] = "\"Modules\"",
        ["qualifications"] = "\"Qualifications\"",
    };

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        Versions = await Wordings.VersionsAsync(conn);
        Q = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim()[..Math.Min(Q.Trim().Length, 200)];
        if (Version is not null && Versions.All(v => v.Code != Version))
        {
            ModelState.AddModelError("Version", $"There is no Common Core version {Version}: choose {string.Join(" or ", Versions.Select(v => v.Code))}");
            Version = null;
        }
        if (Sort is null || !SortColumns.ContainsKey(Sort)) Sort = "number";
        if (Dir is not ("asc" or "desc")) Dir = "asc";

        // Archived modules and qualifications are left out, as in every other count.
        using var grid = await conn.QueryMultipleAsync($"""
            with mapped as (
              select mc.area_id, count(*)::int as modules, count(*) filter (where mc.coverage = 'full')::int as full
              from module_common_core mc join module m on m.id = mc.module_id
              join common_core_version v on v.id = mc.version_id
              where m.archived_at is null and (@version::text is null or v.code = @version)
              group by mc.area_id
            ), qualified as (
              select qc.area_id, count(*)::int as qualifications, count(*) filter (where qc.coverage = 'full')::int as full
              from qualification_common_core qc join qualification q on q.id = qc.qualification_id
              join common_core_version v on v.id = qc.version_id
              where q.archived_at is null and (@version::text is null or v.code = @version)
              group by qc.area_id
            )
            select a.id as "Id", a.number as "Number",
                   coalesce(m.modules, 0) as "Modules", coalesce(m.full, 0) as "ModulesFull",
                   coalesce(q.qualifications, 0) as "Qualifications", coalesce(q.full, 0) as "QualificationsFull"
            from common_core_area a
            left join mapped m on m.area_id = a.id
            left join qualified q on q.area_id = a.id
            where @q::text is null
               -- A number finds that area only: every description cites line numbers full of digits.
               or (@q ~ '^[0-9]+$' and a.number::text = @q)
               or (@q !~ '^[0-9]+$' and exists (
                     select 1 from common_core_area_name n where n.area_id = a.id
                     and (search_text(n.name::text) like '%' || search_text(@pattern) || '%'
                          or search_text(coalesce(n.description, '')) like '%' || search_text(@pattern) || '%')))
            order by {SortColumns[Sort]} {Dir}, a.number {Dir};

            {Wordings.Sql};

            select count(*)::int from module where archived_at is null;
            """, new { q = Q, pattern = Q is null ? null : ListSearch.EscapeLike(Q), version = Version, areaId = (int?)null });
        Rows = (await grid.ReadAsync<Row>()).ToList();
        Names = (await grid.ReadAsync<Wordings.Wording>()).ToLookup(w => w.AreaId);
        AllModules = await grid.ReadSingleAsync<int>();
    }
}
