using System.Data;
using Dapper;
using FluentValidation;
using Iqf.Admin.Web.Lists;
using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Iqf.Admin.Pages.TakeUpFigures;

/// <summary>
/// Adds a take-up figure (no id) or corrects one. A qualification has at most one figure per
/// academic year and source (the table's unique key): a second is refused beside the year with
/// the existing figure named, and a save over someone else's newer change shows that change.
/// </summary>
public class EditModel(IqfDbContext db, IValidator<TakeUpForm> validator) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public TakeUpForm Input { get; set; } = new();

    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public bool IsNew => Id is null;

    private static readonly Dictionary<string, (string Field, string Message)> Constraints = new()
    {
        ["take_up_qualification_id_year_source_key"] = ("Input.Year", "Someone else entered a figure for this qualification, year and source a moment ago: change that one instead"),
        ["take_up_year_check"] = ("Input.Year", $"Enter the year the academic year starts in, from {TakeUpSearch.FirstYear} to {TakeUpSearch.LastYear}"),
        ["take_up_learners_check"] = ("Input.Learners", "Enter the number of learners as a whole number, 0 or more"),
        ["take_up_source_check"] = ("Input.Source", "Select where the figure comes from"),
        ["take_up_qualification_id_fkey"] = ("Input.Reference", "That qualification was deleted a moment ago"),
    };

    /// <param name="qualification">a reference to start a new figure with, e.g. from the list filtered to one qualification</param>
    public async Task<IActionResult> OnGetAsync(string? qualification)
    {
        if (Id is not null)
        {
            var row = await db.TakeUps.AsNoTracking().Include(t => t.Qualification).FirstOrDefaultAsync(t => t.Id == Id);
            if (row is null) return NotFound();
            Input = TakeUpForm.From(row, row.Qualification!.Reference);
        }
        else
        {
            Input = new TakeUpForm { Reference = QualificationReference.Normalise(qualification) };
        }
        Input.LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? next)
    {
        TakeUp? row = null;
        if (Id is not null)
        {
            row = await db.TakeUps.FirstOrDefaultAsync(t => t.Id == Id);
            if (row is null) return NotFound();
        }
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        if (!ModelState.IsValid) return Page();

        var reference = QualificationReference.Normalise(Input.Reference)!;
        var year = TakeUpForm.ParseYear(Input.Year)!.Value;
        var learners = TakeUpForm.ParseLearners(Input.Learners)!.Value;
        var qualification = await db.Qualifications.AsNoTracking().Where(q => q.Reference == reference)
            .Select(q => new { q.Id, q.Reference }).FirstOrDefaultAsync();
        if (qualification is null)
        {
            ModelState.AddModelError("Input.Reference", $"There is no qualification with reference {reference}. Check the reference, or add the qualification first");
            return Page();
        }
        var clash = await db.TakeUps.AsNoTracking()
            .Where(t => t.QualificationId == qualification.Id && t.Year == year && t.Source == Input.Source && t.Id != (Id ?? 0))
            .Select(t => new { t.Id, t.Learners }).FirstOrDefaultAsync();
        if (clash is not null)
        {
            ModelState.AddModelError("Input.Year",
                $"{reference} already has a figure for {TakeUpSearch.AcademicYear(year)} from {TakeUpSearch.SourceShort(Input.Source!)} ({clash.Learners:N0} learners): change that one instead");
            return Page();
        }

        if (row is null)
        {
            row = new TakeUp();
            db.TakeUps.Add(row);
        }
        else
        {
            // The version the editor started from: EF puts it in the WHERE of the UPDATE.
            db.Entry(row).Property(x => x.Version).OriginalValue = Input.Version;
        }
        row.QualificationId = qualification.Id;
        row.Year = year;
        row.Source = Input.Source!;
        row.Learners = learners;
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

        TempData["Success"] = $"{(Id is null ? "Added" : "Saved")} the take-up of {reference} in {TakeUpSearch.AcademicYear(year)} ({TakeUpSearch.SourceShort(row.Source)}): {learners:N0} learners";
        return Redirect(ListLinks.AfterSave("/TakeUp", row.Id, next, ReturnUrl));
    }

    /// <summary>
    /// Someone saved this figure after the editor opened it. Show what they changed, keep the
    /// editor's values in the form, and move the version on so that saving again applies them on top.
    /// </summary>
    private async Task ShowConflictAsync()
    {
        db.ChangeTracker.Clear();
        var current = await db.TakeUps.AsNoTracking().FirstOrDefaultAsync(t => t.Id == Id);
        if (current is null)
        {
            ModelState.AddModelError("", "This take-up figure was removed by someone else while you were editing it");
            return;
        }
        var conn = db.Database.GetDbConnection();
        var changes = await EditConflict.SinceAsync(conn, "take_up", current.Id, Input.LoadedAt);
        // The qualification is stored by id; people know it by its reference.
        var references = (await conn.QueryAsync<(string Id, string Reference)>(
                "select id::text, reference from qualification where id::text = any (@ids)",
                new { ids = changes.Where(c => c.What == "qualification id" && c.Theirs is not null).Select(c => c.Theirs!).ToArray() }))
            .ToDictionary(x => x.Id, x => x.Reference);
        Conflict = changes.Select(c => c.What == "qualification id"
            ? c with { What = "qualification", Theirs = c.Theirs is not null && references.TryGetValue(c.Theirs, out var r) ? r : c.Theirs }
            : c).ToList();
        Input.Version = current.Version;
        ModelState.Remove("Input.Version");
        EditConflict.AddConflictError(ModelState, "take-up figure");
    }
}
