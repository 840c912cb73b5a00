using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Iqf.Admin.Web.Records;

/// <summary>
/// Archive and Restore pages for any curated record: a confirmation page, then a save that
/// carries the row version the person confirmed (a stale confirmation is a conflict). Each kind
/// declares two tiny page models, e.g. <c>class ArchiveModel(IqfDbContext db) : ArchiveToggleModel&lt;Organisation&gt;(db, archiving: true)</c>.
/// </summary>
public abstract class ArchiveToggleModel<T>(IqfDbContext db, bool archiving) : PageModel where T : CuratedRecord
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty] public uint Version { get; set; }
    public T Record { get; private set; } = null!;
    public bool Archiving => archiving;

    /// <summary>Where the record's own page is, e.g. "/Qualifications/Details/5".</summary>
    protected abstract string DetailsPath { get; }
    /// <summary>How the record is named in messages.</summary>
    public abstract string Describe(T record);

    public async Task<IActionResult> OnGetAsync()
    {
        var record = await db.Set<T>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id);
        if (record is null) return NotFound();
        Record = record;
        Version = record.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var record = await db.Set<T>().FirstOrDefaultAsync(x => x.Id == Id);
        if (record is null) return NotFound();
        Record = record;
        if ((record.ArchivedAt is null) != archiving)
        {
            TempData["Success"] = $"{Describe(record)} was already {(archiving ? "archived" : "restored")}";
            return Redirect(DetailsPath);
        }
        db.Entry(record).Property(x => x.Version).OriginalValue = Version;
        record.ArchivedAt = archiving ? DateTimeOffset.UtcNow : null;
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Record = await db.Set<T>().AsNoTracking().FirstAsync(x => x.Id == Id);
            Version = Record.Version;
            ModelState.Remove(nameof(Version));
            ModelState.AddModelError("", "Someone else changed this record after you opened this page. Check it is still the one you mean, then confirm again");
            return Page();
        }
        TempData["Success"] = $"{(archiving ? "Archived" : "Restored")} {Describe(record)}";
        return Redirect(DetailsPath);
    }
}
