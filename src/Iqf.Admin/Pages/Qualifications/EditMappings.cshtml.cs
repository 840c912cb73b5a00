using Dapper;
using Iqf.Data.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>
/// The Common Core mapping grid: each module of the qualification against the six areas (full,
/// partial or not mapped, with evidence), plus mappings of the qualification as a whole. A
/// module's mapping belongs to the module, so it shows wherever that module is used.
/// </summary>
public class EditMappingsModel(NpgsqlDataSource db) : PageModel
{
    public sealed class Cell
    {
        /// <summary>0 for the qualification as a whole.</summary>
        public long ModuleId { get; set; }
        public short Area { get; set; }
        public string? Coverage { get; set; }
        public string? Evidence { get; set; }
    }

    public sealed record Row(long ModuleId, string Code, string Title, int SharedWith);

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty] public List<Cell> Cells { get; set; } = [];
    [BindProperty] public uint Version { get; set; }
    /// <summary>The list the person came from, carried so that its filters survive the editing.</summary>
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string Title { get; private set; } = "";
    public List<Row> Rows { get; private set; } = [];
    public List<(short Number, string Name)> Areas { get; private set; } = [];

    public Cell CellFor(long moduleId, short area) =>
        Cells.FirstOrDefault(c => c.ModuleId == moduleId && c.Area == area) ?? new Cell { ModuleId = moduleId, Area = area };

    public async Task<IActionResult> OnGetAsync() => await LoadAsync(fromDatabase: true) ? Page() : NotFound();

    /// <param name="next">"continue" stays on the grid; anything else goes back to the qualification's page.</param>
    public async Task<IActionResult> OnPostAsync(string? next)
    {
        var posted = Cells;
        if (!await LoadAsync(fromDatabase: false)) return NotFound();
        Cells = posted;
        var allowed = Rows.Select(r => r.ModuleId).Append(0).ToHashSet();
        for (var i = 0; i < Cells.Count; i++)
        {
            var c = Cells[i];
            if (!allowed.Contains(c.ModuleId) || c.Area is < 1 or > 6)
                ModelState.AddModelError("", "The form named a module or area that is not part of this qualification; reload the page and try again");
            if (c.Coverage is not (null or "" or "full" or "partial"))
                ModelState.AddModelError($"Cells[{i}].Coverage", "Choose full, partial or not mapped");
            if (c.Evidence is { Length: > 2000 })
                ModelState.AddModelError($"Cells[{i}].Evidence", "Evidence must be 2,000 characters or fewer");
            if (string.IsNullOrEmpty(c.Coverage) && !string.IsNullOrWhiteSpace(c.Evidence))
                ModelState.AddModelError($"Cells[{i}].Evidence", "Evidence was given for an area marked as not mapped: choose full or partial, or remove the evidence");
        }
        if (!ModelState.IsValid) return Page();

        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await Actor.SetAsync(conn, tx, "user:" + User.Identity!.Name);
        if (!await ParentVersion.ClaimAsync(conn, tx, Id, Version))
        {
            await tx.RollbackAsync();
            ModelState.Clear();
            ModelState.AddModelError("", "Someone else changed this qualification after you opened this page, so nothing was saved. The grid below is as it is now: make your change again");
            await LoadAsync(fromDatabase: true);
            return Page();
        }
        foreach (var c in Cells)
        {
            var table = c.ModuleId == 0 ? "qualification_common_core" : "module_common_core";
            var owner = c.ModuleId == 0 ? "qualification_id" : "module_id";
            var ownerId = c.ModuleId == 0 ? Id : c.ModuleId;
            if (string.IsNullOrEmpty(c.Coverage))
                await conn.ExecuteAsync($"delete from {table} where {owner} = @ownerId and area_id = (select id from common_core_area where number = @area)",
                    new { ownerId, area = c.Area }, tx);
            else
                // Unchanged cells update nothing, so they leave no history.
                await conn.ExecuteAsync($"""
                    insert into {table} ({owner}, area_id, coverage, version_id, evidence)
                    select @ownerId, a.id, @coverage, v.id, nullif(btrim(@evidence), '')
                    from common_core_area a, common_core_version v where a.number = @area and v.code = '2010'
                    on conflict ({owner}, area_id) do update set coverage = excluded.coverage, evidence = excluded.evidence
                    where ({table}.coverage, {table}.evidence) is distinct from (excluded.coverage, excluded.evidence)
                    """, new { ownerId, area = c.Area, coverage = c.Coverage, evidence = c.Evidence ?? "" }, tx);
        }
        await tx.CommitAsync();
        TempData["Success"] = "Saved the Common Core mappings";
        return Redirect(next == "continue" ? $"/Qualifications/EditMappings/{Id}{EditorNavigation.Carry(ReturnUrl)}" : EditorNavigation.Details(Id, ReturnUrl));
    }

    private async Task<bool> LoadAsync(bool fromDatabase)
    {
        await using var conn = await db.OpenConnectionAsync();
        var q = await conn.QuerySingleOrDefaultAsync<(string Title, long Version)?>(
            "select reference || ' ' || title, xmin::text::bigint from qualification where id = @Id", new { Id });
        if (q is null) return false;
        Title = q.Value.Title;
        if (fromDatabase)
        {
            Version = (uint)q.Value.Version;
            ModelState.Remove(nameof(Version));
        }
        Areas = (await conn.QueryAsync<(short, string)>("""
            select a.number, n.name::text from common_core_area a join common_core_area_name n on n.area_id = a.id
            join common_core_version v on v.id = n.version_id and v.code = '2010' order by a.number
            """)).ToList();
        Rows = (await conn.QueryAsync<Row>("""
            select m.id as "ModuleId", m.code::text as "Code", m.title as "Title",
                   (select count(*)::int from qualification_module o where o.module_id = m.id and o.qualification_id <> @Id) as "SharedWith"
            from qualification_module qm join module m on m.id = qm.module_id where qm.qualification_id = @Id order by qm.position, m.code
            """, new { Id })).ToList();
        if (fromDatabase)
            Cells = (await conn.QueryAsync<Cell>("""
                select mc.module_id as "ModuleId", a.number as "Area", mc.coverage as "Coverage", mc.evidence as "Evidence"
                from qualification_module qm join module_common_core mc on mc.module_id = qm.module_id join common_core_area a on a.id = mc.area_id
                where qm.qualification_id = @Id
                union all
                select 0, a.number, qc.coverage, qc.evidence
                from qualification_common_core qc join common_core_area a on a.id = qc.area_id where qc.qualification_id = @Id
                """, new { Id })).ToList();
        return true;
    }
}
