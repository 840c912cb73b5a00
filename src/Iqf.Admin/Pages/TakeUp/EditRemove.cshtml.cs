using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Iqf.Admin.Pages.TakeUpFigures;

/// <summary>
/// Removes a take-up figure, after a confirmation carrying its row version. Editors may do this
/// (the page name starts with Edit, not Delete): a figure is a plain data row, not a curated
/// record; it has no archived_at to hide it with, nothing references it, and a figure entered
/// twice or for the wrong qualification is corrected by the same people who enter them. The
/// history keeps the removed row, who removed it and when, so nothing goes without trace.
/// </summary>
public class EditRemoveModel(IqfDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty] public uint Version { get; set; }
    [BindProperty] public long LoadedAt { get; set; }

    public TakeUp Figure { get; private set; } = null!;
    public string Reference { get; private set; } = "";
    public List<EditConflict.Change> Conflict { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync(tracked: false)) return NotFound();
        Version = Figure.Version;
        LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync(tracked: true)) return NotFound();
        db.Entry(Figure).Property(x => x.Version).OriginalValue = Version;
        db.TakeUps.Remove(Figure);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            if (!await LoadAsync(tracked: false))
            {
                TempData["Success"] = "Someone else removed this take-up figure a moment ago";
                return Redirect("/TakeUp");
            }
            Conflict = await EditConflict.SinceAsync(db.Database.GetDbConnection(), "take_up", Id, LoadedAt);
            Version = Figure.Version;
            ModelState.Remove(nameof(Version));
            ModelState.AddModelError("", "Someone else changed this figure after you opened this page. Their changes are listed below; nothing was removed: confirm again if you still want to");
            return Page();
        }
        TempData["Success"] = $"Removed the take-up of {Reference} in {TakeUpSearch.AcademicYear(Figure.Year)} ({TakeUpSearch.SourceShort(Figure.Source)}). Its history is kept.";
        return Redirect($"/TakeUp?qualification={Uri.EscapeDataString(Reference)}");
    }

    private async Task<bool> LoadAsync(bool tracked)
    {
        var figure = await (tracked ? db.TakeUps : db.TakeUps.AsNoTracking()).Include(t => t.Qualification).FirstOrDefaultAsync(t => t.Id == Id);
        if (figure is null) return false;
        Figure = figure;
        Reference = figure.Qualification!.Reference;
        return true;
    }
}
