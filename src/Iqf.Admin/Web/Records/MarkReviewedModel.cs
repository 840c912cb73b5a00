using Iqf.Admin.Web.Lists;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Iqf.Admin.Web.Records;

/// <summary>"Mark as reviewed" for one record: stamps the reviewer and time (POST only; the button is on the record's page).</summary>
public abstract class MarkReviewedModel<T>(IqfDbContext db, string detailsPath) : PageModel where T : CuratedRecord
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public IActionResult OnGet() => Redirect($"{detailsPath}/{Id}");

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        var changed = await db.Set<T>().Where(r => r.Id == Id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.LastReviewedAt, DateTimeOffset.UtcNow)
            .SetProperty(r => r.LastReviewedBy, User.Identity!.Name));
        if (changed == 0) return NotFound();
        TempData["Success"] = "Marked as reviewed";
        return Redirect(ListLinks.SafeReturnUrl(returnUrl) ?? $"{detailsPath}/{Id}");
    }
}
