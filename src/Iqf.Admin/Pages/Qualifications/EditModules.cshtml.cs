using Dapper;
using Iqf.Data.Database;
using Iqf.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>
/// A qualification's modules: order, mandatory or optional, group, remove; add an existing
/// module by its code (modules are shared between qualifications) or create a new one.
/// </summary>
public class EditModulesModel(NpgsqlDataSource db) : PageModel
{
    public sealed class Line
    {
        public long ModuleId { get; set; }
        public string Code { get; set; } = "";
        public string Title { get; set; } = "";
        public int Position { get; set; }
        public bool Mandatory { get; set; }
        public string? GroupName { get; set; }
        public bool Remove { get; set; }
        public int SharedWith { get; set; }
    }

    public sealed class NewModule
    {
        public string? Code { get; set; }
        public string? Title { get; set; }
        public string? Framework { get; set; } = "RQF";
        public string? Level { get; set; }
        public string? Credits { get; set; }
        public bool Mandatory { get; set; } = true;
        public string? GroupName { get; set; }
    }

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty] public List<Line> Lines { get; set; } = [];
    [BindProperty] public uint Version { get; set; }
    [BindProperty] public NewModule Add { get; set; } = new();
    public string Title { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    /// <summary>Saves order, mandatory, group and removals of the listed modules.</summary>
    public async Task<IActionResult> OnPostSaveAsync()
    {
        foreach (var (line, i) in Lines.Select((l, i) => (l, i)))
            if (line.GroupName is { Length: > 100 }) ModelState.AddModelError($"Lines[{i}].GroupName", "A group name must be 100 characters or fewer");
        if (!ModelState.IsValid) { await ReloadNamesAsync(); return Page(); }

        return await InTransactionAsync(async (conn, tx) =>
        {
            foreach (var line in Lines)
            {
                if (line.Remove)
                    await conn.ExecuteAsync("delete from qualification_module where qualification_id = @Id and module_id = @m", new { Id, m = line.ModuleId }, tx);
                else
                    await conn.ExecuteAsync("""
                        update qualification_module set position = @p, mandatory = @mandatory, group_name = nullif(btrim(@g), '')
                        where qualification_id = @Id and module_id = @m
                        """, new { Id, m = line.ModuleId, p = Math.Max(0, line.Position), mandatory = line.Mandatory, g = line.GroupName ?? "" }, tx);
            }
            return "Saved the module list";
        });
    }

    /// <summary>Adds a module: an existing one when the code is known, otherwise a new one (which then needs a title).</summary>
    public async Task<IActionResult> OnPostAddAsync()
    {
        var code = Add.Code?.Trim();
        if (string.IsNullOrEmpty(code)) ModelState.AddModelError("Add.Code", "Enter the module code");
        else if (code.Length > 64) ModelState.AddModelError("Add.Code", "A module code must be 64 characters or fewer");
        var levelCodes = LevelSpelling.Parse(Add.Level);
        if (levelCodes is null or { Count: > 1 }) ModelState.AddModelError("Add.Level", "Enter one level: Entry, Entry 1 to Entry 3, or 1 to 8; or leave it empty");
        if (!string.IsNullOrWhiteSpace(Add.Credits) && !(int.TryParse(Add.Credits, out var c) && c >= 0))
            ModelState.AddModelError("Add.Credits", "Credits must be a whole number, 0 or more");
        if (!ModelState.IsValid) { await ReloadNamesAsync(); return Page(); }

        await using var check = await db.OpenConnectionAsync();
        var existing = await check.QuerySingleOrDefaultAsync<(long Id, string Title)?>("select id, title from module where code = @code::citext", new { code });
        if (existing is null && string.IsNullOrWhiteSpace(Add.Title))
        {
            ModelState.AddModelError("Add.Title", $"There is no module {code} yet: enter its title to create it");
            await ReloadNamesAsync();
            return Page();
        }
        int? levelId = null;
        if (levelCodes is { Count: 1 })
        {
            levelId = await check.ExecuteScalarAsync<int?>("select level_id from level_lookup where framework_code = @f::citext and level_code = @l::citext",
                new { f = Add.Framework ?? "RQF", l = levelCodes[0] });
            if (levelId is null)
            {
                ModelState.AddModelError("Add.Level", $"{Add.Framework} has no level {levelCodes[0]}");
                await ReloadNamesAsync();
                return Page();
            }
        }
        if (await check.ExecuteScalarAsync<bool>("select exists (select 1 from qualification_module qm join module m on m.id = qm.module_id where qm.qualification_id = @Id and m.code = @code::citext)", new { Id, code }))
        {
            ModelState.AddModelError("Add.Code", $"Module {code} is already in this qualification");
            await ReloadNamesAsync();
            return Page();
        }

        return await InTransactionAsync(async (conn, tx) =>
        {
            var moduleId = existing?.Id ?? await conn.ExecuteScalarAsync<long>("""
                insert into module (code, title, level_id, credits) values (@code, btrim(@title), @levelId, @credits) returning id
                """, new { code, title = Add.Title, levelId, credits = string.IsNullOrWhiteSpace(Add.Credits) ? (int?)null : int.Parse(Add.Credits) }, tx);
            await conn.ExecuteAsync("""
                insert into qualification_module (qualification_id, module_id, mandatory, group_name, position)
                values (@Id, @moduleId, @mandatory, nullif(btrim(@g), ''), coalesce((select max(position) + 1 from qualification_module where qualification_id = @Id), 0))
                """, new { Id, moduleId, mandatory = Add.Mandatory, g = Add.GroupName ?? "" }, tx);
            return existing is null ? $"Created module {code} and added it" : $"Added module {code} {existing.Value.Title}";
        });
    }

    private async Task<IActionResult> InTransactionAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task<string>> change)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await Actor.SetAsync(conn, tx, "user:" + User.Identity!.Name);
        if (await ParentVersion.CurrentAsync(conn, Id) is null) return NotFound();
        if (!await ParentVersion.ClaimAsync(conn, tx, Id, Version))
        {
            await tx.RollbackAsync();
            // The posted values are stale: show the list as it is now.
            ModelState.Clear();
            ModelState.AddModelError("", "Someone else changed this qualification after you opened this page, so nothing was saved. The list below is as it is now: make your change again");
            await LoadAsync();
            return Page();
        }
        var message = await change(conn, tx);
        await tx.CommitAsync();
        TempData["Success"] = message;
        return Redirect($"/Qualifications/EditModules/{Id}");
    }

    private async Task<bool> LoadAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var q = await conn.QuerySingleOrDefaultAsync<(string Title, long Version)?>(
            "select reference || ' ' || title, xmin::text::bigint from qualification where id = @Id", new { Id });
        if (q is null) return false;
        Title = q.Value.Title;
        Version = (uint)q.Value.Version;
        ModelState.Remove(nameof(Version));
        Lines = (await conn.QueryAsync<Line>("""
            select m.id as "ModuleId", m.code::text as "Code", m.title as "Title", qm.position as "Position", qm.mandatory as "Mandatory",
                   qm.group_name as "GroupName",
                   (select count(*)::int from qualification_module o where o.module_id = m.id and o.qualification_id <> @Id) as "SharedWith"
            from qualification_module qm join module m on m.id = qm.module_id
            where qm.qualification_id = @Id order by qm.position, m.code
            """, new { Id })).ToList();
        return true;
    }

    /// <summary>After a validation error the posted lines are shown again; their codes and titles come from the database.</summary>
    private async Task ReloadNamesAsync()
    {
        var posted = Lines;
        var version = Version;
        await LoadAsync();
        Version = version;
        foreach (var line in Lines)
            if (posted.FirstOrDefault(p => p.ModuleId == line.ModuleId) is { } p)
            {
                line.Position = p.Position;
                line.Mandatory = p.Mandatory;
                line.GroupName = p.GroupName;
                line.Remove = p.Remove;
            }
    }
}
