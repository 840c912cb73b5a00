using Dapper;
using FluentValidation;
using Iqf.Admin.Web.Lists;
using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Iqf.Admin.Pages.Modules;

/// <summary>
/// Adds a module (no id) or edits one. A code another module already has (in any capitals) is
/// refused with that module named; a save over someone else's newer change is shown as a
/// conflict rather than overwriting it. Which qualifications contain the module is edited from
/// each qualification's module list, and its Common Core mapping on EditMappings.
/// </summary>
public class EditModel(IqfDbContext db, IValidator<ModuleForm> validator) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public ModuleForm Input { get; set; } = new();

    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public string? ArchivedNotice { get; private set; }
    public int SharedWith { get; private set; }
    public List<SelectListItem> Levels { get; private set; } = [];
    public bool IsNew => Id is null;

    /// <summary>The database's refusals, by constraint, as messages beside the field they are about.</summary>
    private static readonly Dictionary<string, (string Field, string Message)> Constraints = new()
    {
        ["module_code_key"] = ("Input.Code", "Another module was given this code a moment ago: choose another code, or edit that module"),
        ["module_code_check"] = ("Input.Code", ModuleCode.Problem("")!),
        ["module_title_check"] = ("Input.Title", $"Enter the module's title, {ModuleForm.TitleMaxLength} characters or fewer"),
        ["module_credits_check"] = ("Input.Credits", "Credits must be a whole number, 0 or more"),
        ["module_glh_check"] = ("Input.Glh", "Guided learning hours must be a whole number, 0 or more"),
        ["module_level_id_fkey"] = ("Input.LevelId", "That level was removed a moment ago: select another"),
        ["module_review_interval_months_check"] = ("Input.ReviewIntervalMonths", "The review interval must be a whole number of months from 1 to 120"),
    };

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is not null)
        {
            var m = await db.Modules.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id);
            if (m is null) return NotFound();
            Input = ModuleForm.From(m);
            if (m.ArchivedAt is not null) ArchivedNotice = "This module is archived. Saving keeps it archived; restore it from its page.";
        }
        // The database's clock, since it is the one that stamps the history.
        Input.LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        await LoadListsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? next)
    {
        Module? m = null;
        if (Id is not null)
        {
            m = await db.Modules.FirstOrDefaultAsync(x => x.Id == Id);
            if (m is null) return NotFound();
        }
        await LoadListsAsync();
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        int? levelId = string.IsNullOrWhiteSpace(Input.LevelId) ? null : int.TryParse(Input.LevelId, out var l) ? l : null;
        if (levelId is not null && !Levels.Any(x => x.Value == Input.LevelId!.Trim()))
            ModelState.AddModelError("Input.LevelId", "Select a level from the list");
        if (!ModelState.IsValid) return Page();

        var code = ModuleCode.Normalise(Input.Code)!;
        if (!await CodeIsFreeAsync(code)) return Page();

        if (m is null)
        {
            m = new Module { CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
            db.Modules.Add(m);
        }
        else
        {
            // The version the editor started from: EF puts it in the WHERE of the UPDATE.
            db.Entry(m).Property(x => x.Version).OriginalValue = Input.Version;
        }
        m.Code = code;
        m.Title = Input.Title!.Trim();
        m.Description = ModuleForm.Trimmed(Input.Description);
        m.LevelId = levelId;
        m.Credits = ModuleForm.WholeNumber(Input.Credits);
        m.Glh = ModuleForm.WholeNumber(Input.Glh);
        m.ReviewIntervalMonths = string.IsNullOrWhiteSpace(Input.ReviewIntervalMonths) ? null : short.Parse(Input.ReviewIntervalMonths);

        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            await ShowConflictAsync();
            return Page();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException pg)
        {
            db.ChangeTracker.Clear();
            // Another save slipped in between the check and this one: check again to name the module.
            if (await CodeIsFreeAsync(code)) EditConflict.AddDatabaseError(ModelState, pg, Constraints);
            return Page();
        }

        TempData["Success"] = $"{(Id is null ? "Added" : "Saved")} module {m.Code}";
        return Redirect(ListLinks.AfterSave("/Modules", m.Id, next, ReturnUrl));
    }

    /// <summary>Whether no other module has this code in any capitals; if one does, says which beside the field.</summary>
    private async Task<bool> CodeIsFreeAsync(string code)
    {
        var holder = await db.Database.GetDbConnection().QueryFirstOrDefaultAsync<(string Code, string Title)?>(
            "select code::text, title from module where code = @code::citext and id <> @self", new { code, self = Id ?? -1 });
        if (holder is null) return true;
        ModelState.AddModelError("Input.Code", $"Module {holder.Value.Code} ({holder.Value.Title}) already has this code: codes are unique without regard to capitals. Edit that module, or choose another code");
        return false;
    }

    /// <summary>
    /// Someone saved this module after the editor opened it. Show what they changed (from the
    /// history), keep the editor's own values in the form, and move the form's version on so
    /// that saving again, after reading, applies the editor's values on top.
    /// </summary>
    private async Task ShowConflictAsync()
    {
        var current = await EditConflict.ReloadAsync(db, ModelState, db.Modules, x => x.Id == Id, "module");
        if (current is null) return;
        // Saving the mapping moves the module's version on too (see EditMappings), so its changes are listed as well.
        Conflict = await EditConflict.SinceAsync(db.Database.GetDbConnection(), "module", current.Id, Input.LoadedAt,
            new EditConflict.Child("module_common_core", "module_id", "area_id", "Common Core area"));
        Input.Version = current.Version;
    }

    private async Task LoadListsAsync()
    {
        var conn = db.Database.GetDbConnection();
        var current = Id is null ? null : await db.Modules.Where(x => x.Id == Id).Select(x => x.LevelId).FirstOrDefaultAsync();
        Levels = await ModuleLookups.LevelsAsync(conn, current);
        if (Id is not null)
            SharedWith = await conn.ExecuteScalarAsync<int>("select count(*)::int from qualification_module where module_id = @Id", new { Id });
    }
}
