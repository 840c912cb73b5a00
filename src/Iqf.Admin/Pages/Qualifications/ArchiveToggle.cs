using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>Archive and Restore: a confirmation page, then a versioned save (a stale confirmation is a conflict).</summary>
public abstract class ArchiveToggleModel(IqfDbContext db) : PageModel
{
    protected abstract bool Archiving { get; }

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty] public uint Version { get; set; }
    public Qualification Q { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        var q = await db.Qualifications.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id);
        if (q is null) return NotFound();
        Q = q;
        Version = q.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var q = await db.Qualifications.FirstOrDefaultAsync(x => x.Id == Id);
        if (q is null) return NotFound();
        Q = q;
        if ((q.ArchivedAt is null) != Archiving)
        {
            TempData["Success"] = $"{q.Reference} was already {(Archiving ? "archived" : "restored")}";
            return Redirect($"/Qualifications/Details/{Id}");
        }
        db.Entry(q).Property(x => x.Version).OriginalValue = Version;
        q.ArchivedAt = Archiving ? DateTimeOffset.UtcNow : null;
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Q = (await db.Qualifications.AsNoTracking().FirstAsync(x => x.Id == Id));
            Version = Q.Version;
            ModelState.Remove(nameof(Version));
            ModelState.AddModelError("", "Someone else changed this qualification after you opened this page. Check it is still the one you mean, then confirm again");
            return Page();
        }
        TempData["Success"] = $"{(Archiving ? "Archived" : "Restored")} {q.Reference} {q.Title}";
        return Redirect($"/Qualifications/Details/{Id}");
    }
}

public class ArchiveModel(IqfDbContext db) : ArchiveToggleModel(db)
{
    protected override bool Archiving => true;
}

public class RestoreModel(IqfDbContext db) : ArchiveToggleModel(db)
{
    protected override bool Archiving => false;
}
