using Dapper;
using FluentValidation;
using Iqf.Admin.Web.Lists;
using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Iqf.Admin.Pages.Frameworks;

/// <summary>
/// Adds a level framework (no id) or edits one. A code another framework has is refused with
/// that framework named; a save over someone else's newer change is shown as a conflict.
/// </summary>
public class EditModel(IqfDbContext db, IValidator<FrameworkForm> validator) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public FrameworkForm Input { get; set; } = new();

    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public string? ArchivedNotice { get; private set; }
    public bool IsNew => Id is null;

    private Dictionary<string, (string Field, string Message)> Constraints => new()
    {
        ["level_framework_code_key"] = ("Input.Code", $"A framework with the code {FrameworkForm.StoredCode(Input.Code)} was added a moment ago"),
        ["level_framework_code_check"] = ("Input.Code", "Enter the code as 2 to 32 capital letters, digits and hyphens, starting with a letter"),
        ["level_framework_name_check"] = ("Input.Name", "Enter the framework's name"),
        ["level_framework_check"] = ("Input.ValidTo", "The date it closed must be on or after the date it came into use"),
    };

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is not null)
        {
            var f = await db.LevelFrameworks.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id);
            if (f is null) return NotFound();
            Input = FrameworkForm.From(f);
            if (f.ArchivedAt is not null) ArchivedNotice = "This framework is archived. Saving keeps it archived; restore it from its page.";
        }
        // The database's clock, since it is the one that stamps the history.
        Input.LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? next)
    {
        LevelFramework? f = null;
        if (Id is not null)
        {
            f = await db.LevelFrameworks.FirstOrDefaultAsync(x => x.Id == Id);
            if (f is null) return NotFound();
        }
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        if (!ModelState.IsValid) return Page();

        var code = FrameworkForm.StoredCode(Input.Code)!;
        if (!await CheckAgainstOthersAsync(f, code)) return Page();

        if (f is null)
        {
            f = new LevelFramework();
            db.LevelFrameworks.Add(f);
        }
        else
        {
            // The version the editor started from: EF puts it in the WHERE of the UPDATE.
            db.Entry(f).Property(x => x.Version).OriginalValue = Input.Version;
        }
        f.Code = code;
        f.Name = Input.Name!.Trim();
        f.Description = FrameworkForm.Trimmed(Input.Description);
        f.ValidFrom = FrameworkForm.Date(Input.ValidFrom);
        f.ValidTo = FrameworkForm.Date(Input.ValidTo);

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
            EditConflict.AddDatabaseError(ModelState, pg, Constraints);
            return Page();
        }

        TempData["Success"] = $"{(Id is null ? "Added" : "Saved")} {f.Code} {f.Name}";
        return Redirect(ListLinks.AfterSave("/Frameworks", f.Id, next, ReturnUrl));
    }

    /// <summary>
    /// What only the database knows: whether another framework has this code, and whether
    /// renaming the CAREER framework would cut job roles off from the names of their career
    /// levels (roles hold the level's number and find its name under that code).
    /// </summary>
    private async Task<bool> CheckAgainstOthersAsync(LevelFramework? current, string code)
    {
        var conn = db.Database.GetDbConnection();
        var holder = await conn.QueryFirstOrDefaultAsync<string?>(
            "select code::text || ' ' || name from level_framework where code = @code::citext and id <> @self", new { code, self = Id ?? -1 });
        if (holder is not null) ModelState.AddModelError("Input.Code", $"The code {code} is already used by {holder}");

        if (current is not null && string.Equals(current.Code, LevelUse.CareerFramework, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(code, LevelUse.CareerFramework, StringComparison.OrdinalIgnoreCase))
        {
            var roles = await conn.ExecuteScalarAsync<int>("select count(*)::int from job_role where career_level is not null");
            if (roles > 0)
                ModelState.AddModelError("Input.Code",
                    $"The code must stay {LevelUse.CareerFramework}: {roles} job {(roles == 1 ? "role finds the name of its" : "roles find the names of their")} career level under it");
        }
        return ModelState.IsValid;
    }

    /// <summary>
    /// Someone saved this framework after the editor opened it. Show what they changed, keep the
    /// editor's own values in the form, and move the form's version on so that saving again,
    /// after reading, applies the editor's values on top.
    /// </summary>
    private async Task ShowConflictAsync()
    {
        var current = await EditConflict.ReloadAsync(db, ModelState, db.LevelFrameworks, x => x.Id == Id, "framework");
        if (current is null) return;
        Conflict = await EditConflict.SinceAsync(db.Database.GetDbConnection(), "level_framework", current.Id, Input.LoadedAt);
        Input.Version = current.Version;
    }
}
