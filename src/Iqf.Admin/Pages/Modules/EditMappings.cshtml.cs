using Dapper;
using Iqf.Admin.Web.Records;
using Iqf.Data.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Modules;

/// <summary>
/// A module's Common Core mapping: the six areas, each not mapped, partial or full, in the 2005
/// or 2010 wording, with an evidence note. The same grid the qualification editor shows for each
/// of a qualification's modules (Web/Records/CommonCoreGrid), here for one module on its own. A
/// module's mapping belongs to the module, so it applies in every qualification containing it.
/// </summary>
public class EditMappingsModel(NpgsqlDataSource db) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty] public List<CommonCoreGrid.Cell> Cells { get; set; } = [];
    /// <summary>The module's row version when the form was opened (see <see cref="ClaimAsync"/>).</summary>
    [BindProperty] public uint Version { get; set; }
    [BindProperty] public long LoadedAt { get; set; }

    public string Code { get; private set; } = "";
    public string Title { get; private set; } = "";
    public bool Archived { get; private set; }
    public int SharedWith { get; private set; }
    public List<CommonCoreGrid.Area> Areas { get; private set; } = [];
    public List<string> Versions { get; private set; } = [];
    public List<EditConflict.Change> Conflict { get; private set; } = [];

    public CommonCoreGrid.Table Grid => new("Cells", 0, Code, Areas, Cells, Versions);

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        if (!await LoadAsync(conn, fromDatabase: true)) return NotFound();
        LoadedAt = await EditConflict.NowAsync(conn);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        if (!await LoadAsync(conn, fromDatabase: false)) return NotFound();
        if (!CommonCoreGrid.Validate(Cells, ModelState, "Cells", Versions)) return Page();

        await using var tx = await conn.BeginTransactionAsync();
        await Actor.SetAsync(conn, tx, "user:" + User.Identity!.Name);
        if (!await ClaimAsync(conn, tx))
        {
            await tx.RollbackAsync();
            var current = await conn.ExecuteScalarAsync<long?>("select xmin::text::bigint from module where id = @Id", new { Id });
            if (current is null) return NotFound();
            // Show what others changed, keep this editor's choices in the form, and move the form's
            // version on so that saving again, after reading, applies them on top.
            Conflict = await EditConflict.SinceAsync(conn, "module", Id, LoadedAt,
                new EditConflict.Child("module_common_core", "module_id", "area_id", "Common Core area"));
            Version = (uint)current.Value;
            ModelState.Remove(nameof(Version));
            EditConflict.AddConflictError(ModelState, "module");
            return Page();
        }
        var changed = await CommonCoreGrid.SaveAsync(conn, tx, CommonCoreGrid.Owner.Module, Id, Cells);
        await tx.CommitAsync();
        TempData["Success"] = changed == 0 ? $"Nothing changed in the Common Core mapping of {Code}" : $"Saved the Common Core mapping of {Code}";
        return Redirect($"/Modules/Details/{Id}");
    }

    /// <summary>
    /// Mapping rows are rows of their own, so changing them does not move the module's row
    /// version. The save claims the module first: the claim succeeds only if the version is the
    /// one the editor loaded, and moves it on, so two people mapping the same module (or one
    /// mapping it while another edits it) cannot overwrite each other. Touching updated_at alone
    /// is not a recorded change, so the claim leaves no history of its own.
    /// </summary>
    private async Task<bool> ClaimAsync(NpgsqlConnection conn, NpgsqlTransaction tx) =>
        await conn.ExecuteAsync("update module set updated_at = now() where id = @Id and xmin = @version::text::xid",
            new { Id, version = Version.ToString() }, tx) == 1;

    private async Task<bool> LoadAsync(NpgsqlConnection conn, bool fromDatabase)
    {
        var m = await conn.QuerySingleOrDefaultAsync<(string Code, string Title, bool Archived, long Version, int SharedWith)?>("""
            select code::text, title, archived_at is not null, xmin::text::bigint,
                   (select count(*)::int from qualification_module qm where qm.module_id = module.id)
            from module where id = @Id
            """, new { Id });
        if (m is null) return false;
        (Code, Title, Archived, SharedWith) = (m.Value.Code, m.Value.Title, m.Value.Archived, m.Value.SharedWith);
        (Areas, Versions) = await CommonCoreGrid.ReferenceAsync(conn);
        if (fromDatabase)
        {
            Version = (uint)m.Value.Version;
            Cells = await CommonCoreGrid.LoadAsync(conn, CommonCoreGrid.Owner.Module, Id);
        }
        return true;
    }
}
