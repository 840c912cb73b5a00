using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Iqf.Admin.Pages.Standards;

/// <summary>
/// The modules mapped to a standard: map one by its code, unmap one. Through its modules a
/// standard is covered by the qualifications that contain them, listed below. The mappings are
/// changed from the standard's side, so each change carries the standard's row version and moves
/// it on: a change made from a page someone else has since changed is a conflict.
/// </summary>
public class EditModulesModel(IqfDbContext db) : PageModel
{
    /// <summary>The add form: a module's code, and the standard's version and load time.</summary>
    public sealed class MappingForm
    {
        public string? ModuleCode { get; set; }
        public uint Version { get; set; }
        public long LoadedAt { get; set; }
    }

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty] public MappingForm Input { get; set; } = new();

    public string Code { get; private set; } = "";
    public string Title { get; private set; } = "";
    public bool Archived { get; private set; }
    public List<StandardCoverage.ModuleRow> Modules { get; private set; } = [];
    public List<StandardCoverage.QualificationRow> Qualifications { get; private set; } = [];
    public List<EditConflict.Change> Conflict { get; private set; } = [];

    private static readonly Dictionary<string, (string Field, string Message)> Constraints = new()
    {
        ["module_standard_pkey"] = ("Input.ModuleCode", "That module was mapped to this standard a moment ago"),
        ["module_standard_module_id_fkey"] = ("Input.ModuleCode", "That module was deleted a moment ago"),
    };

    public async Task<IActionResult> OnGetAsync()
    {
        var standard = await db.OccupationalStandards.AsNoTracking().FirstOrDefaultAsync(s => s.Id == Id);
        if (standard is null) return NotFound();
        Input = new MappingForm { Version = standard.Version, LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection()) };
        await LoadAsync(standard);
        return Page();
    }

    /// <summary>A post that names no action (the page's forms always do) changes nothing.</summary>
    public IActionResult OnPost() => Redirect($"/Standards/EditModules/{Id}");

    public async Task<IActionResult> OnPostAddAsync()
    {
        var standard = await db.OccupationalStandards.FirstOrDefaultAsync(s => s.Id == Id);
        if (standard is null) return NotFound();
        await LoadAsync(standard);
        var code = Input.ModuleCode?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            ModelState.AddModelError("Input.ModuleCode", "Enter the code of the module to map to this standard, for example CCLD 301");
            return Page();
        }
        // Codes are citext in the database: the same code in other capitals is the same module.
        var module = await db.Modules.AsNoTracking().Where(m => m.Code == code).Select(m => new { m.Id, m.Code, m.Title }).FirstOrDefaultAsync();
        if (module is null)
        {
            ModelState.AddModelError("Input.ModuleCode", $"There is no module with code {code}. Check the code, or add the module to a qualification first");
            return Page();
        }
        if (await db.ModuleStandards.AnyAsync(ms => ms.StandardId == Id && ms.ModuleId == module.Id))
        {
            ModelState.AddModelError("Input.ModuleCode", $"{module.Code} is already mapped to this standard");
            return Page();
        }
        db.ModuleStandards.Add(new ModuleStandard { ModuleId = module.Id, StandardId = Id });
        if (!await SaveWithStandardAsync(standard)) return Page();
        TempData["Success"] = $"Mapped {module.Code} {module.Title} to this standard";
        return Redirect($"/Standards/EditModules/{Id}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(long moduleId)
    {
        var standard = await db.OccupationalStandards.FirstOrDefaultAsync(s => s.Id == Id);
        if (standard is null) return NotFound();
        var mapping = await db.ModuleStandards.FirstOrDefaultAsync(ms => ms.StandardId == Id && ms.ModuleId == moduleId);
        var module = await db.Modules.AsNoTracking().Where(m => m.Id == moduleId).Select(m => new { m.Code, m.Title }).FirstOrDefaultAsync();
        // Removing leaves the add form empty, ready for a new code.
        Input = new MappingForm { Version = Input.Version, LoadedAt = Input.LoadedAt };
        ModelState.Clear();
        if (mapping is null)
        {
            await LoadAsync(standard);
            ModelState.AddModelError("", "That module is not mapped to this standard (any more)");
            return Page();
        }
        db.ModuleStandards.Remove(mapping);
        if (!await SaveWithStandardAsync(standard)) return Page();
        TempData["Success"] = $"Removed {module?.Code} {module?.Title} from this standard";
        return Redirect($"/Standards/EditModules/{Id}");
    }

    /// <summary>Saves the pending mapping change together with an update of the standard that checks and moves its version.</summary>
    private async Task<bool> SaveWithStandardAsync(OccupationalStandard standard)
    {
        db.Entry(standard).Property(x => x.Version).OriginalValue = Input.Version;
        standard.UpdatedAt = DateTimeOffset.UtcNow;
        try
        {
            // One SaveChanges is one transaction: a refused version undoes the mapping change too.
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.OccupationalStandards.AsNoTracking().FirstOrDefaultAsync(s => s.Id == Id);
            if (current is null)
            {
                ModelState.AddModelError("", "This standard was deleted by someone else a moment ago");
                return false;
            }
            Conflict = await StandardConflict.SinceAsync(db.Database.GetDbConnection(), Id, Input.LoadedAt);
            await LoadAsync(current);
            Input.Version = current.Version;
            ModelState.Remove("Input.Version");
            ModelState.AddModelError("", "Someone else changed this standard or its modules after you opened this page. Their changes are listed below; yours has not been saved. Check, then make it again");
            return false;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException pe)
        {
            db.ChangeTracker.Clear();
            EditConflict.AddDatabaseError(ModelState, pe, Constraints);
            var current = await db.OccupationalStandards.AsNoTracking().FirstAsync(s => s.Id == Id);
            await LoadAsync(current);
            return false;
        }
    }

    private async Task LoadAsync(OccupationalStandard standard)
    {
        Code = standard.Code;
        Title = standard.Title;
        Archived = standard.ArchivedAt is not null;
        (Modules, Qualifications) = await StandardCoverage.LoadAsync(db.Database.GetDbConnection(), Id);
    }
}
