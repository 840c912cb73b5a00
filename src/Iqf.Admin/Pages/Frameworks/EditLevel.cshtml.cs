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
/// Adds a level to a framework (?frameworkId=) or edits one (?levelId=). Within a framework a
/// code and an ordinal (its rung on the ladder) belong to one level only; a save over someone
/// else's newer change is shown as a conflict.
/// </summary>
public class EditLevelModel(IqfDbContext db, IValidator<LevelForm> validator) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? FrameworkId { get; set; }
    [BindProperty(SupportsGet = true)] public int? LevelId { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public LevelForm Input { get; set; } = new();

    public LevelFramework Framework { get; private set; } = null!;
    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public bool IsNew => LevelId is null;
    public string Back => ListLinks.SafeReturnUrl(ReturnUrl) ?? $"/Frameworks/Details/{Framework.Id}" + (IsNew ? "#levels" : $"#level-{LevelId}");

    private Dictionary<string, (string Field, string Message)> Constraints => new()
    {
        ["level_framework_id_code_key"] = ("Input.Code", $"{Framework.Code} was given a level {LevelNames.Code(Input.Code)} a moment ago"),
        ["level_framework_id_ordinal_key"] = ("Input.Ordinal", $"Another level of {Framework.Code} took this ordinal a moment ago"),
        ["level_code_check"] = ("Input.Code", "Enter the level as Entry, Entry 1 to Entry 3, or a digit from 0 to 9"),
        ["level_ordinal_check"] = ("Input.Ordinal", "The ordinal must be a whole number from -3 to 9"),
        ["level_name_check"] = ("Input.Name", "Enter the level's name"),
        ["level_framework_id_fkey"] = ("", "The framework was deleted a moment ago, so the level was not saved"),
    };

    public async Task<IActionResult> OnGetAsync()
    {
        var level = await LoadAsync(tracked: false);
        if (Framework is null || (LevelId is not null && level is null)) return NotFound();
        if (level is not null) Input = LevelForm.From(level);
        // The database's clock, since it is the one that stamps the history.
        Input.LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? next)
    {
        var level = await LoadAsync(tracked: true);
        if (Framework is null || (LevelId is not null && level is null)) return NotFound();
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        if (!ModelState.IsValid) return Page();

        var code = LevelNames.Code(Input.Code)!;
        var ordinal = Input.StoredOrdinal(code);
        if (!await CheckAgainstOthersAsync(level, code, ordinal)) return Page();

        if (level is null)
        {
            level = new Level { FrameworkId = Framework.Id };
            db.Levels.Add(level);
        }
        else
        {
            // The version the editor started from: EF puts it in the WHERE of the UPDATE.
            db.Entry(level).Property(x => x.Version).OriginalValue = Input.Version;
        }
        level.Code = code;
        level.Name = Input.Name!.Trim();
        level.Ordinal = ordinal;
        level.Description = FrameworkForm.Trimmed(Input.Description);

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

        TempData["Success"] = $"{(IsNew ? "Added" : "Saved")} {LevelNames.Describe(Framework.Code, level.Code, level.Name)}";
        var carry = ListLinks.SafeReturnUrl(ReturnUrl) is { } r ? "&returnUrl=" + Uri.EscapeDataString(r) : "";
        return Redirect(next switch
        {
            "continue" => $"/Frameworks/EditLevel?levelId={level.Id}{carry}",
            "another" => $"/Frameworks/EditLevel?frameworkId={Framework.Id}{carry}",
            _ => ListLinks.SafeReturnUrl(ReturnUrl) ?? $"/Frameworks/Details/{Framework.Id}#level-{level.Id}",
        });
    }

    /// <summary>The level being edited (null when adding) and its framework; Framework stays null when either is unknown.</summary>
    private async Task<Level?> LoadAsync(bool tracked)
    {
        if (LevelId is not null)
        {
            var levels = tracked ? db.Levels : db.Levels.AsNoTracking();
            var level = await levels.Include(l => l.Framework).FirstOrDefaultAsync(l => l.Id == LevelId);
            if (level is not null) Framework = level.Framework!;
            return level;
        }
        if (FrameworkId is not null) Framework = (await db.LevelFrameworks.AsNoTracking().FirstOrDefaultAsync(f => f.Id == FrameworkId))!;
        return null;
    }

    /// <summary>
    /// What only the database knows: whether another level of this framework has the code or
    /// the ordinal, and whether moving a career level would move the job roles that hold its
    /// number onto another level.
    /// </summary>
    private async Task<bool> CheckAgainstOthersAsync(Level? current, string code, short ordinal)
    {
        var conn = db.Database.GetDbConnection();
        var self = LevelId ?? -1;
        var others = (await conn.QueryAsync<(string Code, string Name, short Ordinal)>(
            "select code::text, name, ordinal from level where framework_id = @framework and id <> @self and (code = @code::citext or ordinal = @ordinal)",
            new { framework = Framework.Id, self, code, ordinal })).ToList();
        if (others.FirstOrDefault(o => string.Equals(o.Code, code, StringComparison.OrdinalIgnoreCase)) is { Code: not null } sameCode)
            ModelState.AddModelError("Input.Code", $"{Framework.Code} already has a level {sameCode.Code} ({sameCode.Name})");
        if (others.FirstOrDefault(o => o.Ordinal == ordinal) is { Code: not null } sameOrdinal)
            ModelState.AddModelError("Input.Ordinal", string.IsNullOrWhiteSpace(Input.Ordinal)
                ? $"Level {code} would go at ordinal {ordinal}, which {Framework.Code} {sameOrdinal.Code} ({sameOrdinal.Name}) already has: give this level another ordinal"
                : $"Ordinal {ordinal} is already that of {Framework.Code} {sameOrdinal.Code} ({sameOrdinal.Name}): each level has its own rung");

        if (current is not null && current.Ordinal != ordinal && string.Equals(Framework.Code, LevelUse.CareerFramework, StringComparison.OrdinalIgnoreCase))
        {
            var roles = await conn.ExecuteScalarAsync<int>("select count(*)::int from job_role where career_level = @ordinal", new { ordinal = current.Ordinal });
            if (roles > 0)
                ModelState.AddModelError("Input.Ordinal",
                    $"The ordinal must stay {current.Ordinal}: {roles} job {(roles == 1 ? "role holds" : "roles hold")} career level {current.Ordinal} by that number");
        }
        return ModelState.IsValid;
    }

    /// <summary>Someone saved this level after the editor opened it: show their changes and keep the editor's values.</summary>
    private async Task ShowConflictAsync()
    {
        var current = await EditConflict.ReloadAsync(db, ModelState, db.Levels, x => x.Id == LevelId, "level");
        if (current is null) return;
        Conflict = await EditConflict.SinceAsync(db.Database.GetDbConnection(), "level", current.Id, Input.LoadedAt);
        Input.Version = current.Version;
    }
}
