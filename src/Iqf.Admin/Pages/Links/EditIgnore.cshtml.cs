using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Iqf.Admin.Pages.Links;

/// <summary>
/// Ignore one link (its failures stop being reported: a site that turns checkers away but works
/// for people) or watch it again. A confirmation carrying the row version: if the link changed
/// after the page was opened (someone ignored it already, or the checker found something new),
/// the person sees that and confirms again rather than acting on an old picture.
/// </summary>
public class EditIgnoreModel(IqfDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    /// <summary>What the person confirmed: true to ignore, false to watch again.</summary>
    [BindProperty] public bool Ignore { get; set; }
    [BindProperty] public uint Version { get; set; }
    [BindProperty] public long LoadedAt { get; set; }

    public ExternalLink Link { get; private set; } = null!;
    public List<EditConflict.Change> Conflict { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var link = await db.ExternalLinks.AsNoTracking().FirstOrDefaultAsync(l => l.Id == Id);
        if (link is null) return NotFound();
        Link = link;
        Ignore = !link.Ignored;
        Version = link.Version;
        LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var link = await db.ExternalLinks.FirstOrDefaultAsync(l => l.Id == Id);
        if (link is null) return NotFound();
        Link = link;
        db.Entry(link).Property(x => x.Version).OriginalValue = Version;
        link.Ignored = Ignore;
        // Saved even when the value is already the one asked for, so a stale page is still caught.
        link.UpdatedAt = DateTimeOffset.UtcNow;
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.ExternalLinks.AsNoTracking().FirstOrDefaultAsync(l => l.Id == Id);
            if (current is null)
            {
                TempData["Success"] = "Someone else removed this link a moment ago";
                return Redirect("/Links");
            }
            Link = current;
            Conflict = await LinkConflict.SinceAsync(db.Database.GetDbConnection(), Id, LoadedAt);
            Version = current.Version;
            Ignore = !current.Ignored;
            ModelState.Remove(nameof(Version));
            ModelState.Remove(nameof(Ignore));
            ModelState.AddModelError("", Conflict.Count == 0
                ? "The link checker checked this link after you opened this page. Nothing was changed: look at it again and confirm if you still want to"
                : "Someone else changed this link after you opened this page. Their changes are listed below; nothing was changed: confirm again if you still want to");
            return Page();
        }
        TempData["Success"] = Ignore ? $"Ignored {link.Url}: its failures are no longer reported" : $"Watching {link.Url} again";
        return Redirect($"/Links/Details/{Id}");
    }
}
