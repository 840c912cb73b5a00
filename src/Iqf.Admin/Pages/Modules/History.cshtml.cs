using Dapper;
using Iqf.Admin.Web.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Modules;

/// <summary>
/// Who changed what and when, field by field, for the module, its Common Core mapping, the
/// standards it maps to and its place in qualifications (added to or removed from one).
/// </summary>
public class HistoryModel(NpgsqlDataSource db) : PageModel
{
    // Rows of these tables carry module_id in their key: they are part of the record's story.
    private static readonly string[] ChildTables = ["module_common_core", "module_standard", "qualification_module"];

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    public string Name { get; private set; } = "";
    public RecordHistory.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        // A deleted module still has its history; its name comes from the last record of it.
        var name = await conn.ExecuteScalarAsync<string?>("select code || ' ' || title from module where id = @Id", new { Id })
                   ?? await RecordHistory.DeletedNameAsync(conn, "module", Id, "(before ->> 'code') || ' ' || (before ->> 'title')");
        if (name is null) return NotFound();
        Name = name;
        var view = await RecordHistory.LoadAsync(conn, "module", Id, "module_id", ChildTables);
        View = view with { ValueLabels = await LabelsAsync(conn, view) };
        return Page();
    }

    /// <summary>Levels, areas, versions, qualifications and standards by name rather than id; one deleted since keeps its id.</summary>
    private static async Task<Dictionary<string, IReadOnlyDictionary<string, string>>> LabelsAsync(NpgsqlConnection conn, RecordHistory.View view)
    {
        var ids = RecordHistory.Ids(view, "level_id", "area_id", "version_id", "qualification_id", "standard_id");
        using var grid = await conn.QueryMultipleAsync("""
            select l.level_id::text, l.framework_code || ' ' || l.level_code from level_lookup l where l.level_id = any (@levels);
            select a.id::text, a.number || '. ' || n.name from common_core_area a
              join common_core_area_name n on n.area_id = a.id join common_core_version v on v.id = n.version_id and v.code = '2010'
              where a.id = any (@areas);
            select id::text, code from common_core_version where id = any (@versions);
            select id::text, reference || ' ' || title from qualification where id = any (@qualifications);
            select id::text, code || ' ' || title from occupational_standard where id = any (@standards);
            """, new
        {
            levels = ids["level_id"].Select(i => (int)i).ToArray(),
            areas = ids["area_id"].Select(i => (short)i).ToArray(),
            versions = ids["version_id"].Select(i => (short)i).ToArray(),
            qualifications = ids["qualification_id"],
            standards = ids["standard_id"],
        });
        var labels = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var field in new[] { "level_id", "area_id", "version_id", "qualification_id", "standard_id" })
            labels[field] = (await grid.ReadAsync<(string Id, string Name)>()).ToDictionary(x => x.Id, x => x.Name);
        return labels;
    }
}
