using Dapper;
using FluentValidation;
using Iqf.Admin.Web.Lists;
using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Iqf.Admin.Pages.Standards;

/// <summary>
/// Adds an occupational standard (no id) or edits one. A code another standard has is refused by
/// the database's unique key and shown beside the code with the holder named; a save over someone
/// else's newer change is shown as a conflict rather than overwriting it.
/// </summary>
public class EditModel(IqfDbContext db, IValidator<StandardForm> validator) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    /// <summary>The suite a new standard starts in (from a suite's "Add a standard to this suite").</summary>
    [BindProperty(SupportsGet = true)] public long? Suite { get; set; }
    [BindProperty] public StandardForm Input { get; set; } = new();

    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public string? ArchivedNotice { get; private set; }
    public List<SelectListItem> Suites { get; private set; } = [];
    public bool IsNew => Id is null;
    private long? _currentSuite;

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is not null)
        {
            var s = await db.OccupationalStandards.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id);
            if (s is null) return NotFound();
            Input = StandardForm.From(s);
            _currentSuite = s.SuiteId;
            if (s.ArchivedAt is not null) ArchivedNotice = "This standard is archived. Saving keeps it archived; restore it from its page.";
        }
        else if (Suite is not null && await db.NosSuites.AnyAsync(x => x.Id == Suite && x.ArchivedAt == null))
            Input.SuiteId = Suite;
        // The database's clock, since it is the one that stamps the history.
        Input.LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        await LoadListsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? next)
    {
        OccupationalStandard? s = null;
        if (Id is not null)
        {
            s = await db.OccupationalStandards.FirstOrDefaultAsync(x => x.Id == Id);
            if (s is null) return NotFound();
            _currentSuite = s.SuiteId;
        }
        await LoadListsAsync();
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        // Only a suite offered in the list: a current one, or the one the standard is already in.
        if (Input.SuiteId is { } suite && !Suites.Any(x => x.Value == suite.ToString()))
            ModelState.AddModelError("Input.SuiteId", "Select a suite from the list");
        if (!ModelState.IsValid) return Page();

        if (s is null)
        {
            s = new OccupationalStandard();
            db.OccupationalStandards.Add(s);
        }
        else
        {
            // The version the editor started from: EF puts it in the WHERE of the UPDATE.
            db.Entry(s).Property(x => x.Version).OriginalValue = Input.Version;
        }
        Input.ApplyTo(s);
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
            EditConflict.AddDatabaseError(ModelState, pg, await ConstraintsAsync());
            return Page();
        }

        TempData["Success"] = $"{(Id is null ? "Added" : "Saved")} {s.Code} {s.Title}";
        return Redirect(ListLinks.AfterSave("/Standards", s.Id, next, ReturnUrl));
    }

    /// <summary>The constraints a save can run into, each as the field and message it means.</summary>
    private async Task<Dictionary<string, (string Field, string Message)>> ConstraintsAsync()
    {
        var code = Input.Code!.Trim();
        var holder = await db.Database.GetDbConnection().ExecuteScalarAsync<string?>(
            "select title from occupational_standard where code = @code::citext and id <> @self", new { code, self = Id ?? -1 });
        return new()
        {
            ["occupational_standard_code_key"] = ("Input.Code", holder is null
                ? $"Another standard has the code {code}: codes are unique"
                : $"{code} is already the code of the standard {holder}: codes are unique, whatever their capitals"),
            ["occupational_standard_code_check"] = ("Input.Code", "Enter the standard's code"),
            ["occupational_standard_title_check"] = ("Input.Title", "Enter the standard's title"),
            ["occupational_standard_check"] = ("Input.ReviewDueOn", "The review due date must be after the date it was approved"),
            ["occupational_standard_suite_id_fkey"] = ("Input.SuiteId", "The chosen suite was deleted a moment ago: select another"),
            ["occupational_standard_review_interval_months_check"] = ("Input.ReviewIntervalMonths", FormText.MonthsMessage),
        };
    }

    /// <summary>
    /// Someone saved this standard after the editor opened it. Show what they changed, keep the
    /// editor's own values in the form, and move the form's version on so that saving again,
    /// after reading, applies the editor's values on top.
    /// </summary>
    private async Task ShowConflictAsync()
    {
        var current = await EditConflict.ReloadAsync(db, ModelState, db.OccupationalStandards, x => x.Id == Id, "standard");
        if (current is null) return;
        Conflict = await StandardConflict.SinceAsync(db.Database.GetDbConnection(), current.Id, Input.LoadedAt);
        Input.Version = current.Version;
    }

    private async Task LoadListsAsync()
    {
        var current = _currentSuite;
        Suites = await db.NosSuites.AsNoTracking().Where(x => x.ArchivedAt == null || x.Id == current).OrderBy(x => x.Code)
            .Select(x => new SelectListItem(x.Code + " " + x.Title, x.Id.ToString())).ToListAsync();
    }
}
